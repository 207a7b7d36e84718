package weir.engine.core.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

class CalloutTableTest {
    private final FlowTable flows = new FlowTable();
    private final CalloutTable table = new CalloutTable(flows);

    /** A callout that does nothing and remembers the id it was given. */
    static class Plain implements Callout {
        final List<Integer> ids = new ArrayList<>();

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public void registered(int calloutId) {
            ids.add(calloutId);
        }
    }

    /** A callout with flowDelete: counts its calls. */
    static class WithFlowDelete extends Plain {
        final List<Object> deleted = new ArrayList<>();

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
            deleted.add(flowContext);
        }
    }

    static final class SubclassOfWithFlowDelete extends WithFlowDelete {
    }

    @Test
    void registerGivesAnIdAndTellsTheCallout() {
        UUID k = UUID.randomUUID();
        Plain c = new Plain();
        int id = table.register(k, c, null);
        assertTrue(id > 0);
        assertEquals(List.of(id), c.ids);
        assertSame(c, table.lookup(k).callout());
        assertSame(table.lookup(k), table.byId(id));
        assertEquals(id, table.idOf(k));
        assertEquals(List.of(table.lookup(k)), table.registrations());
    }

    @Test
    void registeringAKeyTwiceIsAlreadyExists() {
        UUID k = UUID.randomUUID();
        table.register(k, new Plain(), null);
        WfpException e = assertThrows(WfpException.class, () -> table.register(k, new Plain(), null));
        assertEquals(ErrorCode.ALREADY_EXISTS, e.error());
        assertTrue(e.getMessage().contains(k.toString()));
    }

    @Test
    void unregisterByIdAndByKey() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        int ia = table.register(a, new Plain(), null);
        table.register(b, new Plain(), null);
        table.unregisterById(ia);
        assertNull(table.lookup(a));
        assertNull(table.byId(ia));
        table.unregisterByKey(b);
        assertNull(table.lookup(b));
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class, () -> table.unregisterById(ia)).error());
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class, () -> table.unregisterByKey(b)).error());
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class, () -> table.unregisterById(999)).error());
    }

    @Test
    void aKeyKeepsItsIdAcrossRegistrations() {
        UUID k = UUID.randomUUID();
        int before = table.idOf(k);
        int id = table.register(k, new Plain(), null);
        assertEquals(before, id);
        table.unregisterByKey(k);
        assertEquals(id, table.register(k, new Plain(), null));
        assertTrue(table.idOf(UUID.randomUUID()) != id);
    }

    @Test
    void hasFlowDeleteIsTrueOnlyWhenTheClassImplementsIt() {
        Callout lambda = (v, m, d, f, ctx, out) -> { };
        assertFalse(table.byId(table.register(UUID.randomUUID(), lambda, null)).hasFlowDelete());
        assertFalse(table.byId(table.register(UUID.randomUUID(), new Plain(), null)).hasFlowDelete());
        assertTrue(table.byId(table.register(UUID.randomUUID(), new WithFlowDelete(), null)).hasFlowDelete());
        assertTrue(table.byId(table.register(UUID.randomUUID(), new SubclassOfWithFlowDelete(), null)).hasFlowDelete());
    }

    @Test
    void d13_consecutiveFailuresQuarantineAndSuccessResetsTheRun() {
        UUID k = UUID.randomUUID();
        table.register(k, new Plain(), null);
        table.setQuarantineThreshold(3);
        Registration r = table.lookup(k);
        r.failed(new IllegalStateException("boom"), 10, 1, Layer.INBOUND_TRANSPORT_V4);
        r.failed("returned no action", 10, 1, Layer.INBOUND_TRANSPORT_V4);
        r.succeeded(10, 1, Layer.INBOUND_TRANSPORT_V4);
        assertEquals(0, r.consecutiveFailures());
        r.failed(new IllegalStateException("one"), 10, 1, Layer.INBOUND_TRANSPORT_V4);
        r.failed(new IllegalStateException("two"), 10, 1, Layer.INBOUND_TRANSPORT_V4);
        assertFalse(r.quarantined());
        r.failed(new IllegalStateException("three"), 10, 1, Layer.INBOUND_TRANSPORT_V4);
        assertTrue(r.quarantined());
        assertEquals(6, r.calls());
        assertEquals(5, r.errors());
        assertEquals("java.lang.IllegalStateException: three", r.lastError());
        table.resetQuarantine(k);
        assertFalse(r.quarantined());
        assertEquals(0, r.consecutiveFailures());
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND,
                assertThrows(WfpException.class, () -> table.resetQuarantine(UUID.randomUUID())).error());
    }

    @Test
    void d13_reRegisteringClearsQuarantineAndCounters() {
        UUID k = UUID.randomUUID();
        table.register(k, new Plain(), null);
        table.setQuarantineThreshold(1);
        table.lookup(k).failed("x", 1, 1, Layer.INBOUND_TRANSPORT_V4);
        assertTrue(table.lookup(k).quarantined());
        table.unregisterByKey(k);
        table.register(k, new Plain(), null);
        assertFalse(table.lookup(k).quarantined());
        assertEquals(0, table.lookup(k).calls());
        assertEquals("", table.lookup(k).lastError());
    }

    @Test
    void thresholdBelowOneIsOutOfBounds() {
        assertEquals(ErrorCode.OUT_OF_BOUNDS, assertThrows(WfpException.class, () -> table.setQuarantineThreshold(0)).error());
    }

    @Test
    void d13_timePerCallMeanP99AndMax() {
        UUID k = UUID.randomUUID();
        table.register(k, new Plain(), null);
        Registration r = table.lookup(k);
        for (int i = 0; i < 99; i++) {
            r.succeeded(100, 1, Layer.INBOUND_TRANSPORT_V4);
        }
        r.succeeded(1_000_000, 1, Layer.INBOUND_TRANSPORT_V4);
        assertEquals((99 * 100 + 1_000_000) / 100, r.meanNanos());
        assertEquals(1_000_000, r.maxNanos());
        long p99 = r.p99Nanos();
        assertTrue(p99 >= 100 && p99 < 125, "p99 " + p99);
        assertEquals(100, r.statistics().calls());
        assertEquals(p99, r.statistics().p99Nanos());
    }

    @Test
    void histogramBucketsBoundTheirValues() {
        for (long n : new long[] {0, 1, 15, 16, 17, 100, 1000, 123_456_789, Long.MAX_VALUE}) {
            int b = Registration.bucket(n);
            assertTrue(Registration.bucketMax(b) >= n, "n=" + n);
            assertTrue(b == 0 || Registration.bucketMax(b - 1) < n, "n=" + n);
            // resolution: the bucket's top is within 25% of any value in it
            assertTrue(Registration.bucketMax(b) - n <= n / 4 + 1, "n=" + n);
        }
    }
}
