package weir.engine.core.mgmt;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import weir.engine.api.ChangeType;
import weir.engine.api.Filter;
import weir.engine.api.ObjectChange;
import weir.engine.api.ObjectType;
import weir.engine.api.Subscription;

/**
 * One {@code Fwpm*SubscribeChanges0}: an object type, the change types asked for, for filters an enumeration
 * template, and the callback. Belongs to a session; closed with it.
 */
final class ChangeSubscription implements Subscription {
    private final ChangeDispatcher dispatcher;
    final UUID sessionKey;
    final ObjectType type;
    private final Set<ChangeType> changes;
    private final Predicate<Filter> template;
    private final Consumer<ObjectChange> callback;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    ChangeSubscription(ChangeDispatcher dispatcher, UUID sessionKey, ObjectType type, Set<ChangeType> changes,
            Predicate<Filter> template, Consumer<ObjectChange> callback) {
        this.dispatcher = dispatcher;
        this.sessionKey = sessionKey;
        this.type = type;
        this.changes = changes;
        this.template = template;
        this.callback = callback;
    }

    /** Whether this subscription wants a change made through session {@code origin} (never its own: rule 23). */
    boolean wants(UUID origin, Change c) {
        if (closed || c.type() != type || !changes.contains(c.kind()) || sessionKey.equals(origin)) {
            return false;
        }
        return type != ObjectType.FILTER || template.test((Filter) c.object());
    }

    void deliver(ObjectChange change) {
        if (!closed) {
            callback.accept(change);
        }
    }

    /** Returns true for the first drop, so that it is logged once rather than once per lost change. */
    boolean countDrop() {
        return dropped.getAndIncrement() == 0;
    }

    /** Notifications this subscriber lost because the queue was full (FWP_E_NOTIFICATION_DROPPED). */
    long dropped() {
        return dropped.get();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.remove(this);
    }
}
