package weir.engine.core.callout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import weir.engine.api.Callout;
import weir.engine.api.ErrorCode;
import weir.engine.api.WfpException;

/**
 * The run-time callout registrations by key and id (copy-on-write, read with one volatile read on the packet
 * path), with D13's failure counting and quarantine.
 *
 * <p>A key keeps its calloutId for the engine's life ({@link #idOf}): the classifier compiles filters against
 * the id once and finds the current registration, if any, with one array read per call; the management side
 * can show the same id in the callout object. Ids start at 1 (0 means "none").
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
    public synchronized int register(UUID calloutKey, Callout callout, Object owner) {
        Objects.requireNonNull(calloutKey, "calloutKey");
        Objects.requireNonNull(callout, "callout");
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
        Registration[] next = byId.length > id ? byId.clone() : java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        next[id] = r;
        Map<UUID, Registration> keys = new HashMap<>(byKey);
        keys.put(calloutKey, r);
        byId = next;
        byKey = Map.copyOf(keys);
        return id;
    }

    /** CALLOUT_NOT_FOUND, DEVICE_BUSY (flows hold contexts). */
    public synchronized void unregisterById(int calloutId) {
        Registration r = byId(calloutId);
        if (r == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                    "no callout is registered with id " + calloutId + "; check wfp:callouts for the id");
        }
        remove(r);
    }

    public synchronized void unregisterByKey(UUID calloutKey) {
        Registration r = lookup(calloutKey);
        if (r == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND,
                    "no callout is registered with key " + calloutKey + "; check wfp:callouts for the key");
        }
        remove(r);
    }

    private void remove(Registration r) {
        // associate() counts first and checks retired second; so re-check the count after retiring
        if (r.contexts.get() == 0) {
            r.retired = true;
            if (r.contexts.get() == 0) {
                Registration[] next = byId.clone();
                next[r.calloutId()] = null;
                Map<UUID, Registration> keys = new HashMap<>(byKey);
                keys.remove(r.key());
                byId = next;
                byKey = Map.copyOf(keys);
                return;
            }
            r.retired = false;
        }
        throw new WfpException(ErrorCode.DEVICE_BUSY, "callout " + r.key() + " (id " + r.calloutId() + "): "
                + r.contexts.get() + " flow context(s) still associated; remove them, then unregister again");
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
}
