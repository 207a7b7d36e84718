package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutRegistry;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutView;
import weir.engine.api.DecisionReason;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;

/**
 * The callout whiteboard: a Callout service with {@code callout.key} is registered while it is there; the
 * higher {@code service.ranking} of one key is active and the other shadowed, taking over when the active one
 * goes; services the engine cannot use are reported with a reason, never thrown about.
 */
@ExtendWith(BundleContextExtension.class)
class CalloutWhiteboardIT {
    private static final Layer LAYER = Layer.OUTBOUND_TRANSPORT_V4;

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

    @Test
    void aServiceIsRegisteredWhileItIsThere() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.filter("whiteboard", LAYER, FilterAction.calloutTerminating(key));
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, rig.classify(LAYER, 0).reason());

        Bundle b = rig.start(CalloutBundle.of("weir.itest.wb", key).verdict("PERMIT"));
        CalloutView v = rig.view(key, CalloutState.ACTIVE);
        assertTrue(v.calloutId() > 0);
        assertEquals("weir.itest.wb", v.bundle());
        assertEquals(1, rig.sink.count(" registered " + v.calloutId()), "registered(calloutId) once");
        assertEquals(ActionType.PERMIT, rig.classify(LAYER, 0).action());
        assertEquals(1, rig.view(key, CalloutState.ACTIVE).statistics().calls());

        b.stop();
        rig.view(key, CalloutState.OBJECT_WITHOUT_REGISTRATION);
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, rig.classify(LAYER, 0).reason());
    }

    @Test
    void theHigherRankingIsActiveTheOtherShadowedAndTakesOver() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.filter("ranked", LAYER, FilterAction.calloutTerminating(key));
        Bundle low = rig.start(CalloutBundle.of("weir.itest.low", key).ranking(1).verdict("BLOCK"));
        assertEquals(ActionType.BLOCK, rig.classify(LAYER, 0).action());
        Bundle high = rig.start(CalloutBundle.of("weir.itest.high", key).ranking(10).verdict("PERMIT"));

        assertEquals(ActionType.PERMIT, rig.classify(LAYER, 0).action(), "the higher ranking took over");
        assertEquals("weir.itest.high", rig.view(key, CalloutState.ACTIVE).bundle());
        CalloutView shadowed = rig.view(key, CalloutState.SHADOWED);
        assertEquals("weir.itest.low", shadowed.bundle());
        assertTrue(shadowed.reason().contains("shadowed by") && shadowed.reason().contains("ranking 10"),
                shadowed.reason());
        assertEquals(0, shadowed.calloutId());

        high.stop();
        assertEquals(ActionType.BLOCK, rig.classify(LAYER, 0).action(), "the shadowed one took over");
        assertEquals("weir.itest.low", rig.view(key, CalloutState.ACTIVE).bundle());
        assertEquals(1, rig.views(key).size());

        high.start();
        assertEquals("weir.itest.high", rig.view(key, CalloutState.ACTIVE).bundle());
        low.stop();
        assertEquals("weir.itest.high", rig.view(key, CalloutState.ACTIVE).bundle(), "a shadowed one leaving"
                + " changes nothing");
        assertEquals(List.of(), rig.sink.with("unstarted-classify"), "never called while stopped");
    }

    @Test
    void equalRankingsTheOlderServiceWins() throws Exception {
        UUID key = UUID.randomUUID();
        rig.start(CalloutBundle.of("weir.itest.first", key));
        rig.start(CalloutBundle.of("weir.itest.second", key));
        assertEquals("weir.itest.first", rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT).bundle());
        assertEquals("weir.itest.second", rig.view(key, CalloutState.SHADOWED).bundle());
    }

    @Test
    void aKeyRegisteredThroughTheRegistryMakesTheServiceWaitUntilItIsFree() throws Exception {
        UUID key = UUID.randomUUID();
        int id = rig.registry.register(key, new CalloutRegistryIT.Recorder());
        rig.start(CalloutBundle.of("weir.itest.waiting", key));
        CalloutView waiting = rig.view(key, CalloutState.SHADOWED);
        assertTrue(waiting.reason().contains("CalloutRegistry"), waiting.reason());
        assertEquals(context.getBundle().getSymbolicName(),
                rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT).bundle());

        rig.registry.unregisterById(id);

        assertEquals("weir.itest.waiting", rig.view(key, CalloutState.REGISTERED_WITHOUT_OBJECT).bundle());
    }

    @Test
    void servicesWithoutAUsableKeyAreReportedWithAReason() {
        Callout c = (values, metadata, layerData, filter, flowContext, out) -> { };
        ServiceRegistration<Callout> none = context.registerService(Callout.class, c, null);
        Hashtable<String, Object> bad = new Hashtable<>();
        bad.put(CalloutRegistry.CALLOUT_KEY, "not-a-guid");
        bad.put(CalloutRegistry.CALLOUT_NAME, "bad key");
        ServiceRegistration<Callout> malformed = context.registerService(Callout.class, c, bad);
        try {
            List<CalloutView> invalid = rig.runtime.callouts().stream()
                    .filter(v -> v.state() == CalloutState.INVALID
                            && v.bundle().equals(context.getBundle().getSymbolicName()))
                    .collect(Collectors.toList());
            assertEquals(2, invalid.size(), invalid.toString());
            for (CalloutView v : invalid) {
                assertNull(v.calloutKey());
                assertTrue(v.reason().contains("callout.key"), v.reason());
                assertTrue(v.reason().contains("service " + (v.name().equals("bad key")
                        ? malformed.getReference().getProperty("service.id")
                        : none.getReference().getProperty("service.id"))), v.reason());
            }
            assertTrue(invalid.stream().anyMatch(v -> v.reason().contains("'not-a-guid' is not a GUID")));
            assertTrue(invalid.stream().anyMatch(v -> v.reason().contains("has no callout.key")));
        } finally {
            none.unregister();
            malformed.unregister();
        }
        assertTrue(rig.runtime.callouts().stream().noneMatch(v -> v.state() == CalloutState.INVALID));
    }

    @Test
    void changingTheKeyPropertyMovesTheRegistration() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CalloutRegistry.CALLOUT_KEY, a.toString());
        ServiceRegistration<Callout> reg = context.registerService(Callout.class, new CalloutRegistryIT.Recorder(),
                props);
        try {
            rig.view(a, CalloutState.REGISTERED_WITHOUT_OBJECT);
            props.put(CalloutRegistry.CALLOUT_KEY, b.toString());
            reg.setProperties(props);
            assertEquals(List.of(), rig.views(a));
            rig.view(b, CalloutState.REGISTERED_WITHOUT_OBJECT);
        } finally {
            reg.unregister();
        }
        assertEquals(List.of(), rig.views(b));
    }
}
