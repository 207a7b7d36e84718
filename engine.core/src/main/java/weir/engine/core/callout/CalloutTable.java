package weir.engine.core.callout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import weir.engine.api.Callout;
import weir.engine.api.EngineOptions;
import weir.engine.api.ErrorCode;
import weir.engine.api.WfpException;

/**
 * The run-time callout registrations by key and id (copy-on-write, read with one volatile read on the packet
 * path), with D13's failure counting, time budget and quarantine.
 *
 * <p>A key keeps its calloutId for the engine's life ({@link #idOf}): the classifier compiles filters against
 * the id once and finds the current registration, if any, with one array read per call; the management side
 * can show the same id in the callout object. Ids start at 1 (0 means "none").
 *
 * <p>Unregistering is quiescent: it closes the registration (classify backs out from then on, see
 * {@link Registration#enter}), then waits until the classify calls already inside the callout have returned.
 * When it returns, no packet runs through the callout's code any more, so its bundle may stop.
 */
public final class CalloutTable {
    private static final Registration[] NONE = new Registration[1];

    private final FlowTable flows;
    /** Guarded by this. */
    private final Map<UUID, Integer> ids = new HashMap<>();
    /** Guarded by this. */
    private int nextId = 1;
    /** Index = calloutId; replaced, never modified, so one volatile read gives a consistent table. */
    private volatile Registration[] byId = NONE;
    private volatile Map<UUID, Registration> byKey = Map.of();
    private volatile int quarantineThreshold = 5;
    /** D13's time budget per classify call (0: none), and how many calls over it in a row quarantine. */
    private volatile long budgetNanos = TimeUnit.MILLISECONDS.toNanos(EngineOptions.DEFAULT_CALLOUT_BUDGET_MILLIS);
    private volatile int slowCallThreshold = EngineOptions.DEFAULT_CALLOUT_SLOW_CALL_THRESHOLD;
    /** How long unregistering waits for calls in flight and closing flows before it gives up waiting. */
    private volatile long waitNanos = TimeUnit.SECONDS.toNanos(10);
    private volatile Consumer<String> warnings = line -> { };
    private final List<Consumer<UUID>> freedListeners = new CopyOnWriteArrayList<>();
    /**
     * Per key, how many registrations are out of the table with calls in flight (and, for a release, flow
     * contexts) not done yet. A new registration of the same key waits for them: a late call of the old callout associating a
     * flow context by calloutId must not land on the new one. Guarded by this.
     */
    private final Map<UUID, Integer> leaving = new HashMap<>();

    public CalloutTable(FlowTable flows) {
        this.flows = Objects.requireNonNull(flows, "flows");
        flows.attach(this);
    }

    /** The flow table whose contexts keep callouts registered (DEVICE_BUSY). */
    public FlowTable flows() {
        return flows;
    }

    /** The calloutId of a key: the same for every registration of that key. Assigns one on first use. */
    public synchronized int idOf(UUID calloutKey) {
        Objects.requireNonNull(calloutKey, "calloutKey");
        Integer id = ids.get(calloutKey);
        if (id == null) {
            id = nextId++;
            ids.put(calloutKey, id);
        }
        return id;
    }

    /**
     * ALREADY_EXISTS if the key is registered. {@code owner} identifies the registering bundle (may be null).
     * Calls {@link Callout#registered} with the id before any classify can reach the callout.
     */
    public int register(UUID calloutKey, Callout callout, Object owner) {
        return add(calloutKey, callout, owner).calloutId();
    }

