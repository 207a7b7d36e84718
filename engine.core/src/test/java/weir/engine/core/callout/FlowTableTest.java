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

import weir.engine.api.ErrorCode;
import weir.engine.api.Layer;
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
}
