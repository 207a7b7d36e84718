package weir.engine.core.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.Layer;
import weir.engine.api.Verdict;
import weir.engine.api.WfpException;

class FlowTableTest {
    private static final Layer STREAM = Layer.STREAM_V4;

    private final FlowTable flows = new FlowTable();
    private final CalloutTable table = new CalloutTable(flows);
    private final CalloutTableTest.WithFlowDelete owner = new CalloutTableTest.WithFlowDelete();
    private final UUID key = UUID.randomUUID();
    private final int id = table.register(key, owner, null);

    private ErrorCode error(Runnable r) {
        return assertThrows(WfpException.class, r::run).error();
    }

    @Test
    void handlesAreNeverZeroAndNotReused() {
        long a = flows.openFlow();
        flows.closeFlow(a);
        long b = flows.openFlow();
        assertNotEquals(0, a);
        assertNotEquals(0, b);
        assertNotEquals(a, b);
        assertEquals(1, flows.openFlows());
        // the closed handle does not reach the slot's new flow
        flows.associate(b, STREAM, id, "ctx");
        assertNull(flows.context(a, STREAM, id));
        assertEquals("ctx", flows.context(b, STREAM, id));
        assertNull(flows.context(0, STREAM, id));
    }

    @Test
    void rule27_oneContextPerCalloutPerFlow() {
        long f = flows.openFlow();
        flows.associate(f, STREAM, id, "first");
        assertEquals(ErrorCode.OBJECT_NAME_EXISTS, error(() -> flows.associate(f, STREAM, id, "second")));
        assertEquals("first", flows.context(f, STREAM, id));
        // another callout, or another layer, may attach its own
        int other = table.register(UUID.randomUUID(), new CalloutTableTest.WithFlowDelete(), null);
        flows.associate(f, STREAM, other, "other");
        flows.associate(f, Layer.DATAGRAM_DATA_V4, id, "datagram");
        assertEquals("other", flows.context(f, STREAM, other));
        assertEquals("datagram", flows.context(f, Layer.DATAGRAM_DATA_V4, id));
    }

