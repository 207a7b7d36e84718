package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

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

import weir.engine.api.ActionType;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.CalloutView;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;

/**
 * D13's time budget with a real callout bundle whose classify sleeps longer than the budget: quarantined after
 * the configured run of slow calls (its filter then follows the unregistered rule, and nothing waits for it),
 * shown in wfp:callouts with its slowest calls, released by wfp:callout-reset.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SlowCalloutIT {
    private static final Layer LAYER = Layer.DATAGRAM_DATA_V4;
    private static final int BUDGET_MS = 20;
    private static final int SLEEP_MS = 100;
    private static final int IN_A_ROW = 3;

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
    void d13_aCalloutOverTheBudgetIsQuarantinedShownAndReleased() throws Exception {
        // the budget and the run through the shell, as an operator sets them
        String set = gogo.print("wfp:engine calloutBudgetMillis " + BUDGET_MS);
        assertTrue(set.matches("(?s).*calloutBudgetMillis\\s+" + BUDGET_MS + "\\s.*"), set);
        gogo.run("wfp:engine calloutSlowCallThreshold " + IN_A_ROW);
        assertEquals(IN_A_ROW + "", gogo.print("wfp:engine calloutSlowCallThreshold").split(" ")[1].strip());

        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        Filter f = rig.filter("sleeper", LAYER, FilterAction.calloutTerminating(key),
                FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED);
        rig.start(CalloutBundle.of("weir.itest.sleeper", key).verdict("BLOCK").sleeping(SLEEP_MS));

        for (int i = 1; i <= IN_A_ROW; i++) {
            Decision d = rig.classify(LAYER, 0);
            assertEquals(ActionType.BLOCK, d.action(), "call " + i + ": a call made is a call answered");
            assertEquals(DecisionReason.CALLOUT, d.reason(), "call " + i);
        }
        CalloutView q = rig.view(key, CalloutState.QUARANTINED);
        CalloutStatistics s = q.statistics();
        assertEquals(IN_A_ROW, s.calls());
        assertEquals(0, s.errors());
        assertEquals(IN_A_ROW, s.slowCalls());
        assertEquals(IN_A_ROW, s.consecutiveSlowCalls());
        assertEquals(IN_A_ROW, s.slowestCalls().size());
        for (CalloutStatistics.Call c : s.slowestCalls()) {
            assertTrue(c.nanos() >= SLEEP_MS * 1_000_000L, c.toString());
            assertEquals(f.filterId(), c.filterId());
            assertEquals(LAYER, c.layer());
            assertTrue(c.overBudget());
        }
        assertTrue(q.reason().contains(IN_A_ROW + " classify calls in a row over the time budget of " + BUDGET_MS
                + " ms"), q.reason());
        assertTrue(q.reason().contains("wfp:callout-reset " + key), q.reason());

        // quarantined: not called, so nothing waits for it; the filter follows the unregistered rule
        Decision after = rig.classify(LAYER, 0);
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, after.reason());
        assertEquals(ActionType.PERMIT, after.action());
        assertEquals(IN_A_ROW, rig.view(key, CalloutState.QUARANTINED).statistics().calls(), "not called");

        // the list: state, the count over the budget, the slowest calls
        String row = gogo.print("wfp:callouts --no-format").lines().filter(l -> l.startsWith(key.toString()))
                .findFirst().orElse("");
        List<String> cells = List.of(row.split("\t"));
        assertEquals("QUARANTINED", cells.get(3), row);
        assertEquals(IN_A_ROW + "", cells.get(9), "SLOW: " + row);
        assertTrue(Pattern.matches("(\\d+\\.\\dms,){2}\\d+\\.\\dms", cells.get(10)), "SLOWEST: " + row);
        assertTrue(gogo.print("wfp:callouts").contains("QUARANTINED"));

        // one callout in full: every slowest call with its filter, layer and moment
        String detail = gogo.print("wfp:callouts " + key);
        assertTrue(detail.contains("state          QUARANTINED") || detail.matches("(?s).*state\\s+QUARANTINED.*"),
                detail);
        assertTrue(detail.matches("(?s).*time budget\\s+" + BUDGET_MS + " ms: " + IN_A_ROW + " calls over it \\("
                + IN_A_ROW + " in a row; " + IN_A_ROW + " in a row quarantine it\\).*"), detail);
        assertTrue(detail.contains("slowest calls since it registered:"), detail);
        long rows = detail.lines().filter(l -> l.matches("\\s+\\d+\\.\\dms\\s+" + f.filterId() + "\\s+" + LAYER
                + "\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+yes")).count();
        assertEquals(IN_A_ROW, rows, detail);
        assertTrue(gogo.print("wfp:callouts --no-format " + key).lines().filter(l -> l.startsWith("slowest\t"))
                .count() == IN_A_ROW);

        // released: called again, the slow run cleared, the history kept
        assertTrue(gogo.print("wfp:callout-reset " + key).contains("reset"));
        CalloutView reset = rig.view(key, CalloutState.ACTIVE);
        assertEquals(0, reset.statistics().consecutiveSlowCalls());
        assertEquals(IN_A_ROW, reset.statistics().slowCalls());
        assertEquals(DecisionReason.CALLOUT, rig.classify(LAYER, 0).reason(), "called again after the reset");
        assertEquals(IN_A_ROW + 1, rig.view(key, CalloutState.ACTIVE).statistics().calls());
    }

    @Test
    void withoutABudgetASlowCalloutIsMeasuredButNeverQuarantined() throws Exception {
        gogo.run("wfp:engine calloutBudgetMillis 0");
        gogo.run("wfp:engine calloutSlowCallThreshold 1");
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        rig.filter("sleeper", LAYER, FilterAction.calloutTerminating(key));
        rig.start(CalloutBundle.of("weir.itest.unbudgeted", key).verdict("PERMIT").sleeping(30));
        for (int i = 0; i < 3; i++) {
            assertEquals(DecisionReason.CALLOUT, rig.classify(LAYER, 0).reason());
        }
        CalloutStatistics s = rig.view(key, CalloutState.ACTIVE).statistics();
        assertEquals(0, s.slowCalls());
        assertEquals(3, s.slowestCalls().size());
        assertTrue(s.maxNanos() >= 30_000_000L, s.toString());
        assertTrue(gogo.print("wfp:callouts " + key).contains("none (engine option calloutBudgetMillis 0)"));
    }
}
