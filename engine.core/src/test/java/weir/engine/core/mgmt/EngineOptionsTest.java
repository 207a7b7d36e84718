package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.block;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.NetEventType;
import weir.engine.api.WfpException;

/**
 * FwpmEngineSetOption0 and the pass-throughs of a session: engine options reach the classifier, the net
 * event ring and the callout table; net events and statistics come from the classify side.
 */
class EngineOptionsTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @Test
    void optionsReachEveryPartThatUsesThem() {
        try (LiveEngine live = new LiveEngine()) {
            EngineSession s = live.open("admin");
            EngineOptions o = EngineOptions.defaults().withNetEventCapacity(16).withCalloutQuarantineThreshold(2)
                    .withDefaultActions(Map.of(L, ActionType.BLOCK)).withStopAfterHardBlock(true);
            s.setEngineOptions(o);
            assertEquals(o, s.engineOptions());
            assertEquals(o, live.classifier.options());
            assertEquals(16, live.events.capacity());
            assertEquals(2, live.callouts.quarantineThreshold());
            assertEquals(ActionType.BLOCK, live.new Probe(L, 80).classify(), "D2: the layer's default action");
        }
    }

    @Test
    void optionsCannotBeSetInsideATransactionOrFromADynamicSession() {
        try (TestEngine t = new TestEngine()) {
            EngineSession s = t.open("admin");
            s.beginTransaction(true);
            assertEquals(ErrorCode.TXN_IN_PROGRESS, assertThrows(WfpException.class,
                    () -> s.setEngineOptions(EngineOptions.defaults())).error());
            s.abort();
            EngineSession dyn = t.dynamic("dyn");
            assertEquals(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, assertThrows(WfpException.class,
                    () -> dyn.setEngineOptions(EngineOptions.defaults())).error());
            s.setEngineOptions(EngineOptions.defaults().withStopAfterHardBlock(true));
            assertEquals(List.of(EngineOptions.defaults().withStopAfterHardBlock(true)), t.published.options);
        }
    }

    @Test
    void netEventsComeFromTheRingAndNeedCollection() throws Exception {
        try (LiveEngine live = new LiveEngine()) {
            EngineSession s = live.open("admin");
            BlockingQueue<NetEvent> pushed = new LinkedBlockingQueue<>();
            s.subscribeNetEvents(pushed::add);
            Filter f = s.addFilter(block("drop ssh", L));
            live.new Probe(L, 22).classify();
            List<NetEvent> events = s.netEvents(NetEventTemplate.all());
            assertEquals(1, events.size());
            assertEquals(NetEventType.CLASSIFY_DROP, events.get(0).type());
            assertEquals(f.filterId(), events.get(0).filterId());
            assertEquals(f.filterId(), pushed.take().filterId());

            s.setEngineOptions(EngineOptions.defaults().withCollectNetEvents(false, false));
            WfpException e = assertThrows(WfpException.class, () -> s.netEvents(null));
            assertEquals(ErrorCode.NET_EVENTS_DISABLED, e.error());
            assertTrue(e.getMessage().contains("collectNetEvents"), e.getMessage());
        }
    }

    @Test
    void statisticsComeFromTheClassifySide() {
        try (LiveEngine live = new LiveEngine()) {
            EngineSession s = live.open("admin");
            Filter f = s.addFilter(block("drop", L));
            live.new Probe(L, 22).classify();
            live.new Probe(L, 23).classify();
            LayerStatistics ls = s.layerStatistics().stream().filter(x -> x.layer() == L).findFirst().orElseThrow();
            assertEquals(2, ls.classifies());
            assertEquals(2, ls.blocks());
            FilterStatistics fs = s.filterStatistics().stream().filter(x -> x.filterId() == f.filterId()).findFirst()
                    .orElseThrow();
            assertEquals(2, fs.decisions());
        }
    }
}
