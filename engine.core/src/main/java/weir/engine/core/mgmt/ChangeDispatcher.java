package weir.engine.core.mgmt;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import weir.engine.api.ChangeType;
import weir.engine.api.Filter;
import weir.engine.api.ObjectChange;
import weir.engine.api.ObjectType;

/**
 * Delivers change notifications (rule 23) after commit, on one thread of its own, in commit order, so that a
 * slow subscriber never stalls a commit. The queue is bounded: when it is full the notification is dropped
 * and counted against its subscriber — WFP's FWP_E_NOTIFICATION_DROPPED — and the first drop per
 * subscription is logged in one line. A subscriber that lost notifications should enumerate again to resync.
 */
final class ChangeDispatcher implements AutoCloseable {
    static final int DEFAULT_CAPACITY = 4096;

    private final List<ChangeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor;
    private final EngineLog log;
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;

    ChangeDispatcher(int capacity, EngineLog log) {
        this.log = log;
        this.capacity = capacity;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "weir-change-notifications");
                    t.setDaemon(true);
                    return t;
                });
    }

    ChangeSubscription subscribe(UUID sessionKey, ObjectType type, Set<ChangeType> changes, Predicate<Filter> template,
            Consumer<ObjectChange> callback) {
        ChangeSubscription s = new ChangeSubscription(this, sessionKey, type, changes, template, callback);
        subscriptions.add(s);
        return s;
    }

    void remove(ChangeSubscription s) {
        subscriptions.remove(s);
    }

    /** Queues what other sessions' subscriptions want of one committed transaction's changes. */
    void dispatch(UUID origin, List<Change> changes) {
        if (subscriptions.isEmpty()) {
            return;
        }
        for (Change c : changes) {
            ObjectChange oc = new ObjectChange(c.type(), c.kind(), c.key(), c.id());
            for (ChangeSubscription s : subscriptions) {
                if (s.wants(origin, c)) {
                    enqueue(s, oc);
                }
            }
        }
    }

    private void enqueue(ChangeSubscription s, ObjectChange oc) {
        try {
            executor.execute(() -> deliver(s, oc));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
            if (s.countDrop() && !executor.isShutdown()) {
                log.warn("weir: change notifications for a " + s.type + " subscription are being dropped: its"
                        + " queue of " + capacity + " is full"
                        + " (NOTIFICATION_DROPPED); the subscriber is too slow and should enumerate again to resync");
            }
        }
    }

    private void deliver(ChangeSubscription s, ObjectChange oc) {
        try {
            s.deliver(oc);
        } catch (RuntimeException e) {
            log.warn("weir: a " + s.type + " change subscriber threw " + e + " for " + oc.changeType() + " of "
                    + oc.key() + "; the notification is lost for it, later ones are delivered");
        }
    }

    /** All notifications dropped so far, over all subscriptions. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        subscriptions.clear();
        executor.shutdownNow();
    }
}
