package weir.engine.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;

class EngineStatisticsTest {
    @Test
    void layerCountersAddUpOverThreads() {
        EngineStatistics s = new EngineStatistics();
        ThreadCounters one = s.newThreadCounters(this);
        ThreadCounters two = s.newThreadCounters(this);
        one.classified(Layer.INBOUND_TRANSPORT_V4, false, false);
        one.classified(Layer.INBOUND_TRANSPORT_V4, true, false);
        two.classified(Layer.INBOUND_TRANSPORT_V4, true, true);
        two.classified(Layer.OUTBOUND_TRANSPORT_V4, false, false);
        assertEquals(new LayerStatistics(Layer.INBOUND_TRANSPORT_V4, 3, 1, 2, 1), s.layer(Layer.INBOUND_TRANSPORT_V4));
        assertEquals(new LayerStatistics(Layer.OUTBOUND_TRANSPORT_V4, 1, 1, 0, 0), s.layer(Layer.OUTBOUND_TRANSPORT_V4));
        assertEquals(Layer.values().length, s.layers().size());
    }

    @Test
    void countsFromManyThreadsAtOnceAreAllThere() throws Exception {
        EngineStatistics s = new EngineStatistics();
        int slot = s.counters(7, Layer.INBOUND_TRANSPORT_V4).slot();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            Object verdict = new Object();
            ThreadCounters c = s.newThreadCounters(verdict);
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    c.decided(slot);
                    c.classified(Layer.INBOUND_TRANSPORT_V4, true, false);
                }
                assertNotEquals(null, verdict);
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(new FilterStatistics(7, 400_000, 400_000), s.filter(7));
        assertEquals(400_000, s.layer(Layer.INBOUND_TRANSPORT_V4).blocks());
    }

    @Test
    void aCollectedVerdictsCountsAreKept() throws Exception {
        EngineStatistics s = new EngineStatistics();
        int slot = s.counters(7, Layer.INBOUND_TRANSPORT_V4).slot();
        Object verdict = new Object();
        ThreadCounters c = s.newThreadCounters(verdict);
        c.decided(slot);
        c.continued(slot);
        c.classified(Layer.INBOUND_TRANSPORT_V4, true, true);
        c = null;
        verdict = null;
        for (int i = 0; i < 50 && s.registered() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, s.registered(), "the verdict was collected and its counters retired");
        assertEquals(new FilterStatistics(7, 2, 1), s.filter(7));
        assertEquals(new LayerStatistics(Layer.INBOUND_TRANSPORT_V4, 1, 0, 1, 1), s.layer(Layer.INBOUND_TRANSPORT_V4));
    }

    @Test
    void cellsGrowWhenFiltersArePublishedAfterTheThreadCounted() {
        EngineStatistics s = new EngineStatistics();
        ThreadCounters c = s.newThreadCounters(this);
        c.decided(s.counters(1, Layer.INBOUND_TRANSPORT_V4).slot());
        int last = 0;
        for (long id = 2; id <= 5000; id++) {
            last = s.counters(id, Layer.INBOUND_TRANSPORT_V4).slot();
        }
        c.decided(last);
        c.continued(last);
        assertEquals(new FilterStatistics(1, 1, 1), s.filter(1));
        assertEquals(new FilterStatistics(5000, 2, 1), s.filter(5000));
    }

    @Test
    void filterCountersSurviveRepublishAndGoWithTheirFilter() {
        EngineStatistics s = new EngineStatistics();
        ThreadCounters c = s.newThreadCounters(this);
        EngineStatistics.FilterCounters a = s.counters(7, Layer.INBOUND_TRANSPORT_V4);
        c.continued(a.slot());
        c.decided(a.slot());
        assertEquals(a, s.counters(7, Layer.INBOUND_TRANSPORT_V4));
        c.continued(s.counters(8, Layer.INBOUND_TRANSPORT_V4).slot());
        c.continued(s.counters(9, Layer.OUTBOUND_TRANSPORT_V4).slot());
        assertEquals(new FilterStatistics(7, 2, 1), s.filter(7));
        s.retain(Layer.INBOUND_TRANSPORT_V4, new long[] {8});
        assertEquals(new FilterStatistics(7, 0, 0), s.filter(7));
        assertEquals(List.of(new FilterStatistics(8, 1, 0), new FilterStatistics(9, 1, 0)), s.filters());
    }

    @Test
    void aDeletedFiltersCountersAreForgottenAndComeBackWhenItsCommitIsRolledBack() {
        EngineStatistics s = new EngineStatistics(0); // a released slot could be reused at once
        ThreadCounters c = s.newThreadCounters(this);
        EngineStatistics.FilterCounters a = s.counters(7, Layer.INBOUND_TRANSPORT_V4);
        c.continued(a.slot());
        EngineStatistics.FilterCounters gone = s.forget(7);
        assertEquals(a, gone);
        assertEquals(List.of(), s.filters());
        assertEquals(null, s.forget(7));
        s.restore(gone);
        assertEquals(List.of(new FilterStatistics(7, 1, 0)), s.filters());
        assertEquals(a, s.counters(7, Layer.INBOUND_TRANSPORT_V4), "the same counters, not new ones");
        assertNotEquals(a.slot(), s.counters(8, Layer.INBOUND_TRANSPORT_V4).slot(), "a restored slot is not free");
    }

    @Test
    void aSlotHandedOutAgainStartsFromZeroAndOnlyAfterItRested() {
        EngineStatistics resting = new EngineStatistics();
        int first = resting.counters(7, Layer.INBOUND_TRANSPORT_V4).slot();
        resting.forget(7);
        assertNotEquals(first, resting.counters(8, Layer.INBOUND_TRANSPORT_V4).slot(),
                "a classification may still count into a deleted filter's slot for a moment");

        EngineStatistics s = new EngineStatistics(0);
        ThreadCounters c = s.newThreadCounters(this);
        int slot = s.counters(7, Layer.INBOUND_TRANSPORT_V4).slot();
        c.decided(slot);
        c.decided(slot);
        s.forget(7);
        EngineStatistics.FilterCounters next = s.counters(8, Layer.INBOUND_TRANSPORT_V4);
        assertEquals(slot, next.slot(), "the rested slot is handed out again");
        assertEquals(new FilterStatistics(8, 0, 0), s.filter(8));
        c.continued(slot);
        assertEquals(new FilterStatistics(8, 1, 0), s.filter(8));
    }
}
