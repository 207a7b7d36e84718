package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.CalloutView;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;

/**
 * wfp:callouts and wfp:callout-reset over the CalloutRuntime service, whichever bundle provides it. The test
 * registers a fixed view with the highest service.ranking, in front of the engine's own: the shell takes the
 * best-ranked service when it appears (a greedy reference) and falls back to the engine's when it goes.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CalloutRuntimeViewIT {
    static final UUID NAT = UUID.fromString("b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03");
    static final UUID FLAKY = UUID.fromString("0e1d2c3b-4a59-4687-a5b4-c3d2e1f00a04");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Gogo gogo;
    private final List<UUID> resets = new ArrayList<>();
    private ServiceRegistration<CalloutRuntime> registration;

    @BeforeEach
    void open() {
        gogo = new Gogo(processor);
        registration = context.registerService(CalloutRuntime.class, new CalloutRuntime() {
            @Override
            public List<CalloutView> callouts() {
                return List.of(
                        new CalloutView(NAT, 3, "nat", "weir.callouts.nat", CalloutState.ACTIVE,
                                Layer.INBOUND_TRANSPORT_V4, List.of(4L, 5L),
                                new CalloutStatistics(1200, 0, 0, 850, 2_000, 9_000, ""), ""),
                        new CalloutView(FLAKY, 4, "flaky", "example.flaky", CalloutState.QUARANTINED,
                                Layer.ALE_FLOW_ESTABLISHED_V4, List.of(),
                                new CalloutStatistics(10, 5, 5, 12_500, 40_000, 60_000, "NullPointerException at x",
                                        2, 1, List.of(new CalloutStatistics.Call(60_000, 9,
                                                Layer.ALE_FLOW_ESTABLISHED_V4, java.time.Instant.EPOCH, false))),
                                "failed 5 times in a row"));
            }

            @Override
            public void reset(UUID calloutKey) {
                resets.add(calloutKey);
            }
        }, new java.util.Hashtable<>(java.util.Map.of(org.osgi.framework.Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
    }

    @AfterEach
    void close() {
        if (registration != null) {
            registration.unregister();
        }
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void callouts() throws Exception {
        String table = gogo.print("wfp:callouts");
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).matches("KEY\\s+ID\\s+NAME\\s+STATE\\s+LAYER\\s+FILTERS\\s+CALLS\\s+ERRORS\\s+MEAN"
                + "\\s+SLOW\\s+SLOWEST\\s+BUNDLE\\s+REASON"), table);
        // a view without slow-call figures (CalloutStatistics' shorter constructor) shows none
        assertTrue(lines.get(1).matches(NAT + "\\s+3\\s+nat\\s+ACTIVE\\s+INBOUND_TRANSPORT_V4\\s+4,5\\s+1200\\s+0"
                + "\\s+850ns\\s+0\\s+weir.callouts.nat"), table);
        assertTrue(lines.get(2).matches(FLAKY + "\\s+4\\s+flaky\\s+QUARANTINED\\s+ALE_FLOW_ESTABLISHED_V4\\s+10\\s+5"
                + "\\s+12.5us\\s+2\\s+60.0us\\s+example.flaky\\s+failed 5 times in a row; NullPointerException at x"),
                table);
        assertEquals(2, gogo.print("wfp:callouts --no-format").lines().count());
    }

    @Test
    void calloutResetByKeyOrName() throws Exception {
        assertEquals("callout " + FLAKY + " reset: it is called again, with no failures counted",
                gogo.print("wfp:callout-reset flaky"));
        gogo.run("wfp:callout-reset " + NAT);
        assertEquals(List.of(FLAKY, NAT), resets);
    }

    @Test
    void whenTheServiceGoesTheEnginesOwnViewIsUsedAgain() throws Exception {
        assertTrue(gogo.print("wfp:callouts").contains("flaky"));
        registration.unregister();
        registration = null;
        assertTrue(!gogo.print("wfp:callouts").contains("flaky"), "the fixed view is gone");
        assertTrue(gogo.fails("wfp:callout-reset flaky").contains("no callout is named 'flaky'"));
    }
}
