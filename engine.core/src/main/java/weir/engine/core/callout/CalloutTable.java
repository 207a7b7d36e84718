package weir.engine.core.callout;

import java.util.List;
import java.util.UUID;

import weir.engine.api.Callout;

/**
 * The run-time callout registrations by key and id (copy-on-write, read with one volatile read on the packet
 * path), with D13's failure counting and quarantine.
 */
public final class CalloutTable {

    public CalloutTable(FlowTable flows) {
        throw new UnsupportedOperationException("TODO");
    }

    /** ALREADY_EXISTS if the key is registered. {@code owner} identifies the registering bundle (may be null). */
    public int register(UUID calloutKey, Callout callout, Object owner) {
        throw new UnsupportedOperationException("TODO");
    }

    /** CALLOUT_NOT_FOUND, DEVICE_BUSY (flows hold contexts). */
    public void unregisterById(int calloutId) {
        throw new UnsupportedOperationException("TODO");
    }

    public void unregisterByKey(UUID calloutKey) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The registration of a key, or null. */
    public Registration lookup(UUID calloutKey) {
        throw new UnsupportedOperationException("TODO");
    }

    public Registration byId(int calloutId) {
        throw new UnsupportedOperationException("TODO");
    }

    public List<Registration> registrations() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Lifts a quarantine (wfp:callout-reset). */
    public void resetQuarantine(UUID calloutKey) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Consecutive failures before quarantine (D13). */
    public void setQuarantineThreshold(int n) {
        throw new UnsupportedOperationException("TODO");
    }
}