    /** As {@link #register}, returning the registration (to release exactly this one later). */
    public synchronized Registration add(UUID calloutKey, Callout callout, Object owner) {
        Objects.requireNonNull(calloutKey, "calloutKey");
        Objects.requireNonNull(callout, "callout");
        awaitLeft(calloutKey);
        if (byKey.containsKey(calloutKey)) {
            throw new WfpException(ErrorCode.ALREADY_EXISTS, "callout " + calloutKey
                    + " is already registered; unregister it first or register under another key");
        }
        int id = idOf(calloutKey);
        Registration r = new Registration(this, calloutKey, id, callout, owner);
        try {
            callout.registered(id);
        } catch (RuntimeException | LinkageError e) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "callout " + calloutKey + ": registered(" + id
                    + ") threw " + e + "; fix the callout", e);
        }
        Registration[] next = byId.length > id ? byId.clone() : Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        next[id] = r;
        Map<UUID, Registration> keys = new HashMap<>(byKey);
        keys.put(calloutKey, r);
        byId = next;
        byKey = Map.copyOf(keys);
        return r;
    }

    /**
     * CALLOUT_NOT_FOUND, DEVICE_BUSY (flows hold contexts). Returns once no classify call is inside the
     * callout any more.
     */
    public void unregisterById(int calloutId) {
        Registration r;
        synchronized (this) {
            r = byId(calloutId);
            if (r == null) {
                throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                        "no callout is registered with id " + calloutId + "; check wfp:callouts for the id");
            }
            detach(r);
        }
        awaitUnregistered(r);
    }

    /** As {@link #unregisterById}, by key. */
    public void unregisterByKey(UUID calloutKey) {
        Registration r;
        synchronized (this) {
            r = lookup(calloutKey);
            if (r == null) {
                throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                        "no callout is registered with key " + calloutKey + "; check wfp:callouts for the key");
            }
            detach(r);
        }
        awaitUnregistered(r);
    }

    /** After {@link #detach}, outside the lock: the calls in flight return, then the key is free. */
    private void awaitUnregistered(Registration r) {
        try {
            quiesce(r, System.nanoTime() + waitNanos);
        } finally {
            left(r);
        }
        freed(r.key());
    }

    /**
     * Rule 26: DEVICE_BUSY while contexts remain; otherwise takes it out of the table and closes it, and counts
     * it as leaving until {@link #awaitUnregistered}. Guarded by this.
     */
    private void detach(Registration r) {
        if (r.isClosed()) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND, "callout " + r.key() + " (id " + r.calloutId()
                    + ") is being unregistered already");
        }
        // associate() counts first and checks retired second; so re-check the count after retiring
        if (r.contexts.get() == 0) {
            r.retired = true;
            if (r.contexts.get() == 0) {
                // out of the table first, then closed: whoever sees it closed also finds it gone
                drop(r);
                r.close();
                leaving.merge(r.key(), 1, Integer::sum);
                return;
            }
            r.retired = false;
        }
        throw new WfpException(ErrorCode.DEVICE_BUSY, "callout " + r.key() + " (id " + r.calloutId() + "): "
                + r.contexts.get() + " flow context(s) still associated; remove them, then unregister again");
    }

    /** Guarded by this. */
    private void drop(Registration r) {
        if (byKey.get(r.key()) != r) {
            return; // already gone (released twice, or replaced after an unregister)
        }
        Registration[] next = byId.clone();
        next[r.calloutId()] = null;
        Map<UUID, Registration> keys = new HashMap<>(byKey);
        keys.remove(r.key());
        byId = next;
        byKey = Map.copyOf(keys);
    }

    /**
     * Unregisters whatever holds it: what a stopping bundle or a departing whiteboard service needs (a WFP
     * driver removes its flow contexts, then unregisters, before it unloads). In that order for the callout:
     * no new classify reaches it; the calls in flight return (an association one of them makes still counts);
     * then no association reaches it and every flow context it still has is removed, each with its one
     * flowDelete (flows closing at the same moment run theirs, and this waits for them too). Idempotent.
     *
     * @return the number of flow contexts this removed
     */
    public int release(Registration r) {
        synchronized (this) {
            if (r.isClosed()) {
                awaitLeft(r.key()); // released already, or being released by another thread: wait for that
                return 0;
            }
            r.close();
            leaving.merge(r.key(), 1, Integer::sum);
        }
        int removed;
        try {
            long deadline = System.nanoTime() + waitNanos;
            // the calls in flight return first: a context one of them associates meanwhile still lands on this
            // registration (the call was made to it) and is removed below with its flowDelete
            quiesce(r, deadline);
            synchronized (this) {
                r.retired = true;
                drop(r);
            }
            removed = flows.removeAll(r);
            if (!r.awaitContextsReleased(deadline)) {
                warnings.accept("weir: callout " + r.key() + " (id " + r.calloutId() + "): " + r.contexts()
                        + " flowDelete call(s) still running after " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                        + " ms; released anyway. Its flowDelete should return promptly");
            }
        } finally {
            left(r);
        }
        freed(r.key());
        return removed;
    }

    /** The registration has left: a registration of its key waiting in {@link #add} may go on. */
    private synchronized void left(Registration r) {
        if (leaving.merge(r.key(), -1, Integer::sum) == 0) {
            leaving.remove(r.key());
            notifyAll();
        }
    }

    /** Guarded by this: waits (releasing the lock) while a registration of the key is still leaving. */
    private void awaitLeft(UUID key) {
        long deadline = System.nanoTime() + waitNanos;
        while (leaving.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return; // the old one blocks in classify; its quiesce has warned about it
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void quiesce(Registration r, long deadline) {
        if (!r.awaitIdle(deadline)) {
            warnings.accept("weir: callout " + r.key() + " (id " + r.calloutId() + "): " + r.inFlight()
                    + " classify call(s) still running after " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                    + " ms; unregistered anyway. Its classify must not block");
        }
    }

    private void freed(UUID key) {
        for (Consumer<UUID> l : freedListeners) {
            l.accept(key);
        }
    }

    /** Told the key after each unregistration or release (the whiteboard retries a waiting service). */
    public void onKeyFreed(Consumer<UUID> listener) {
        freedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeKeyFreedListener(Consumer<UUID> listener) {
        freedListeners.remove(listener);
    }

    /** Where one-line warnings go (a callout that blocks its unregistration). */
    public void setWarnings(Consumer<String> sink) {
        warnings = Objects.requireNonNull(sink, "sink");
    }

    /** How long unregistering waits for a callout's calls in flight (tests shorten it). */
    public void setUnregisterWait(long time, TimeUnit unit) {
        waitNanos = unit.toNanos(time);
    }

    /** The registration of a key, or null. */
    public Registration lookup(UUID calloutKey) {
        return calloutKey == null ? null : byKey.get(calloutKey);
    }

    /** The registration with this id, or null: one volatile read and an array read. */
    public Registration byId(int calloutId) {
        Registration[] t = byId;
        return calloutId > 0 && calloutId < t.length ? t[calloutId] : null;
    }

    /** The current registrations by id. */
    public List<Registration> registrations() {
        List<Registration> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparingInt(Registration::calloutId));
        return out;
    }

    /** Lifts a quarantine (wfp:callout-reset). CALLOUT_NOT_FOUND if the key is not registered. */
    public void resetQuarantine(UUID calloutKey) {
        Registration r = lookup(calloutKey);
        if (r == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                    "no callout is registered with key " + calloutKey + "; nothing to reset");
        }
        r.resetQuarantine();
    }

    /** Consecutive failures before quarantine (D13). */
    public void setQuarantineThreshold(int n) {
        if (n < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS,
                    "callout quarantine threshold " + n + " must be at least 1");
        }
        quarantineThreshold = n;
    }

    public int quarantineThreshold() {
        return quarantineThreshold;
    }

    /**
     * D13's time budget: a callout whose classify takes longer than {@code budgetMillis} (0: no budget)
     * {@code slowCallThreshold} times in a row is quarantined. Applies from the next call.
     */
    public void setSlowCallLimits(int budgetMillis, int slowCallThreshold) {
        if (budgetMillis < 0 || slowCallThreshold < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "callout budget " + budgetMillis + " ms must be 0 (none)"
                    + " or more and the slow-call threshold " + slowCallThreshold + " at least 1");
        }
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        this.slowCallThreshold = slowCallThreshold;
    }

    /** The time budget per classify call in nanoseconds, 0 when there is none. */
    public long budgetNanos() {
        return budgetNanos;
    }

    /** Calls over the budget in a row before quarantine. */
    public int slowCallThreshold() {
        return slowCallThreshold;
    }
}
