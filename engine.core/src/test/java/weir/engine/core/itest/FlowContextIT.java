package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutState;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

/**
 * Flow contexts through the FlowContexts service (rules 27 and 28): the ALE_FLOW_ESTABLISHED pattern — a
 * callout there associates a context for a DATAGRAM_DATA callout of another bundle, which is
 * CONDITIONAL_ON_FLOW and so only called once the context is there — and the error cases of associate/remove.
 */
@ExtendWith(BundleContextExtension.class)
class FlowContextIT {
    @InjectBundleContext
    BundleContext context;

    private Rig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new Rig(context);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** At ALE_FLOW_ESTABLISHED: associates a context with the flow for another callout, at its layer. */
    static final class Establisher implements Callout {
        private final FlowContexts flows;
        private final int target;
        private final Layer targetLayer;

        Establisher(FlowContexts flows, int target, Layer targetLayer) {
            this.flows = flows;
            this.target = target;
            this.targetLayer = targetLayer;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            flows.associate(metadata.flowHandle(), targetLayer, target, "flow " + metadata.flowHandle());
            if (out.hasWriteRight()) {
                out.setActionType(ActionType.CONTINUE);
            }
        }
    }

    @Test
    void aleFlowEstablishedAssociatesForADatagramCalloutThatIsConditionalOnFlow() throws Exception {
        UUID datagramKey = UUID.randomUUID();
        rig.object(datagramKey, Layer.DATAGRAM_DATA_V4);
        rig.filter("datagram", Layer.DATAGRAM_DATA_V4, FilterAction.calloutTerminating(datagramKey));
        rig.start(CalloutBundle.of("weir.itest.datagram", datagramKey).flags("CONDITIONAL_ON_FLOW"));
        int datagramId = rig.view(datagramKey, CalloutState.ACTIVE).calloutId();

        UUID aleKey = UUID.randomUUID();
        rig.object(aleKey, Layer.ALE_FLOW_ESTABLISHED_V4);
        rig.filter("established", Layer.ALE_FLOW_ESTABLISHED_V4, FilterAction.calloutInspection(aleKey));
        int aleId = rig.registry.register(aleKey, new Establisher(rig.flows, datagramId, Layer.DATAGRAM_DATA_V4));
        long flow = rig.flows.openFlow();
        try {
            Decision before = rig.classify(Layer.DATAGRAM_DATA_V4, flow);
            assertEquals(DecisionReason.NO_MATCH, before.reason(), "rule 28: not called without its context");
            assertEquals(0, rig.view(datagramKey, CalloutState.ACTIVE).statistics().calls());

            rig.classify(Layer.ALE_FLOW_ESTABLISHED_V4, flow);
            assertEquals("flow " + flow, rig.flows.context(flow, Layer.DATAGRAM_DATA_V4, datagramId));

            Decision after = rig.classify(Layer.DATAGRAM_DATA_V4, flow);
            assertEquals(DecisionReason.CALLOUT, after.reason());
            assertEquals(List.of("weir.itest.datagram/1.0.0 classify-with-context flow " + flow),
                    rig.sink.with("classify-with-context"));
        } finally {
            rig.flows.closeFlow(flow);
            rig.registry.unregisterById(aleId);
        }
        assertEquals(List.of("weir.itest.datagram/1.0.0 flowDelete flow " + flow), rig.sink.with("flowDelete"),
                "flowDelete once, at the flow's end, to the callout the context belongs to");
    }

    @Test
    void rule27_associateAndRemoveErrorCases() {
        CalloutRegistryIT.Recorder keeper = new CalloutRegistryIT.Recorder();
        int id = rig.registry.register(UUID.randomUUID(), keeper);
        Callout noFlowDelete = (values, metadata, layerData, filter, flowContext, out) -> { };
        int bare = rig.registry.register(UUID.randomUUID(), noFlowDelete);
        FlowContexts f = rig.flows;
        long flow = f.openFlow();
        try {
            f.associate(flow, Layer.STREAM_V4, id, "one");
            assertEquals(ErrorCode.OBJECT_NAME_EXISTS, error(() -> f.associate(flow, Layer.STREAM_V4, id, "two")));
            assertEquals("one", f.context(flow, Layer.STREAM_V4, id));
            f.associate(flow, Layer.DATAGRAM_DATA_V4, id, "other layer"); // one per (flow, layer, callout)
            assertEquals(ErrorCode.INVALID_PARAMETER, error(() -> f.associate(flow, Layer.STREAM_V4, bare, "x")));
            assertEquals(ErrorCode.INVALID_PARAMETER, error(() -> f.associate(flow, Layer.STREAM_V6, id, null)));
            assertEquals(ErrorCode.NOT_FOUND, error(() -> f.associate(flow + 1, Layer.STREAM_V4, id, "x")));
            assertEquals(ErrorCode.CALLOUT_NOT_FOUND, error(() -> f.associate(flow, Layer.STREAM_V4, 999_999, "x")));

            f.remove(flow, Layer.STREAM_V4, id);
            assertEquals(List.of("one"), keeper.deleted);
            assertNull(f.context(flow, Layer.STREAM_V4, id));
            assertEquals(ErrorCode.NOT_FOUND, error(() -> f.remove(flow, Layer.STREAM_V4, id)));
        } finally {
            f.closeFlow(flow);
            rig.registry.unregisterById(id);
            rig.registry.unregisterById(bare);
        }
        assertEquals(List.of("one", "other layer"), keeper.deleted, "the flow's end released the other one");
    }

    private static ErrorCode error(Runnable r) {
        return assertThrows(WfpException.class, r::run).error();
    }
}
