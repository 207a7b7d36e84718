package weir.engine.core.callout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import weir.engine.api.ActionType;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;
import weir.engine.api.Verdict;
import weir.engine.api.WfpException;

/**
 * The engine's flow table: flow handles and their callout contexts (rules 26–28).
 *
 * <p>A handle is {@code (generation << 32) | slot}: the slot finds the flow with one array read, the
 * generation (never 0, so no handle is 0) tells a closed flow's handle from its slot's next tenant.
 *
 * <p>No object per flow: a replay of a million one-packet flows kept a million small objects here, which G1
 * promoted and scanned (humongous slot arrays, concurrent-start pauses). Slots live in fixed-size chunks of
 * primitive arrays, allocated once and reused through a free list; a chunk is never copied, so a lock-free
 * write into it is never lost to a growing table. Per slot: its handle word (the handle, or 0 when free, with
 * the {@link #CLOSING} and {@link #PIN} bits), its packed ALE decision, and its contexts (a small
 * copy-on-write array, null while it has none). Readers ({@link #context}, {@link #aleDecision}) take no
 * lock and allocate nothing: they read the handle word, then the value, then the word again, and believe the
 * value only if the word still holds their handle (a slot's next tenant writes only after the word changed,
 * and a word never holds the same handle twice). Opening, closing, associating and removing lock the table;
 * flowDelete runs outside any lock, exactly once per association.
 */
public final class FlowTable implements FlowContexts {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OBJECTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final Assoc[] NO_CONTEXTS = new Assoc[0];

    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK - 1;
    /** Slots stay below this, so that a handle's low word keeps its two top bits for the flags below. */
    static final int MAX_SLOTS = 1 << 30;
    /** In a handle word: the flow is closing (its flowDelete runs); no association is accepted any more. */
    private static final long CLOSING = 1L << 30;
    /** In a handle word: {@link #aleDecided} is writing the ALE decision; the slot cannot be freed meanwhile. */
    private static final long PIN = 1L << 31;
    private static final long FLAGS = CLOSING | PIN;

    /** One association: flow × (layer, callout) → context. */
    private record Assoc(Layer layer, int calloutId, Object context, Registration registration) {
    }

    /** {@value #CHUNK} slots. */
    private static final class Chunk {
        /** [2i]: slot i's handle word; [2i + 1]: its ALE decision, packed by {@link #pack} (0: none yet). */
        final long[] words = new long[CHUNK * 2];
        /** Slot i's {@code Assoc[]}, or null: written under the table's lock, read lock-free. */
        final Object[] contexts = new Object[CHUNK];
    }

    /** Replaced as a whole (never written into) when a chunk is added, so plain reads after the volatile one. */
    private volatile Chunk[] chunks = new Chunk[0];
    /** Guarded by this: free slot indexes, a stack (the most recently freed slot, still in cache, goes first). */
    private int[] free = new int[16];
    private int freeCount;
    private int used;
    private long generation;
    private int open;
    private volatile CalloutTable callouts;

    /** The callout table that owns the registrations contexts belong to (set by its constructor). */
    void attach(CalloutTable table) {
        this.callouts = table;
    }