    @Test
    void rule27_associatingNeedsAFlowDeleteAContextAFlowAndACallout() {
        long f = flows.openFlow();
        int noDelete = table.register(UUID.randomUUID(), new CalloutTableTest.Plain(), null);
        assertEquals(ErrorCode.INVALID_PARAMETER, error(() -> flows.associate(f, STREAM, noDelete, "x")));
        assertEquals(ErrorCode.INVALID_PARAMETER, error(() -> flows.associate(f, STREAM, id, null)));
        assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.associate(f + 12345, STREAM, id, "x")));
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, error(() -> flows.associate(f, STREAM, 4242, "x")));
        flows.closeFlow(f);
        assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.associate(f, STREAM, id, "x")));
    }

    @Test
    void rule27_flowDeleteExactlyOncePerAssociation() {
        long f = flows.openFlow();
        long g = flows.openFlow();
        flows.associate(f, STREAM, id, "f");
        flows.associate(g, STREAM, id, "g");
        flows.remove(g, STREAM, id);
        assertEquals(List.of("g"), owner.deleted);
        assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.remove(g, STREAM, id)));
        flows.closeFlow(f);
        flows.closeFlow(f);
        flows.closeFlow(g);
        assertEquals(List.of("g", "f"), owner.deleted);
        assertEquals(0, flows.openFlows());
    }

    @Test
    void rule26_unregisterIsDeviceBusyWhileAFlowHoldsAContext() {
        long f = flows.openFlow();
        flows.associate(f, STREAM, id, "ctx");
        assertTrue(flows.hasContexts(id));
        WfpException e = assertThrows(WfpException.class, () -> table.unregisterByKey(key));
        assertEquals(ErrorCode.DEVICE_BUSY, e.error());
        assertSame(owner, table.lookup(key).callout());
        assertEquals(ErrorCode.DEVICE_BUSY, error(() -> table.unregisterById(id)));
        flows.remove(f, STREAM, id);
        assertEquals(1, owner.deleted.size());
        table.unregisterByKey(key);
        assertNull(table.lookup(key));
        assertTrue(!flows.hasContexts(id));
    }

    @Test
    void flowDeleteExceptionsAreCaughtAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        CalloutTableTest.WithFlowDelete thrower = new CalloutTableTest.WithFlowDelete() {
            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                calls.incrementAndGet();
                throw new IllegalStateException("cannot release " + flowContext);
            }
        };
        UUID k = UUID.randomUUID();
        int tid = table.register(k, thrower, null);
        long f = flows.openFlow();
        flows.associate(f, STREAM, tid, "ctx");
        flows.closeFlow(f);
        assertEquals(1, calls.get());
        assertEquals(1, table.lookup(k).errors());
        assertTrue(table.lookup(k).lastError().contains("cannot release ctx"));
        // the association is gone all the same: unregister succeeds
        table.unregisterByKey(k);
    }

    @Test
    void manyFlowsGrowTheTable() {
        long[] h = new long[1000];
        for (int i = 0; i < h.length; i++) {
            h[i] = flows.openFlow();
            flows.associate(h[i], STREAM, id, i);
        }
        for (int i = 0; i < h.length; i++) {
            assertEquals(i, flows.context(h[i], STREAM, id));
        }
        for (long x : h) {
            flows.closeFlow(x);
        }
        assertEquals(1000, owner.deleted.size());
        assertEquals(0, flows.openFlows());
    }

    @Test
    void concurrentAssociateAndCloseReleaseEveryContextOnce() throws Exception {
        AtomicInteger associated = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        CalloutTableTest.WithFlowDelete counting = new CalloutTableTest.WithFlowDelete() {
            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                released.incrementAndGet();
            }
        };
        int cid = table.register(UUID.randomUUID(), counting, null);
        Thread[] t = new Thread[2];
        for (int n = 0; n < t.length; n++) {
            t[n] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    long f = flows.openFlow();
                    flows.associate(f, STREAM, cid, i);
                    associated.incrementAndGet();
                    if ((i & 1) == 0) {
                        flows.remove(f, STREAM, cid);
                    }
                    flows.closeFlow(f);
                }
            });
            t[n].start();
        }
        for (Thread x : t) {
            x.join();
        }
        assertEquals(associated.get(), released.get());
        assertTrue(!flows.hasContexts(cid));
    }

    @Test
    void aClosedFlowsHandleReachesNothingOfItsSlotsNextTenant() {
        long a = flows.openFlow();
        flows.aleDecided(a, block(7));
        flows.associate(a, STREAM, id, "a");
        flows.closeFlow(a);
        long b = flows.openFlow();
        assertEquals((int) a, (int) b, "the freed slot is handed out again");
        assertNull(flows.aleDecision(b), "the next tenant starts without a decision");
        assertNull(flows.context(b, STREAM, id), "and without contexts");
        flows.aleDecided(a, block(9)); // the closed handle writes nothing
        assertNull(flows.aleDecision(b));
        assertNull(flows.aleDecision(a));
        assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.associate(a, STREAM, id, "late")));
        assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.remove(a, STREAM, id)));
        flows.closeFlow(a); // a no-op: b stays open
        assertEquals(1, flows.openFlows());
        flows.aleDecided(b, block(11));
        assertEquals(11, flows.aleDecision(b).filterId());
        assertEquals(ActionType.BLOCK, flows.aleDecision(b).action());
    }

    @Test
    void insideFlowDeleteTheFlowStillAnswersItsDecisionButTakesNoContext() {
        List<String> seen = new java.util.ArrayList<>();
        long[] flow = new long[1];
        CalloutTableTest.WithFlowDelete asking = new CalloutTableTest.WithFlowDelete() {
            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                seen.add(flowContext + " " + flows.aleDecision(flow[0]).filterId() + " "
                        + flows.context(flow[0], STREAM, calloutId));
                seen.add(String.valueOf(error(() -> flows.associate(flow[0], STREAM, id, "again"))));
            }
        };
        int cid = table.register(UUID.randomUUID(), asking, null);
        flow[0] = flows.openFlow();
        flows.aleDecided(flow[0], block(5));
        flows.associate(flow[0], STREAM, cid, "ctx");
        flows.closeFlow(flow[0]);
        assertEquals(List.of("ctx 5 null", "NOT_FOUND"), seen);
        assertNull(flows.aleDecision(flow[0]), "after flowDelete the slot is free");
        assertEquals(0, flows.openFlows());
    }

    @Test
    void handlesThatNoFlowCouldHaveFindNothing() {
        long f = flows.openFlow();
        for (long h : new long[] {0, -1, f | (1L << 30), f | (1L << 31), f + (1L << 40), (long) Integer.MAX_VALUE}) {
            assertNull(flows.context(h, STREAM, id));
            assertNull(flows.aleDecision(h));
            flows.aleDecided(h, block(3));
            flows.closeFlow(h);
            assertEquals(ErrorCode.NOT_FOUND, error(() -> flows.associate(h, STREAM, id, "x")));
        }
        assertEquals(1, flows.openFlows());
        assertNull(flows.aleDecision(f));
    }

    @Test
    void aMillionOneShotFlowsReuseTheirSlots() {
        // one packet per flow: each flow closes before the next opens, so the table stays at one chunk
        long first = flows.openFlow();
        flows.closeFlow(first);
        for (int i = 0; i < 1_000_000; i++) {
            long h = flows.openFlow();
            flows.aleDecided(h, block(i + 1));
            flows.closeFlow(h);
        }
        long last = flows.openFlow();
        assertEquals((int) first, (int) last);
        assertTrue(last > first);
        assertEquals(1, flows.openFlows());
    }

    @Test
    void unregisteringRemovesTheContextsOfOneRegistrationAcrossChunks() {
        int other = table.register(UUID.randomUUID(), new CalloutTableTest.WithFlowDelete(), null);
        CalloutTableTest.WithFlowDelete gone = new CalloutTableTest.WithFlowDelete();
        UUID k = UUID.randomUUID();
        int g = table.register(k, gone, null);
        long[] h = new long[5000];
        for (int i = 0; i < h.length; i++) {
            h[i] = flows.openFlow();
            flows.associate(h[i], STREAM, other, i);
            if (i % 3 == 0) {
                flows.associate(h[i], STREAM, g, i);
            }
        }
        assertEquals((h.length + 2) / 3, flows.removeAll(table.byId(g)));
        assertEquals((h.length + 2) / 3, gone.deleted.size());
        for (int i = 0; i < h.length; i++) {
            assertNull(flows.context(h[i], STREAM, g));
            assertEquals(i, flows.context(h[i], STREAM, other));
        }
    }

    @Test
    void readersRacingCloseAndReuseNeverSeeAnotherFlowsContext() throws Exception {
        // one thread opens, associates its handle as the context, and closes, again and again (reusing one
        // slot); another reads with a handle it got: it sees its own context or nothing, never another flow's
        long[] current = new long[1];
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                long f = flows.openFlow();
                flows.associate(f, STREAM, id, f);
                flows.aleDecided(f, block(f));
                synchronized (current) {
                    current[0] = f;
                }
                flows.closeFlow(f);
            }
        });
        writer.start();
        int wrong = 0;
        while (writer.isAlive()) {
            long f;
            synchronized (current) {
                f = current[0];
            }
            Object c = flows.context(f, STREAM, id);
            if (c != null && (Long) c != f) {
                wrong++;
            }
            weir.engine.api.Decision d = flows.aleDecision(f);
            if (d != null && d.filterId() != (f & 0x00FFFFFFFFFFFFFFL)) {
                wrong++;
            }
        }
        writer.join();
        assertEquals(0, wrong);
    }

    private static Verdict block(long filterId) {
        return new Block(filterId);
    }

    /** A hard BLOCK by one filter, as classify leaves it. */
    private record Block(long filterId) implements Verdict {
        @Override
        public ActionType action() {
            return ActionType.BLOCK;
        }

        @Override
        public boolean hard() {
            return true;
        }

        @Override
        public boolean absorbed() {
            return false;
        }

        @Override
        public boolean vetoed() {
            return false;
        }

        @Override
        public DecisionReason reason() {
            return DecisionReason.STATIC_FILTER;
        }
    }
}
