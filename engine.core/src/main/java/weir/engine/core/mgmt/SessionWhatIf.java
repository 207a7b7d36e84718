package weir.engine.core.mgmt;

import weir.engine.api.EngineSession;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.core.classify.WhatIf;

/**
 * A what-if in a session's view ({@code wfp:classify}): the decision a packet would get from the filters that
 * session sees — inside its transaction, its uncommitted changes included — changing no state.
 */
public final class SessionWhatIf {
    private SessionWhatIf() {
    }

    /**
     * @param inTransaction whether the session had a transaction open
     * @param readOnly whether that transaction is read-only (it then sees the state of its begin)
     * @param uncommittedChanges the adds and deletes of the transaction that were evaluated (0 outside one)
     */
    public record Result(WhatIf whatIf, boolean inTransaction, boolean readOnly, int uncommittedChanges) {
    }

    /**
     * Classifies {@code values} at {@code layer} as {@code session} sees the filters.
     *
     * @throws IllegalArgumentException for a session of another engine implementation
     */
    public static Result classify(EngineSession session, Layer layer, IncomingValues values, Metadata metadata) {
        if (!(session instanceof Session s)) {
            throw new IllegalArgumentException("a what-if needs a session of Weir's engine, not "
                    + (session == null ? "null" : session.getClass().getName()));
        }
        return s.whatIf(layer, values, metadata);
    }
}
