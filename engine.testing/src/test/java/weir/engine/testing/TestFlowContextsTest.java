package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;

/**
 * TestFlowContexts keeps the engine's flow-context contract: the same steps give the same errors and the same
 * flowDelete calls, with the same reasons, from the kit's table and from the engine's own FlowTable.
 */
class TestFlowContextsTest {
    private static final Layer L = Layer.ALE_FLOW_ESTABLISHED_V4;

    /** Counts its flowDeletes with their reasons. */
    static class Keeper implements Callout {
        final List<String> deleted = new ArrayList<>();
        int id;

        @Override
        public void registered(int calloutId) {
            id = calloutId;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext, FlowEndReason reason) {
            deleted.add(flowContext + " " + reason);
        }
    }

    static final class NoFlowDelete implements Callout {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }
    }

    /** The steps, run against a FlowContexts and a way to register; returns what was observed. */
    private static List<String> scenario(FlowContexts flows, java.util.function.Function<Callout, Integer> register) {
        List<String> seen = new ArrayList<>();
        Keeper k = new Keeper();
        int id = register.apply(k);
        int none = register.apply(new NoFlowDelete());
        long a = flows.openFlow();
        long b = flows.openFlow();
        assertTrue(a != 0 && b != 0 && a != b);
        flows.associate(a, L, id, "ctx-a");
        seen.add(code(() -> {
            flows.associate(a, L, id, "again");
            return null;
        }));
        seen.add(code(() -> {
            flows.associate(a, L, id + 1000, "x");
            return null;
        }));
        seen.add(code(() -> {
            flows.associate(a, L, none, "x");
            return null;
        }));
        seen.add(code(() -> {
            flows.associate(a, L, id, null);
            return null;
        }));
        seen.add(code(() -> {
            flows.associate(987654321L, L, id, "x");
            return null;
        }));
        flows.associate(b, L, id, "ctx-b");
        seen.add(String.valueOf(flows.context(a, L, id)));
        flows.closeFlow(a, FlowEndReason.FIN);
        flows.closeFlow(a, FlowEndReason.RST); // closed twice: nothing more
        seen.add(String.valueOf(flows.context(a, L, id)));
        flows.remove(b, L, id);
        seen.add(code(() -> {
            flows.remove(b, L, id);
            return null;
        }));
        flows.closeFlow(b, FlowEndReason.IDLE);
        seen.addAll(k.deleted);
        seen.add("open " + flows.openFlows());
        return seen;
    }

    private static String code(Supplier<Object> step) {
        try {
            step.get();
            return "ok";
        } catch (WfpException e) {
            return e.error().name();
        }
    }

    @Test
    void theKitBehavesAsTheEnginesFlowTable() {
        TestFlowContexts kit = new TestFlowContexts();
        List<String> fromKit = scenario(kit, kit::register);

        FlowTable engine = new FlowTable();
        CalloutTable callouts = new CalloutTable(engine);
        List<String> fromEngine = scenario(engine, c -> {
            int id = callouts.register(UUID.randomUUID(), c, null);
            c.registered(id);
            return id;
        });
        assertEquals(fromEngine, fromKit);
        assertEquals(List.of("OBJECT_NAME_EXISTS", "CALLOUT_NOT_FOUND", "INVALID_PARAMETER", "INVALID_PARAMETER",
                "NOT_FOUND", "ctx-a", "null", "NOT_FOUND", "ctx-a FIN", "ctx-b CONTEXT_REMOVED", "open 0"), fromKit);
    }

    @Test
    void unregisteringDeletesTheCalloutsContextsWithCalloutRemoved() {
        TestFlowContexts flows = new TestFlowContexts();
        Keeper k = new Keeper();
        int id = flows.register(k);
        assertEquals(id, k.id, "registered(id) before anything else");
        long f = flows.openFlow();
        flows.associate(f, L, id, "ctx");
        flows.unregister(id);
        assertEquals(List.of("ctx CALLOUT_REMOVED"), k.deleted);
        assertEquals(0, flows.contexts());
        assertEquals(1, flows.openFlows(), "the flow goes on");
        assertEquals(new TestFlowContexts.FlowDelete(f, L, id, "ctx", FlowEndReason.CALLOUT_REMOVED),
                flows.flowDeletes().get(0));
    }

    @Test
    void theAleDecisionAnswersUntilTheFlowsContextsAreDeleted() {
        TestFlowContexts flows = new TestFlowContexts();
        Decision permit = new Decision(ActionType.PERMIT, false, false, 7, false, DecisionReason.STATIC_FILTER);
        List<Decision> seenInFlowDelete = new ArrayList<>();
        Keeper k = new Keeper() {
            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext, FlowEndReason reason) {
                seenInFlowDelete.add(flows.aleDecision((Long) flowContext));
            }
        };
        int id = flows.register(k);
        long f = flows.openFlow();
        assertNull(flows.aleDecision(f));
        flows.decide(f, permit);
        flows.associate(f, L, id, f);
        flows.closeFlow(f, FlowEndReason.SHUTDOWN);
        assertEquals(List.of(permit), seenInFlowDelete);
        assertNull(flows.aleDecision(f));
    }

    @Test
    void classifyHandsTheCalloutItsContextAndHonoursConditionalOnFlow() {
        TestFlowContexts flows = new TestFlowContexts();
        List<Object> contexts = new ArrayList<>();
        Callout conditional = new Keeper() {
            @Override
            public Set<CalloutFlag> flags() {
                return Set.of(CalloutFlag.CONDITIONAL_ON_FLOW);
            }

            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                contexts.add(flowContext);
                out.setActionType(ActionType.BLOCK);
            }
        };
        int id = flows.register(conditional);
        long f = flows.openFlow();
        Filter filter = Filter.of("t", L, FilterAction.calloutInspection(UUID.randomUUID()));
        TestClassifyOut out = TestClassifyOut.writable();
        assertFalse(flows.classify(id, TestValues.at(L), TestMetadata.of().flow(f), null, filter, out));
        assertTrue(out.untouched(), "not called without a context");
        flows.associate(f, L, id, "mine");
        assertTrue(flows.classify(id, TestValues.at(L), TestMetadata.of().flow(f), null, filter, out));
        assertEquals(List.of("mine"), contexts);
        assertEquals(ActionType.BLOCK, out.actionType());
        assertSame(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class,
                () -> flows.classify(99, TestValues.at(L), TestMetadata.of(), null, filter, out)).error());
    }
}