    @Override
    public synchronized long openFlow() {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == MAX_SLOTS) {
                throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "the flow table holds " + MAX_SLOTS
                        + " open flows, its limit; close flows before opening more");
            }
            slot = used++;
            if ((slot >>> CHUNK_BITS) >= chunks.length) {
                Chunk[] grown = Arrays.copyOf(chunks, chunks.length + 1);
                grown[grown.length - 1] = new Chunk();
                chunks = grown;
            }
        }
        generation++;
        long handle = (generation << 32) | slot;
        long[] w = chunks[slot >>> CHUNK_BITS].words;
        int i = (slot & CHUNK_MASK) << 1;
        // release stores: a reader that sees this tenant's decision sees its handle too (and so rejects it for
        // the previous tenant's handle), and a reader that sees the handle sees the reset decision
        LONGS.setRelease(w, i + 1, 0L);
        LONGS.setRelease(w, i, handle);
        open++;
        return handle;
    }

    @Override
    public void closeFlow(long flowHandle) {
        closeFlow(flowHandle, FlowEndReason.UNKNOWN);
    }

    /**
     * Closes the flow: its contexts get their flowDelete with the reason, and only then is its slot freed, so
     * that {@link #aleDecision} still answers inside flowDelete.
     */
    @Override
    public void closeFlow(long flowHandle, FlowEndReason reason) {
        Chunk c = chunk(flowHandle);
        if (c == null) {
            return;
        }
        int slot = (int) flowHandle;
        int i = slot & CHUNK_MASK;
        Object gone;
        synchronized (this) {
            if (!markClosing(c.words, i << 1, flowHandle)) {
                return; // not open: unknown, closed, or closing in another thread
            }
            gone = c.contexts[i];
            if (gone == null) {
                free(c, i, slot); // no flowDelete to wait for
                return;
            }
            OBJECTS.setRelease(c.contexts, i, null);
        }
        for (Assoc a : (Assoc[]) gone) {
            release(a, reason);
        }
        synchronized (this) {
            free(c, i, slot);
        }
    }

    /** Sets CLOSING on the flow's word, waiting out an {@link #aleDecided} in progress; false if not open. */
    private static boolean markClosing(long[] w, int i, long flowHandle) {
        for (;;) {
            long cur = (long) LONGS.getAcquire(w, i);
            if ((cur & ~FLAGS) != flowHandle || (cur & CLOSING) != 0) {
                return false;
            }
            if ((cur & PIN) != 0) {
                Thread.onSpinWait(); // a few instructions of another thread
                continue;
            }
            if (LONGS.compareAndSet(w, i, cur, cur | CLOSING)) {
                return true;
            }
        }
    }

    /** Guarded by this. */
    private void free(Chunk c, int i, int slot) {
        LONGS.setRelease(c.words, i << 1, 0L);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        open--;
    }

    /**
     * Records a classification at one of the flow's ALE layers as its ALE decision (see
     * {@link FlowContexts#aleDecision}). Lock-free and allocation-free: the packet path calls it. Unknown,
     * closing or closed flows are ignored. The handle word is pinned for the write (one CAS per ALE
     * classification, i.e. per flow, not per packet) so that the slot cannot pass to a next tenant between
     * the check and the write.
     */
    public void aleDecided(long flowHandle, Verdict v) {
        Chunk c = chunk(flowHandle);
        if (c == null) {
            return;
        }
        long[] w = c.words;
        int i = ((int) flowHandle & CHUNK_MASK) << 1;
        for (;;) {
            long cur = (long) LONGS.getAcquire(w, i);
            if (cur == flowHandle) {
                if (LONGS.compareAndSet(w, i, flowHandle, flowHandle | PIN)) {
                    break;
                }
            } else if (cur == (flowHandle | PIN)) {
                Thread.onSpinWait(); // another thread records this flow's decision
            } else {
                return;
            }
        }
        LONGS.setRelease(w, i + 1, pack(v));
        LONGS.setRelease(w, i, flowHandle); // only a PIN holder changes a pinned word
    }

    @Override
    public Decision aleDecision(long flowHandle) {
        Chunk c = chunk(flowHandle);
        if (c == null) {
            return null;
        }
        long[] w = c.words;
        int i = ((int) flowHandle & CHUNK_MASK) << 1;
        if (((long) LONGS.getAcquire(w, i) & ~FLAGS) != flowHandle) {
            return null;
        }
        long p = (long) LONGS.getAcquire(w, i + 1);
        if (p == 0 || ((long) LONGS.getAcquire(w, i) & ~FLAGS) != flowHandle) {
            return null;
        }
        return new Decision((p & 1) != 0 ? ActionType.BLOCK : ActionType.PERMIT, (p & 2) != 0, (p & 4) != 0,
                p >>> 8, (p & 8) != 0, REASONS[(int) (p >>> 4) & 7]);
    }

    private static final DecisionReason[] REASONS = DecisionReason.values();

    /** Bit 0 BLOCK, 1 hard, 2 absorbed, 3 vetoed, 4-6 the reason, 7 always set (so never 0), 8- the filter id. */
    private static long pack(Verdict v) {
        return (v.filterId() << 8) | 0x80 | ((long) v.reason().ordinal() << 4) | (v.vetoed() ? 8 : 0)
                | (v.absorbed() ? 4 : 0) | (v.hard() ? 2 : 0) | (v.isBlock() ? 1 : 0);
    }

    @Override
    public void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        if (context == null) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER,
                    "callout " + calloutId + ": a flow context must not be null; pass the object to keep");
        }
        CalloutTable table = callouts;
        Registration r = table == null ? null : table.byId(calloutId);
        if (r == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                    "no callout is registered with id " + calloutId + "; register the callout before associating");
        }
        if (!r.hasFlowDelete()) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "callout " + r.key() + " (id " + calloutId
                    + ") has no flowDelete, so its flow contexts could never be released; implement flowDelete");
        }
        Chunk c = chunk(flowHandle);
        if (c == null) {
            throw notFound(flowHandle);
        }
        int i = (int) flowHandle & CHUNK_MASK;
        synchronized (this) {
            long word = (long) LONGS.getAcquire(c.words, i << 1);
            if ((word & ~FLAGS) != flowHandle || (word & CLOSING) != 0) {
                throw notFound(flowHandle);
            }
            Assoc[] cur = contextsOf(c, i);
            for (Assoc a : cur) {
                if (a.calloutId == calloutId && a.layer == layer) {
                    throw new WfpException(ErrorCode.OBJECT_NAME_EXISTS, "flow " + Long.toHexString(flowHandle)
                            + " already holds a context of callout " + calloutId + " at " + layer
                            + "; remove it first");
                }
            }
            r.contexts.incrementAndGet();
            if (r.retired) {
                r.contexts.decrementAndGet();
                throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                        "callout " + calloutId + " was unregistered; register it again before associating");
            }
            Assoc[] next = Arrays.copyOf(cur, cur.length + 1);
            next[next.length - 1] = new Assoc(layer, calloutId, context, r);
            OBJECTS.setRelease(c.contexts, i, next);
        }
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        Chunk c = chunk(flowHandle);
        if (c == null) {
            throw notFound(flowHandle);
        }
        int i = (int) flowHandle & CHUNK_MASK;
        Assoc gone = null;
        synchronized (this) {
            if (((long) LONGS.getAcquire(c.words, i << 1) & ~FLAGS) != flowHandle) {
                throw notFound(flowHandle);
            }
            Assoc[] cur = contextsOf(c, i);
            for (int k = 0; k < cur.length; k++) {
                if (cur[k].calloutId == calloutId && cur[k].layer == layer) {
                    gone = cur[k];
                    Assoc[] next = null;
                    if (cur.length > 1) {
                        next = new Assoc[cur.length - 1];
                        System.arraycopy(cur, 0, next, 0, k);
                        System.arraycopy(cur, k + 1, next, k, cur.length - k - 1);
                    }
                    OBJECTS.setRelease(c.contexts, i, next);
                    break;
                }
            }
        }
        if (gone == null) {
            throw new WfpException(ErrorCode.NOT_FOUND, "flow " + Long.toHexString(flowHandle)
                    + " holds no context of callout " + calloutId + " at " + layer + "; nothing to remove");
        }
        release(gone, FlowEndReason.CONTEXT_REMOVED);
    }

    /** Guarded by this. */
    private static Assoc[] contextsOf(Chunk c, int i) {
        Object cur = c.contexts[i];
        return cur == null ? NO_CONTEXTS : (Assoc[]) cur;
    }

    /**
     * Removes every context of one registration from every open flow, each with its flowDelete (rule 27:
     * once per association; a flow closing meanwhile releases its own, never both). The caller has retired
     * the registration first, so no association can be added behind the scan. Matches the registration, not
     * the calloutId: a key keeps its id, and a new registration under it must keep its contexts.
     *
     * @return the number of contexts removed here
     */
    public int removeAll(Registration r) {
        Chunk[] all = chunks;
        int removed = 0;
        List<Assoc> gone = new ArrayList<>();
        for (Chunk c : all) {
            gone.clear();
            // one chunk per lock hold: the packet threads' openFlow/closeFlow interleave with a long scan
            synchronized (this) {
                for (int i = 0; i < CHUNK; i++) {
                    Object o = c.contexts[i];
                    if (o != null) {
                        OBJECTS.setRelease(c.contexts, i, without((Assoc[]) o, r, gone));
                    }
                }
            }
            for (Assoc a : gone) {
                release(a, FlowEndReason.CALLOUT_REMOVED);
                removed++;
            }
        }
        return removed;
    }

    /** {@code cur} without r's associations (added to {@code gone}): cur itself if none, null if none are left. */
    private static Assoc[] without(Assoc[] cur, Registration r, List<Assoc> gone) {
        int keep = 0;
        for (Assoc a : cur) {
            if (a.registration != r) {
                keep++;
            }
        }
        if (keep == cur.length) {
            return cur;
        }
        Assoc[] next = keep == 0 ? null : new Assoc[keep];
        int k = 0;
        for (Assoc a : cur) {
            if (a.registration != r) {
                next[k++] = a;
            } else {
                gone.add(a);
            }
        }
        return next;
    }

    /** flowDelete once; the count drops only after it returned, so unregister stays busy until then. */
    private static void release(Assoc a, FlowEndReason reason) {
        try {
            a.registration.callout().flowDelete(a.layer, a.calloutId, a.context, reason);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            a.registration.flowDeleteFailed(e);
        } finally {
            a.registration.contexts.decrementAndGet();
        }
    }

    @Override
    public Object context(long flowHandle, Layer layer, int calloutId) {
        Chunk c = chunk(flowHandle);
        if (c == null) {
            return null;
        }
        int i = (int) flowHandle & CHUNK_MASK;
        long[] w = c.words;
        if (((long) LONGS.getAcquire(w, i << 1) & ~FLAGS) != flowHandle) {
            return null;
        }
        Object o = OBJECTS.getAcquire(c.contexts, i);
        if (o == null || ((long) LONGS.getAcquire(w, i << 1) & ~FLAGS) != flowHandle) {
            return null;
        }
        Assoc[] cur = (Assoc[]) o;
        for (int k = 0; k < cur.length; k++) {
            Assoc a = cur[k];
            if (a.calloutId == calloutId && a.layer == layer) {
                return a.context;
            }
        }
        return null;
    }

    @Override
    public synchronized int openFlows() {
        return open;
    }

    /** True while any flow holds a context of this callout (unregister is then DEVICE_BUSY). */
    public boolean hasContexts(int calloutId) {
        CalloutTable table = callouts;
        Registration r = table == null ? null : table.byId(calloutId);
        return r != null && r.contexts.get() > 0;
    }

    /** The chunk of a handle's slot, or null when no open flow can have that handle. */
    private Chunk chunk(long handle) {
        if (handle == 0 || (handle & FLAGS) != 0) {
            return null;
        }
        int slot = (int) handle; // below MAX_SLOTS: the flag bits are clear
        Chunk[] all = chunks;
        int n = slot >>> CHUNK_BITS;
        return n < all.length ? all[n] : null;
    }

    private static WfpException notFound(long flowHandle) {
        return new WfpException(ErrorCode.NOT_FOUND,
                "no open flow has handle " + Long.toHexString(flowHandle) + "; open the flow first (or it closed)");
    }
}
