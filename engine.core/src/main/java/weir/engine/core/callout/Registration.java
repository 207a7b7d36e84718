package weir.engine.core.callout;

import java.util.UUID;

import weir.engine.api.Callout;

/** One registered callout and its statistics (D13). */
public final class Registration {
    // TODO: key, calloutId, callout, flags, hasFlowDelete, owner; calls, errors, consecutive failures,
    // quarantined, last error, time per call
    public UUID key() {
        throw new UnsupportedOperationException("TODO");
    }

    public int calloutId() {
        throw new UnsupportedOperationException("TODO");
    }

    public Callout callout() {
        throw new UnsupportedOperationException("TODO");
    }
}
