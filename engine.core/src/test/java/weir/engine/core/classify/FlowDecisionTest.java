package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Value;

/**
 * What a callout learns about a flow besides its packets (engine.api 1.2): the flow's ALE decision, recorded from
 * its ALE classifications (FlowContexts.aleDecision, answered inside flowDelete too), and why each context is
 * deleted (the reason of flowDelete).
 */
class FlowDecisionTest {
    private static final Layer CONNECT = Layer.ALE_AUTH_CONNECT_V4;
    private static final Layer ESTABLISHED = Layer.ALE_FLOW_ESTABLISHED_V4;

    /** Overrides only the flowDelete with a reason, and asks for the flow's ALE decision inside it. */
    static final class Reporter implements Callout {
        final List<String> ended = new ArrayList<>();
        TestEngine engine;

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext, FlowEndReason reason) {
            Decision d = engine.flows.aleDecision((Long) flowContext);
            ended.add(reason + " " + (d == null ? "none" : d.action() + " " + d.filterId() + " " + d.reason()));
        }
    }

    private static Decision at(TestEngine e, Layer layer, long flow, int port) {
        IncomingValues v = e.classifier.newIncomingValues(layer);
        v.set(Field.IP_PROTOCOL, Value.uint8(6));
        v.set(Field.IP_REMOTE_PORT, Value.uint16(port));
        return e.classify(v, e.classifier.newMetadata().setFlowHandle(flow));
    }

    @Test
    void theFlowsAleDecisionIsItsLatestAuthorizationOrABlockAtFlowEstablished() {
        TestEngine e = new TestEngine(CONNECT);
        Filter web = e.add(Filter.of("web", CONNECT, FilterAction.permit()).withConditions(
                weir.engine.api.Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(80))));
        long flow = e.flows.openFlow();
        assertNull(e.flows.aleDecision(flow), "no ALE classification yet");
        at(e, CONNECT, flow, 80);
        assertEquals(new Decision(ActionType.PERMIT, false, false, web.filterId(), false, DecisionReason.STATIC_FILTER),
                e.flows.aleDecision(flow));
        at(e, ESTABLISHED, flow, 80);
        assertEquals(web.filterId(), e.flows.aleDecision(flow).filterId(), "a PERMIT at FLOW_ESTABLISHED tells nothing new");

        Filter cut = e.add(Filter.of("cut", ESTABLISHED, FilterAction.block()));
        at(e, ESTABLISHED, flow, 80);
        assertEquals(ActionType.BLOCK, e.flows.aleDecision(flow).action());
        assertEquals(cut.filterId(), e.flows.aleDecision(flow).filterId());

        at(e, CONNECT, flow, 443); // a reauthorization that no filter decides
        assertEquals(new Decision(ActionType.PERMIT, false, false, 0, false, DecisionReason.NO_MATCH),
                e.flows.aleDecision(flow));
        at(e, Layer.OUTBOUND_TRANSPORT_V4, flow, 443);
        assertEquals(DecisionReason.NO_MATCH, e.flows.aleDecision(flow).reason(), "not an ALE layer");
        e.classifier.trace(CONNECT, e.classifier.newIncomingValues(CONNECT),
                e.classifier.newMetadata().setFlowHandle(flow), null);
        assertEquals(DecisionReason.NO_MATCH, e.flows.aleDecision(flow).reason(), "a what-if records nothing");
    }

    @Test
    void flowDeleteSaysWhyAndCanStillReadTheAleDecision() {
        TestEngine e = new TestEngine(CONNECT);
        Filter web = e.add(Filter.of("web", CONNECT, FilterAction.permit()));
        Reporter r = new Reporter();
        r.engine = e;
        UUID key = UUID.randomUUID();
        int id = e.callouts.register(key, r, null);
        long a = e.flows.openFlow();
        long b = e.flows.openFlow();
        long c = e.flows.openFlow();
        long d = e.flows.openFlow();
        for (long f : new long[] {a, b, c, d}) {
            at(e, CONNECT, f, 80);
            e.flows.associate(f, ESTABLISHED, id, f);
        }
        e.flows.closeFlow(a, FlowEndReason.FIN);
        e.flows.closeFlow(b);
        e.flows.remove(c, ESTABLISHED, id);
        e.callouts.release(e.callouts.lookup(key));
        String permit = "PERMIT " + web.filterId() + " STATIC_FILTER";
        assertEquals(List.of("FIN " + permit, "UNKNOWN " + permit, "CONTEXT_REMOVED " + permit,
                "CALLOUT_REMOVED " + permit), r.ended);
        assertNull(e.flows.aleDecision(a), "a closed flow is gone");
        assertEquals(2, e.flows.openFlows(), "c and d go on without the context");
    }
}
