package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;

/**
 * wfp:classify is a what-if and changes no state: five what-ifs of a throwing callout (threshold 5) leave it
 * ACTIVE with nothing counted, and the answer says which callout it called and that nothing was counted.
 * Inside a transaction it evaluates the session's uncommitted filters and says so.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class WhatIfIT {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Rig rig;
    private Gogo gogo;

    @BeforeEach
    void setUp() throws Exception {
        rig = new Rig(context);
        gogo = new Gogo(processor);
    }

    @AfterEach
    void tearDown() {
        gogo.close();
        rig.close();
        CleanEngine.clean(engine);
    }

    @Test
    void whatIfsOfAThrowingCalloutNeitherCountNorQuarantine() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        long filter = rig.filter("thrower", LAYER, FilterAction.calloutTerminating(key),
                FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED).filterId();
        rig.start(CalloutBundle.of("weir.itest.whatif", key).verdict("THROW"));

        String answer = "";
        for (int i = 0; i < 5; i++) {
            answer = gogo.print("wfp:classify " + LAYER + " protocol=udp");
        }
        assertTrue(answer.startsWith("PERMIT (soft) by filter " + filter + " 'thrower' (CALLOUT_FAILED)"), answer);
        assertTrue(answer.contains("what-if: 1 callout call, not counted (no statistics, no quarantine, no flow"
                + " context, no net event):"), answer);
        assertTrue(answer.contains("filter " + filter + " called " + key + " 'itest callout " + key + "'"), answer);
        assertTrue(answer.contains("failed: java.lang.IllegalStateException: weir.itest.whatif/1.0.0 fails on purpose"),
                answer);

        CalloutStatistics s = rig.view(key, CalloutState.ACTIVE).statistics();
        assertEquals(0, s.calls(), "what-if calls are not counted");
        assertEquals(0, s.errors());
        assertEquals(0, s.consecutiveErrors());
        assertEquals("", s.lastError());
        assertEquals(0, s.slowestCalls().size());
        String events = gogo.print("wfp:events --no-format --filter " + filter);
        assertEquals("", events, "no net event");

        String json = gogo.print("wfp:classify --json " + LAYER + " protocol=udp");
        assertTrue(json.contains("\"counted\":false"), json);
        assertTrue(json.contains("\"calloutCalls\":[{\"filterId\":" + filter + ",\"calloutKey\":\"" + key + "\""),
                json);

        // packets are counted: five of them quarantine it (D13), as before
        for (int i = 0; i < 5; i++) {
            rig.classify(LAYER, 0);
        }
        assertEquals(5, rig.view(key, CalloutState.QUARANTINED).statistics().calls());
    }

    @Test
    void insideATransactionTheUncommittedFiltersAreEvaluatedAndTheAnswerSaysSo() throws Exception {
        gogo.run("wfp:txn-begin");
        long telnet = (Long) gogo.property(gogo.run("wfp:filter-add --layer " + LAYER + " --action BLOCK"
                + " --name 'no telnet' 'protocol == tcp and local.port == 23'"), "id");
        String inside = gogo.print("wfp:classify " + LAYER + " protocol=tcp local.port=23");
        assertEquals("BLOCK (hard) by filter " + telnet + " 'no telnet' (STATIC_FILTER) at " + LAYER + "\n"
                + "what-if with this session's 1 uncommitted change (wfp:txn-commit makes them real, wfp:txn-abort"
                + " drops them)", inside);
        // another shell sees the committed filters only
        try (Gogo other = new Gogo(processor)) {
            assertEquals("PERMIT (soft): no filter decided, the layer's default action (NO_MATCH) at " + LAYER,
                    other.print("wfp:classify " + LAYER + " protocol=tcp local.port=23"));
        }
        gogo.run("wfp:txn-abort");
        assertEquals("PERMIT (soft): no filter decided, the layer's default action (NO_MATCH) at " + LAYER,
                gogo.print("wfp:classify " + LAYER + " protocol=tcp local.port=23"));
    }
}
