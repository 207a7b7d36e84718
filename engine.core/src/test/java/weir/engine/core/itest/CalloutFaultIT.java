package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.CalloutView;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;

/**
 * D13 with a real bundle whose classify throws: every failure is caught and counted, the filter behaves as if
 * the callout were unregistered, and after the threshold (5 by default) in a row the callout is quarantined —
 * not called any more — until {@code CalloutRuntime.reset} or a new registration.
 */
@ExtendWith(BundleContextExtension.class)
class CalloutFaultIT {
    private static final Layer LAYER = Layer.DATAGRAM_DATA_V4;
    private static final int THRESHOLD = 5;

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
    void d13_failuresAreCaughtThenQuarantinedUntilResetOrReRegistered() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        Filter f = rig.filter("thrower", LAYER, FilterAction.calloutTerminating(key),
                FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED);
        Bundle b = rig.start(CalloutBundle.of("weir.itest.thrower", key).verdict("THROW"));

        for (int i = 1; i <= THRESHOLD; i++) {
            Decision d = rig.classify(LAYER, 0);
            assertEquals(DecisionReason.CALLOUT_FAILED, d.reason(), "call " + i);
            assertEquals(ActionType.PERMIT, d.action(), "the unregistered rule: PERMIT_IF_CALLOUT_UNREGISTERED");
            assertEquals(f.filterId(), d.filterId());
        }
        CalloutView q = rig.view(key, CalloutState.QUARANTINED);
        CalloutStatistics s = q.statistics();
        assertEquals(THRESHOLD, s.calls());
        assertEquals(THRESHOLD, s.errors());
        assertEquals(THRESHOLD, s.consecutiveErrors());
        assertTrue(s.lastError().contains("fails on purpose"), s.lastError());
        assertTrue(q.reason().contains("wfp:callout-reset " + key), q.reason());

        Decision quarantined = rig.classify(LAYER, 0);
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, quarantined.reason());
        assertEquals(THRESHOLD, rig.view(key, CalloutState.QUARANTINED).statistics().calls(), "not called");

        rig.runtime.reset(key);
        CalloutView reset = rig.view(key, CalloutState.ACTIVE);
        assertEquals(0, reset.statistics().consecutiveErrors());
        assertEquals(DecisionReason.CALLOUT_FAILED, rig.classify(LAYER, 0).reason(), "called again after reset");
        assertEquals(THRESHOLD + 1, rig.view(key, CalloutState.ACTIVE).statistics().calls());

        for (int i = 0; i < THRESHOLD; i++) {
            rig.classify(LAYER, 0);
        }
        rig.view(key, CalloutState.QUARANTINED);
        b.update(CalloutBundle.of("weir.itest.thrower", key).version("2.0.0").verdict("PERMIT").jarStream());
        CalloutView fresh = rig.view(key, CalloutState.ACTIVE);
        assertEquals(0, fresh.statistics().calls(), "a new registration starts with fresh counters");
        Decision healthy = rig.classify(LAYER, 0);
        assertEquals(DecisionReason.CALLOUT, healthy.reason());
        assertEquals(ActionType.PERMIT, healthy.action());
    }

    @Test
    void resetOfAnUnknownKeyIsCalloutNotFound() {
        UUID nobody = UUID.randomUUID();
        WfpException e = assertThrows(WfpException.class, () -> rig.runtime.reset(nobody));
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, e.error());
        assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
    }

    @Test
    void timePerCallIsMeasured() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.filter("timed", LAYER, FilterAction.calloutTerminating(key));
        rig.start(CalloutBundle.of("weir.itest.timed", key));
        for (int i = 0; i < 100; i++) {
            rig.classify(LAYER, 0);
        }
        CalloutStatistics s = rig.view(key, CalloutState.ACTIVE).statistics();
        assertEquals(100, s.calls());
        assertEquals(0, s.errors());
        assertEquals("", s.lastError());
        assertTrue(s.maxNanos() > 0 && s.p99Nanos() <= s.maxNanos() && s.meanNanos() <= s.maxNanos(), s.toString());
    }
}
