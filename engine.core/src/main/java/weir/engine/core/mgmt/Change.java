package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.ChangeType;
import weir.engine.api.ObjectType;

/**
 * One add or delete inside a transaction, kept in order for what happens after commit: DELETE_FILTER
 * notifications, change subscriptions and the decision to rewrite the store.
 *
 * @param id the run-time id (filterId, calloutId, providerContextId) or 0
 */
record Change(ObjectType type, ChangeType kind, UUID key, long id, Stored<?> stored) {

    Object object() {
        return stored.object();
    }
}
