package weir.engine.core.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import weir.engine.api.ErrorCode;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;

/**
 * Unregistering is quiescent (a classify in flight finishes before unregister returns, later ones back out),
 * and a forced release — a stopping bundle, a departing whiteboard service — removes every flow context of
 * exactly that registration, each flowDelete once, then lets the key go.
 */
class ReleaseTest {
    private static final Layer STREAM = Layer.STREAM_V4;
    private static final long WAIT_S = 30;

    private final FlowTable flows = new FlowTable();
    private final CalloutTable table = new CalloutTable(flows);

    /** Counts flowDelete per context, thread-safely. */
    static class Counting extends CalloutTableTest.Plain {
        final List<Object> deleted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
            deleted.add(flowContext);
        }
    }

    @Test
    void enterRefusesOnceUnregistered() {
        UUID k = UUID.randomUUID();
        table.register(k, new CalloutTableTest.Plain(), null);
        Registration r = table.lookup(k);
        assertTrue(r.enter());
        r.exit();
        table.unregisterByKey(k);
        assertTrue(r.isClosed());
        assertFalse(r.enter(), "a classify that found the old registration must back out");
        assertEquals(0, r.inFlight());
    }

    @Test
    void unregisterReturnsOnlyAfterTheCallInFlightReturned() throws Exception {
        UUID k = UUID.randomUUID();
        table.register(k, new CalloutTableTest.Plain(), null);
        Registration r = table.lookup(k);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean callReturned = new AtomicBoolean();
        Thread classify = new Thread(() -> {
            assertTrue(r.enter());
            try {
                inside.countDown();
                await(finish);
                callReturned.set(true);
            } finally {
                r.exit();
            }
        });
        classify.start();
        await(inside);
        AtomicBoolean sawReturnedCall = new AtomicBoolean();
        Thread unregister = new Thread(() -> {
            table.unregisterByKey(k);
            sawReturnedCall.set(callReturned.get());
        });
        unregister.start();
        // once the registration is closed the unregistering thread is waiting for the call
        poll(r::isClosed);
        assertNull(table.lookup(k), "out of the table at once: new packets follow the unregistered rule");
        finish.countDown();
        unregister.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        classify.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertFalse(unregister.isAlive());
        assertTrue(sawReturnedCall.get(), "unregister returned while classify was still inside the callout");
    }

    /** A late call of the old callout associates by calloutId: it must not find a new registration there. */
    @Test
    void aNewRegistrationOfTheKeyWaitsUntilTheOldOnesCallsReturned() throws Exception {
        UUID k = UUID.randomUUID();
        Counting old = new Counting();
        Registration r = table.add(k, old, null);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<Object> lateAssociation = new AtomicReference<>();
        long flow = flows.openFlow();
        Thread classify = new Thread(() -> {
            assertTrue(r.enter());
            try {
                inside.countDown();
                await(finish);
                try {
                    flows.associate(flow, STREAM, r.calloutId(), "late");
                    lateAssociation.set("associated");
                } catch (WfpException e) {
                    lateAssociation.set(e.error());
                }
            } finally {
                r.exit();
            }
        });
        classify.start();
        await(inside);
        Thread unregister = new Thread(() -> table.unregisterByKey(k));
        unregister.start();
        poll(r::isClosed);
        Counting fresh = new Counting();
        AtomicReference<Registration> added = new AtomicReference<>();
        Thread register = new Thread(() -> added.set(table.add(k, fresh, null)));
        register.start();
        // the new registration either went through (without the wait) or waits for the old one
        poll(() -> added.get() != null || register.getState() == Thread.State.TIMED_WAITING);
        finish.countDown();
        for (Thread t : new Thread[] {classify, unregister, register}) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        }
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, lateAssociation.get(),
                "the old callout's late association found no registration, not the new one");
        assertNull(flows.context(flow, STREAM, r.calloutId()));
        assertSame(added.get(), table.lookup(k));
        assertTrue(fresh.deleted.isEmpty() && old.deleted.isEmpty());
    }

    /**
     * A stopping bundle's callout may be inside classify when the release starts: that call was made to it, so
     * the context it associates still lands on it, and the release removes it with its one flowDelete.
     */
    @Test
    void aCallInFlightDuringAReleaseStillAssociatesAndItsContextIsDeletedOnce() throws Exception {
        UUID k = UUID.randomUUID();
        Counting c = new Counting();
        Registration r = table.add(k, c, "bundle");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<Object> association = new AtomicReference<>();
        long flow = flows.openFlow();
        Thread classify = new Thread(() -> {
            assertTrue(r.enter());
            try {
                inside.countDown();
                await(finish);
                try {
                    flows.associate(flow, STREAM, r.calloutId(), "in flight");
                    association.set("associated");
                } catch (WfpException e) {
                    association.set(e.error());
                }
            } finally {
                r.exit();
            }
        });
        classify.start();
        await(inside);
        AtomicInteger removed = new AtomicInteger(-1);
        Thread release = new Thread(() -> removed.set(table.release(r)));
        release.start();
        poll(r::isClosed);
        assertFalse(r.enter(), "no new call reaches a callout being released");
        finish.countDown();
        classify.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        release.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertEquals("associated", association.get());
        assertEquals(1, removed.get());
        assertEquals(List.of("in flight"), c.deleted);
        assertNull(flows.context(flow, STREAM, r.calloutId()));
        assertNull(table.lookup(k));
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class,
                () -> flows.associate(flow, STREAM, r.calloutId(), "after")).error());
        flows.closeFlow(flow);
        assertEquals(1, c.deleted.size(), "closing the flow later calls no flowDelete again");
    }

    @Test
    void aCalloutThatBlocksCannotHoldUnregistrationUpForever() throws Exception {
        UUID k = UUID.randomUUID();
        table.register(k, new CalloutTableTest.Plain(), null);
        Registration r = table.lookup(k);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        table.setWarnings(warnings::add);
        table.setUnregisterWait(50, TimeUnit.MILLISECONDS);
        assertTrue(r.enter()); // a call that never returns during this test
        table.unregisterByKey(k);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(k.toString()) && warnings.get(0).contains("must not block"),
                warnings.get(0));
        r.exit();
    }

    @Test
    void releaseRemovesEveryContextOnceAndUnregistersDespiteThem() {
        UUID k = UUID.randomUUID();
        Counting c = new Counting();
        Registration r = table.add(k, c, "bundle");
        long a = flows.openFlow();
        long b = flows.openFlow();
        flows.associate(a, STREAM, r.calloutId(), "a");
        flows.associate(a, Layer.DATAGRAM_DATA_V4, r.calloutId(), "a-datagram");
        flows.associate(b, STREAM, r.calloutId(), "b");
        assertEquals(ErrorCode.DEVICE_BUSY,
                assertThrows(WfpException.class, () -> table.unregisterByKey(k)).error());

        assertEquals(3, table.release(r));

        assertEquals(List.of("a", "a-datagram", "b"), sorted(c.deleted));
        assertNull(table.lookup(k));
        assertEquals(0, r.contexts());
        assertEquals(0, table.release(r), "idempotent: nothing twice");
        flows.closeFlow(a);
        flows.closeFlow(b);
        assertEquals(3, c.deleted.size(), "closing the flows later calls no flowDelete again");
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class,
                () -> flows.associate(flows.openFlow(), STREAM, r.calloutId(), "late")).error());
    }

    @Test
    void releasingAnOldRegistrationLeavesTheNewOneOfTheSameKeyAlone() {
        UUID k = UUID.randomUUID();
        Counting old = new Counting();
        Registration r1 = table.add(k, old, null);
        table.unregisterByKey(k);
        Counting current = new Counting();
        Registration r2 = table.add(k, current, null);
        assertEquals(r1.calloutId(), r2.calloutId(), "a key keeps its id");
        long f = flows.openFlow();
        flows.associate(f, STREAM, r2.calloutId(), "new");

        assertEquals(0, table.release(r1));

        assertSame(r2, table.lookup(k));
        assertEquals("new", flows.context(f, STREAM, r2.calloutId()));
        assertTrue(current.deleted.isEmpty() && old.deleted.isEmpty());
    }

    @Test
    void keyFreedListenersHearUnregisterAndRelease() {
        List<UUID> heard = new ArrayList<>();
        table.onKeyFreed(heard::add);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        table.register(a, new CalloutTableTest.Plain(), null);
        Registration rb = table.add(b, new CalloutTableTest.Plain(), null);
        table.unregisterByKey(a);
        table.release(rb);
        assertEquals(List.of(a, b), heard);
    }

    /** The race the whiteboard lives with: flows open, associate and close while the callout is released. */
    @Test
    void releaseUnderConcurrentAssociateAndCloseCallsFlowDeleteOncePerAssociation() throws Exception {
        for (int round = 0; round < 20; round++) {
            UUID k = UUID.randomUUID();
            AtomicInteger deletes = new AtomicInteger();
            Counting c = new Counting() {
                @Override
                public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                    deletes.incrementAndGet();
                }
            };
            Registration r = table.add(k, c, null);
            AtomicInteger associated = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(2);
            Thread[] workers = new Thread[2];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Thread(() -> {
                    started.countDown();
                    try {
                        for (int i = 0; i < 2000; i++) {
                            long f = flows.openFlow();
                            try {
                                flows.associate(f, STREAM, r.calloutId(), i);
                                associated.incrementAndGet();
                            } catch (WfpException e) {
                                if (e.error() != ErrorCode.CALLOUT_NOT_FOUND) {
                                    throw e;
                                }
                            }
                            if ((i & 3) != 0) {
                                flows.closeFlow(f); // some flows stay open for release to find
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                workers[w].start();
            }
            await(started);
            table.release(r);
            for (Thread t : workers) {
                t.join();
            }
            assertNull(failure.get());
            assertEquals(associated.get(), deletes.get(), "round " + round);
            assertEquals(0, r.contexts());
        }
    }

    private static List<Object> sorted(List<Object> l) {
        List<Object> s = new ArrayList<>(l);
        s.sort(java.util.Comparator.comparing(Object::toString));
        return s;
    }

    private static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(WAIT_S, TimeUnit.SECONDS), "latch not reached within " + WAIT_S + " s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void poll(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within " + WAIT_S + " s");
            Thread.sleep(1);
        }
    }
}
