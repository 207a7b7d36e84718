package weir.engine.core.callout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * generation (never 0, so no handle is 0) tells a closed flow's handle from its slot's next tenant. Each
 * flow keeps its contexts in a small copy-on-write array, so {@link #context} takes no lock and allocates
 * nothing. Opening, closing, associating and removing lock (the table or the one flow); flowDelete runs
 * outside any lock, exactly once per association.
 */
public final class FlowTable implements FlowContexts {
    private static final Assoc[] NO_CONTEXTS = new Assoc[0];

    /** One association: flow × (layer, callout) → context. */
    private record Assoc(Layer layer, int calloutId, Object context, Registration registration) {
    }

    private static final class Flow {
        private static final VarHandle ALE;

        static {
            try {
                ALE = MethodHandles.lookup().findVarHandle(Flow.class, "ale", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long handle;
        volatile Assoc[] contexts = NO_CONTEXTS;
        /** The flow's ALE decision, packed by {@link #pack} (0: none yet), so that recording it allocates nothing. */
        volatile long ale;
        /** Guarded by this flow. */
        boolean closed;

        Flow(long handle) {
            this.handle = handle;
        }
    }

    private volatile AtomicReferenceArray<Flow> slots = new AtomicReferenceArray<>(64);
    /** Guarded by this: free slot indexes, a stack. */
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
            slot = used++;
            if (slot >= slots.length()) {
                AtomicReferenceArray<Flow> old = slots;
                AtomicReferenceArray<Flow> grown = new AtomicReferenceArray<>(old.length() * 2);
                for (int i = 0; i < old.length(); i++) {
                    grown.setPlain(i, old.get(i)); // published as a whole by the volatile write below
                }
                slots = grown;
            }
        }
        generation++;
        long handle = (generation << 32) | slot;
        // release, not volatile: a reader's volatile read of the slot sees the whole Flow (no full fence per flow)
        slots.setRelease(slot, new Flow(handle));
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
        Flow f = flow(flowHandle);
        if (f == null) {
            return;
        }
        Assoc[] gone;
        synchronized (f) {
            if (f.closed) {
                return;
            }
            f.closed = true;
            gone = f.contexts;
            f.contexts = NO_CONTEXTS;
        }
        for (Assoc a : gone) {
            release(a, reason);
        }
        synchronized (this) {
            int slot = (int) flowHandle;
            slots.set(slot, null);
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = slot;
            open--;
        }
    }

    /**
     * Records a classification at one of the flow's ALE layers as its ALE decision (see
     * {@link FlowContexts#aleDecision}). Lock-free and allocation-free: the packet path calls it. Unknown or
     * closed flows are ignored.
     */
    public void aleDecided(long flowHandle, Verdict v) {
        Flow f = flow(flowHandle);
        if (f != null) {
            // a release store, not a volatile one (a full fence at every ALE classification): readers, on the
            // packet thread or in a flowDelete, read it volatile
            Flow.ALE.setRelease(f, pack(v));
        }
    }

    @Override
    public Decision aleDecision(long flowHandle) {
        Flow f = flow(flowHandle);
        long p = f == null ? 0 : f.ale;
        if (p == 0) {
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
        Flow f = flow(flowHandle);
        if (f == null) {
            throw notFound(flowHandle);
        }
        synchronized (f) {
            if (f.closed) {
                throw notFound(flowHandle);
            }
            for (Assoc a : f.contexts) {
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
            Assoc[] next = Arrays.copyOf(f.contexts, f.contexts.length + 1);
            next[next.length - 1] = new Assoc(layer, calloutId, context, r);
            f.contexts = next;
        }
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        Flow f = flow(flowHandle);
        if (f == null) {
            throw notFound(flowHandle);
        }
        Assoc gone = null;
        synchronized (f) {
            Assoc[] cur = f.contexts;
            for (int i = 0; i < cur.length; i++) {
                if (cur[i].calloutId == calloutId && cur[i].layer == layer) {
                    gone = cur[i];
                    Assoc[] next = new Assoc[cur.length - 1];
                    System.arraycopy(cur, 0, next, 0, i);
                    System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                    f.contexts = next;
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

    /**
     * Removes every context of one registration from every open flow, each with its flowDelete (rule 27:
     * once per association; a flow closing meanwhile releases its own, never both). The caller has retired
     * the registration first, so no association can be added behind the scan. Matches the registration, not
     * the calloutId: a key keeps its id, and a new registration under it must keep its contexts.
     *
     * @return the number of contexts removed here
     */
    public int removeAll(Registration r) {
        AtomicReferenceArray<Flow> s = slots;
        int removed = 0;
        for (int i = 0; i < s.length(); i++) {
            Flow f = s.get(i);
            if (f == null) {
                continue;
            }
            Assoc[] gone = NO_CONTEXTS;
            synchronized (f) {
                Assoc[] cur = f.contexts;
                int keep = 0;
                for (Assoc a : cur) {
                    if (a.registration != r) {
                        keep++;
                    }
                }
                if (keep != cur.length) {
                    Assoc[] next = keep == 0 ? NO_CONTEXTS : new Assoc[keep];
                    gone = new Assoc[cur.length - keep];
                    int k = 0;
                    int g = 0;
                    for (Assoc a : cur) {
                        if (a.registration != r) {
                            next[k++] = a;
                        } else {
                            gone[g++] = a;
                        }
                    }
                    f.contexts = next;
                }
            }
            for (Assoc a : gone) {
                release(a, FlowEndReason.CALLOUT_REMOVED);
                removed++;
            }
        }
        return removed;
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
        Flow f = flow(flowHandle);
        if (f == null) {
            return null;
        }
        Assoc[] cur = f.contexts;
        for (int i = 0; i < cur.length; i++) {
            Assoc a = cur[i];
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

    private Flow flow(long handle) {
        if (handle == 0) {
            return null;
        }
        int slot = (int) handle;
        AtomicReferenceArray<Flow> s = slots;
        if (slot < 0 || slot >= s.length()) {
            return null;
        }
        Flow f = s.get(slot);
        return f != null && f.handle == handle ? f : null;
    }

    private static WfpException notFound(long flowHandle) {
        return new WfpException(ErrorCode.NOT_FOUND,
                "no open flow has handle " + Long.toHexString(flowHandle) + "; open the flow first (or it closed)");
    }
}
