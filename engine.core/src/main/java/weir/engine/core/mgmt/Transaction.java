package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.Filter;
import weir.engine.core.callout.Registration;

/**
 * One transaction of one session (explicit, or implicit around a single call). A read-write transaction holds
 * the engine's writer lock from begin to commit or abort; a read-only one reads the state committed when it
 * began and holds nothing.
 */
final class Transaction {
    final Session session;
    final boolean readOnly;
    final boolean implicit;
    final Draft draft;
    /** The adds and deletes, in call order. */
    final List<Change> changes = new ArrayList<>();
    /** Filters whose callout accepted ADD_FILTER in this transaction: they owe a DELETE_FILTER on abort. */
    final List<NotifiedAdd> notifiedAdds = new ArrayList<>();
    /** D4 tie warnings logged so far (a bulk import would otherwise log one line per filter). */
    int tieWarnings;
    int tiesNotLogged;
    private boolean open = true;

    Transaction(Session session, boolean readOnly, boolean implicit, Draft draft) {
        this.session = session;
        this.readOnly = readOnly;
        this.implicit = implicit;
        this.draft = draft;
    }

    boolean isOpen() {
        return open;
    }

    void end() {
        open = false;
    }

    boolean touchesPersistent() {
        for (Change c : changes) {
            if (c.stored().isPersistent()) {
                return true;
            }
        }
        return false;
    }

    /** A filter whose callout accepted its ADD_FILTER, and the registration that accepted it. */
    record NotifiedAdd(Filter filter, Registration registration) {
    }
}
