package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Verdict;

/**
 * {@code Classifier.classifyIfEmpty} (engine.api 1.4, WFP's KfdIsLayerEmpty): a layer with no filter is classified
 * without the packet's values, with exactly the decision and the counts {@code classify} gives there, and only
 * when nothing else could make that classification differ (a BLOCK default, CLASSIFY_ALLOW events, a live trace).
 */
class EmptyLayerTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer CONNECT = Layer.ALE_AUTH_CONNECT_V4;

    @Test
    void anEmptyLayerIsClassifiedWithoutValuesAsClassifyWould() {
        TestEngine e = new TestEngine(L);
        Verdict fast = e.classifier.newVerdict();
        assertTrue(e.classifier.classifyIfEmpty(L, 0, fast));
        Decision full = e.classify();
        assertEquals(full, fast.toDecision());
        assertEquals(ActionType.PERMIT, fast.action());
        assertEquals(DecisionReason.NO_MATCH, fast.reason());
        assertEquals(0, fast.filterId());
        assertFalse(fast.hard());
        // both counted, as permits of the layer
        assertEquals(2, e.statistics.layer(L).classifies());
        assertEquals(2, e.statistics.layer(L).permits());
        assertTrue(e.netEvents().isEmpty());
    }

    @Test
    void aLayerWithAFilterIsNotAndNothingIsCounted() {
        TestEngine e = new TestEngine(L);
        Filter f = e.add(Filter.of("block all", L, FilterAction.block()));
        Verdict v = e.classifier.newVerdict();
        assertFalse(e.classifier.classifyIfEmpty(L, 0, v));
        assertEquals(0, e.statistics.layer(L).classifies());
        assertEquals(ActionType.BLOCK, e.classify().action());
        // other layers stay empty; the layer is empty again once its filter is deleted
        assertTrue(e.classifier.classifyIfEmpty(Layer.OUTBOUND_TRANSPORT_V4, 0, v));
        e.delete(f);
        assertTrue(e.classifier.classifyIfEmpty(L, 0, v));
        assertEquals(ActionType.PERMIT, v.action());
    }

    @Test
    void aDisabledFilterLeavesTheLayerEmpty() {
        TestEngine e = new TestEngine(L);
        e.add(Filter.of("off", L, FilterAction.block()).withFlags(FilterFlag.DISABLED));
        assertTrue(e.classifier.classifyIfEmpty(L, 0, e.classifier.newVerdict()));
        assertEquals(ActionType.PERMIT, e.classify().action());
    }

    @Test
    void aBlockDefaultIsNotForegone() {
        TestEngine e = new TestEngine(L);
        e.options(EngineOptions.defaults().withDefaultActions(Map.of(L, ActionType.BLOCK)));
        Verdict v = e.classifier.newVerdict();
        assertFalse(e.classifier.classifyIfEmpty(L, 0, v));
        assertEquals(0, e.statistics.layer(L).classifies());
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(1, e.netEvents().size(), "the default BLOCK's drop event");
        assertTrue(e.classifier.classifyIfEmpty(Layer.OUTBOUND_TRANSPORT_V4, 0, v), "other layers keep PERMIT");
    }

    @Test
    void allowEventsNeedTheValues() {
        TestEngine e = new TestEngine(L);
        e.options(EngineOptions.defaults().withCollectNetEvents(true, true));
        assertFalse(e.classifier.classifyIfEmpty(L, 0, e.classifier.newVerdict()));
        e.classify();
        assertEquals(1, e.netEvents().size(), "the CLASSIFY_ALLOW event, with the packet's values");
    }

    @Test
    void aLiveTraceSeesEveryPacket() throws Exception {
        TestEngine e = new TestEngine(L);
        List<TracedWalk> walks = new ArrayList<>();
        try (AutoCloseable armed = e.classifier.startTrace(new LiveTrace("protocol == tcp", 10, 1_000, walks::add))) {
            assertFalse(e.classifier.classifyIfEmpty(L, 0, e.classifier.newVerdict()));
        }
        assertTrue(e.classifier.classifyIfEmpty(L, 0, e.classifier.newVerdict()), "disarmed: empty again");
    }

    @Test
    void theFlowsAleDecisionIsRecorded() {
        TestEngine e = new TestEngine(CONNECT);
        long flow = e.flows.openFlow();
        Verdict v = e.classifier.newVerdict();
        assertTrue(e.classifier.classifyIfEmpty(CONNECT, flow, v));
        Decision d = e.flows.aleDecision(flow);
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(DecisionReason.NO_MATCH, d.reason());
        // FLOW_ESTABLISHED's PERMIT does not replace the authorization's decision, as in classify
        long other = e.flows.openFlow();
        assertTrue(e.classifier.classifyIfEmpty(Layer.ALE_FLOW_ESTABLISHED_V4, other, v));
        assertNull(e.flows.aleDecision(other));
    }
}
