package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutView;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

/**
 * The CalloutRegistry service in a running framework ({@code FwpsCalloutRegister} / {@code Unregister*}):
 * ids, ALREADY_EXISTS, CALLOUT_NOT_FOUND, DEVICE_BUSY while a flow holds a context (rule 26), unregistering
 * while filters reference the callout, and a stopping bundle's registrations released after its contexts.
 */
@ExtendWith(BundleContextExtension.class)
class CalloutRegistryIT {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;

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

    /** A callout of the test bundle itself: answers PERMIT, remembers its id and its flowDeletes. */
    static final class Recorder implements Callout {
        final List<Integer> ids = Collections.synchronizedList(new ArrayList<>());
        final List<Object> deleted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void registered(int calloutId) {
            ids.add(calloutId);
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            if (out.hasWriteRight()) {
                out.setActionType(ActionType.PERMIT);
            }
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
            deleted.add(flowContext);
        }
    }

    private static ErrorCode error(Runnable r) {
        return assertThrows(WfpException.class, r::run).error();
    }

    @Test
    void registerGivesAnIdTellsTheCalloutAndShowsInTheRuntimeView() {
        UUID key = UUID.randomUUID();
        Recorder c = new Recorder();
        int id = rig.registry.register(key, c);
        try {
            assertTrue(id > 0);
            assertEquals(List.of(id), c.ids, "registered(calloutId) is called once, with the id");
            CalloutView v = rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT);
            assertEquals(id, v.calloutId());
            assertEquals(context.getBundle().getSymbolicName(), v.bundle());
            assertTrue(v.reason().contains("callout object"), v.reason());

            assertEquals(ErrorCode.ALREADY_EXISTS, error(() -> rig.registry.register(key, new Recorder())));

            rig.object(key, LAYER);
            CalloutView active = rig.view(key, CalloutState.ACTIVE);
            assertEquals(LAYER, active.applicableLayer());
            assertEquals("itest callout " + key, active.name());
        } finally {
            rig.registry.unregisterById(id);
        }
        rig.view(key, CalloutState.OBJECT_WITHOUT_REGISTRATION);
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, error(() -> rig.registry.unregisterById(id)));
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, error(() -> rig.registry.unregisterByKey(key)));
    }

    @Test
    void unregisterByKeyAndReRegisterKeepTheId() {
        UUID key = UUID.randomUUID();
        int id = rig.registry.register(key, new Recorder());
        rig.registry.unregisterByKey(key);
        assertEquals(List.of(), rig.views(key), "nothing left to show: no object, no registration");
        int again = rig.registry.register(key, new Recorder());
        rig.registry.unregisterByKey(key);
        assertEquals(id, again, "a key keeps its calloutId");
    }

    @Test
    void rule26_deviceBusyWhileAFlowHoldsAContextThenUnregisterSucceeds() {
        UUID key = UUID.randomUUID();
        Recorder c = new Recorder();
        int id = rig.registry.register(key, c);
        long flow = rig.flows.openFlow();
        try {
            rig.flows.associate(flow, Layer.STREAM_V4, id, "context");
            assertEquals(ErrorCode.DEVICE_BUSY, error(() -> rig.registry.unregisterById(id)));
            assertEquals(ErrorCode.DEVICE_BUSY, error(() -> rig.registry.unregisterByKey(key)));
            assertEquals(id, rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT).calloutId(), "still registered");

            rig.flows.remove(flow, Layer.STREAM_V4, id);
            assertEquals(List.of("context"), c.deleted, "remove calls flowDelete once");
            rig.registry.unregisterById(id);
        } finally {
            rig.flows.closeFlow(flow);
        }
        assertEquals(List.of("context"), c.deleted, "closing the flow later calls no second flowDelete");
    }

    @Test
    void unregisterWhileFiltersReferenceItLeavesThemToTheUnregisteredRule() {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        Filter f = rig.filter("registry permit", LAYER, FilterAction.calloutTerminating(key));
        int id = rig.registry.register(key, new Recorder());
        Decision on = rig.classify(LAYER, 0);
        assertEquals(ActionType.PERMIT, on.action());
        assertEquals(DecisionReason.CALLOUT, on.reason());

        rig.registry.unregisterById(id);

        Decision off = rig.classify(LAYER, 0);
        assertEquals(ActionType.BLOCK, off.action(), "rule 11: a terminating filter without its callout blocks");
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, off.reason());
        assertEquals(f.filterId(), off.filterId());
        assertEquals(List.of(f.filterId()), rig.view(key, CalloutState.OBJECT_WITHOUT_REGISTRATION).filterIds());
    }

    @Test
    void aStoppingBundlesRegistrationsAreReleasedAfterItsFlowContexts() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.filter("registry bundle", LAYER, FilterAction.calloutTerminating(key));
        // a careless bundle: registers from its activator and does not unregister when it stops
        Bundle b = rig.start(CalloutBundle.of("weir.itest.registry", key).throughRegistry(false).associating());
        CalloutView v = rig.view(key, CalloutState.ACTIVE);
        assertEquals("weir.itest.registry", v.bundle());
        long[] flows = {rig.flows.openFlow(), rig.flows.openFlow(), rig.flows.openFlow()};
        try {
            for (long f : flows) {
                assertEquals(DecisionReason.CALLOUT, rig.classify(LAYER, f).reason());
            }
            assertEquals(3, rig.sink.count(" associate "), rig.sink.all().toString());
            assertEquals(ErrorCode.DEVICE_BUSY, error(() -> rig.registry.unregisterByKey(key)),
                    "another bundle cannot take it away while its flows hold contexts");

            b.stop();

            List<String> associated = contexts(rig.sink.with(" associate "));
            List<String> deleted = contexts(rig.sink.with(" flowDelete "));
            associated.sort(null);
            deleted.sort(null);
            assertEquals(associated, deleted, "each context's flowDelete, once, when the bundle stopped");
            rig.view(key, CalloutState.OBJECT_WITHOUT_REGISTRATION);
            assertEquals(DecisionReason.CALLOUT_UNREGISTERED, rig.classify(LAYER, flows[0]).reason());
        } finally {
            for (long f : flows) {
                rig.flows.closeFlow(f);
            }
        }
        assertEquals(3, rig.sink.count(" flowDelete "), "closing the flows afterwards calls no flowDelete");
    }

    @Test
    void aBundleThatUnregistersInStopIsGoneAfterStop() throws Exception {
        UUID key = UUID.randomUUID();
        Bundle b = rig.start(CalloutBundle.of("weir.itest.tidy", key).throughRegistry(true));
        rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT);
        b.stop();
        assertEquals(List.of(), rig.views(key));
        b.start();
        assertEquals(2, rig.sink.count(" registered "), "registered again on restart");
    }

    static List<String> contexts(List<String> events) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            out.add(e.substring(e.lastIndexOf(' ') + 1));
        }
        return out;
    }
}
