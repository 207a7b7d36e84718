package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.CalloutObject;
import weir.engine.api.ChangeType;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.ObjectChange;
import weir.engine.api.ObjectType;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.Subscription;
import weir.engine.api.WfpException;

/**
 * Rule 23 and Fwpm*SubscribeChanges0: notifications after commit, on their own thread, never about the
 * subscriber's own changes. Notifications are delivered in commit order by one thread, so "this one did not
 * come" is shown by a later one coming first.
 */
class SubscriptionTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private final TestEngine t = new TestEngine();
    private final EngineSession watcher = t.open("watcher");
    private final EngineSession other = t.open("other");
    private final BlockingQueue<ObjectChange> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        t.close();
    }

    private ObjectChange next() throws InterruptedException {
        return seen.take();
    }

    @Test
    void rule23_ownChangesAreNeverNotified() throws Exception {
        watcher.subscribe(ObjectType.FILTER, null, null, seen::add);
        watcher.addFilter(permit("mine", L));
        Filter theirs = other.addFilter(permit("theirs", L));
        ObjectChange c = next();
        assertEquals(new ObjectChange(ObjectType.FILTER, ChangeType.ADD, theirs.filterKey(), theirs.filterId()), c,
                "the first notification is the other session's: the watcher's own add produced none");
    }

    @Test
    void rule23_uncommittedAndAbortedChangesAreNotNotified() throws Exception {
        watcher.subscribe(ObjectType.FILTER, null, null, seen::add);
        other.beginTransaction(false);
        other.addFilter(permit("aborted", L));
        other.abort();
        other.beginTransaction(false);
        Filter committed = other.addFilter(permit("committed", L));
        other.commit();
        assertEquals(committed.filterKey(), next().key());
    }

    @Test
    void subscribingInsideATransactionIsTxnInProgress() {
        watcher.beginTransaction(true);
        WfpException e = assertThrows(WfpException.class,
                () -> watcher.subscribe(ObjectType.FILTER, null, null, seen::add));
        assertEquals(ErrorCode.TXN_IN_PROGRESS, e.error());
        assertEquals(ErrorCode.TXN_IN_PROGRESS,
                assertThrows(WfpException.class, () -> watcher.subscribeNetEvents(x -> { })).error());
        watcher.abort();
    }

    @Test
    void deletesAreNotifiedAndChangeTypesSelect() throws Exception {
        watcher.subscribe(ObjectType.FILTER, null, Set.of(ChangeType.DELETE), seen::add);
        Filter f = other.addFilter(permit("short", L));
        other.deleteFilter(f.filterKey());
        assertEquals(new ObjectChange(ObjectType.FILTER, ChangeType.DELETE, f.filterKey(), f.filterId()), next());
    }

    @Test
    void filterTemplateNarrowsNotifications() throws Exception {
        watcher.subscribe(ObjectType.FILTER, FilterEnumTemplate.layer(Layer.INBOUND_TRANSPORT_V6), null, seen::add);
        other.addFilter(permit("v4", L));
        Filter v6 = other.addFilter(permit("v6", Layer.INBOUND_TRANSPORT_V6));
        assertEquals(v6.filterKey(), next().key());
    }

    @Test
    void everyObjectTypeCanBeWatched() throws Exception {
        for (ObjectType type : ObjectType.values()) {
            watcher.subscribe(type, null, null, seen::add);
        }
        Provider p = other.addProvider(Provider.of(null, "p"));
        ProviderContext c = other.addProviderContext(ProviderContext.of(null, "c", new byte[0]));
        SubLayer sl = other.addSubLayer(SubLayer.of(null, "sl", 3));
        CalloutObject co = other.addCallout(callout("co", L));
        assertEquals(new ObjectChange(ObjectType.PROVIDER, ChangeType.ADD, p.providerKey(), 0), next());
        assertEquals(new ObjectChange(ObjectType.PROVIDER_CONTEXT, ChangeType.ADD, c.providerContextKey(),
                c.providerContextId()), next());
        assertEquals(new ObjectChange(ObjectType.SUBLAYER, ChangeType.ADD, sl.subLayerKey(), 0), next());
        assertEquals(new ObjectChange(ObjectType.CALLOUT, ChangeType.ADD, co.calloutKey(), co.calloutId()), next());
    }

    @Test
    void closedSubscriptionHearsNothingMore() throws Exception {
        Subscription sub = watcher.subscribe(ObjectType.SUBLAYER, null, null, seen::add);
        watcher.subscribe(ObjectType.PROVIDER, null, null, seen::add);
        sub.close();
        other.addSubLayer(SubLayer.of(null, "unheard", 1));
        Provider p = other.addProvider(Provider.of(null, "heard"));
        assertEquals(p.providerKey(), next().key());
    }

    @Test
    void rule21_dynamicSessionCleanupIsNotifiedToOthers() throws Exception {
        watcher.subscribe(ObjectType.FILTER, null, Set.of(ChangeType.DELETE), seen::add);
        EngineSession dyn = t.dynamic("dyn");
        Filter f = dyn.addFilter(permit("dyn", L));
        dyn.close();
        assertEquals(new ObjectChange(ObjectType.FILTER, ChangeType.DELETE, f.filterKey(), f.filterId()), next());
    }

    @Test
    void slowSubscriberDoesNotStallCommits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inCallback = new CountDownLatch(1);
        watcher.subscribe(ObjectType.FILTER, null, null, c -> {
            inCallback.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(c);
        });
        other.addFilter(permit("first", L));
        inCallback.await(); // the notification thread is now stuck in the subscriber
        for (int i = 0; i < 100; i++) {
            other.addFilter(permit("while stuck " + i, L));
        }
        assertEquals(101, other.filters().size(), "every commit went through while the subscriber was stuck");
        release.countDown();
        for (int i = 0; i < 101; i++) {
            next();
        }
    }

    @Test
    void fullQueueDropsAndCountsNotifications() throws Exception {
        TestEngine.Lines log = new TestEngine.Lines();
        ChangeDispatcher d = new ChangeDispatcher(2, log);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inCallback = new CountDownLatch(1);
        ChangeSubscription sub = d.subscribe(UUID.randomUUID(), ObjectType.PROVIDER, Set.of(ChangeType.ADD),
                f -> true, c -> {
                    inCallback.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        Stored<Provider> p = new Stored<>(Provider.of(UUID.randomUUID(), "p"), Lifetime.STATIC, null, null);
        Change add = new Change(ObjectType.PROVIDER, ChangeType.ADD, p.object().providerKey(), 0, p);
        d.dispatch(UUID.randomUUID(), List.of(add));
        inCallback.await();
        d.dispatch(UUID.randomUUID(), List.of(add, add, add, add, add, add, add, add, add));
        assertEquals(7, sub.dropped(), "two wait in the queue, seven do not fit");
        assertEquals(7, d.dropped());
        assertEquals(1, log.warnings.size(), "one line per subscription, not one per lost notification");
        assertTrue(log.warnings.get(0).contains("NOTIFICATION_DROPPED"), log.warnings.get(0));
        release.countDown();
        d.close();
    }
}
