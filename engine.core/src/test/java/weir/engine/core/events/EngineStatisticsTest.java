package weir.engine.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;

class EngineStatisticsTest {
    @Test
    void layerCountersAddUp() {
        EngineStatistics s = new EngineStatistics();
        s.classified(Layer.INBOUND_TRANSPORT_V4, false, false);
        s.classified(Layer.INBOUND_TRANSPORT_V4, true, false);
        s.classified(Layer.INBOUND_TRANSPORT_V4, true, true);
        s.classified(Layer.OUTBOUND_TRANSPORT_V4, false, false);
        assertEquals(new LayerStatistics(Layer.INBOUND_TRANSPORT_V4, 3, 1, 2, 1), s.layer(Layer.INBOUND_TRANSPORT_V4));
        assertEquals(new LayerStatistics(Layer.OUTBOUND_TRANSPORT_V4, 1, 1, 0, 0), s.layer(Layer.OUTBOUND_TRANSPORT_V4));
        assertEquals(Layer.values().length, s.layers().size());
    }

    @Test
    void filterCountersSurviveRepublishAndGoWithTheirFilter() {
        EngineStatistics s = new EngineStatistics();
        EngineStatistics.FilterCounters a = s.counters(7, Layer.INBOUND_TRANSPORT_V4);
        a.continued();
        a.decided();
        assertEquals(a, s.counters(7, Layer.INBOUND_TRANSPORT_V4));
        s.counters(8, Layer.INBOUND_TRANSPORT_V4).continued();
        s.counters(9, Layer.OUTBOUND_TRANSPORT_V4).continued();
        assertEquals(new FilterStatistics(7, 2, 1), s.filter(7));
        s.retain(Layer.INBOUND_TRANSPORT_V4, new long[] {8});
        assertEquals(new FilterStatistics(7, 0, 0), s.filter(7));
        assertEquals(List.of(new FilterStatistics(8, 1, 0), new FilterStatistics(9, 1, 0)), s.filters());
    }

    @Test
    void aDeletedFiltersCountersAreForgottenAndComeBackWhenItsCommitIsRolledBack() {
        EngineStatistics s = new EngineStatistics();
        EngineStatistics.FilterCounters a = s.counters(7, Layer.INBOUND_TRANSPORT_V4);
        a.continued();
        EngineStatistics.FilterCounters gone = s.forget(7);
        assertEquals(a, gone);
        assertEquals(List.of(), s.filters());
        assertEquals(null, s.forget(7));
        s.restore(gone);
        assertEquals(List.of(new FilterStatistics(7, 1, 0)), s.filters());
        assertEquals(a, s.counters(7, Layer.INBOUND_TRANSPORT_V4), "the same counters, not new ones");
    }
}
