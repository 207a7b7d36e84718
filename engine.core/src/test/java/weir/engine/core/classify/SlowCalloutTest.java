package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.core.callout.Registration;

/**
 * D13's time budget through the classify path: a callout whose calls take longer than the budget is
 * quarantined after the run of slow calls the engine option names, its filter then follows the unregistered
 * rule, and the runtime figures carry the slow calls with the filter and layer that made them.
 */
class SlowCalloutTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final TestEngine e = new TestEngine(L);

    /** Blocks after sleeping at least {@code millis} in each call (a sleep is a lower bound, never shorter). */
    static final class Sleepy implements Callout {
        final AtomicInteger calls = new AtomicInteger();
        private final long millis;

        Sleepy(long millis) {
            this.millis = millis;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            calls.incrementAndGet();
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            out.setActionType(ActionType.BLOCK);
        }
    }

    @Test
    void d13_aCalloutOverTheBudgetIsQuarantinedAfterTheConfiguredRunOfSlowCalls() {
        e.options(EngineOptions.defaults().withCalloutBudgetMillis(1).withCalloutSlowCallThreshold(2));
        Sleepy slow = new Sleepy(5);
        UUID k = UUID.randomUUID();
        e.callouts.register(k, slow, null);
        Filter f = e.add(Filter.of("slow", L, FilterAction.calloutTerminating(k))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));

        for (int i = 1; i <= 2; i++) {
            Decision d = e.classify();
            // a call that has been made cannot be undone: its answer stands
            assertEquals(ActionType.BLOCK, d.action(), "call " + i);
            assertEquals(DecisionReason.CALLOUT, d.reason(), "call " + i);
        }
        Registration r = e.callouts.lookup(k);
        assertTrue(r.quarantined());
        assertEquals(Registration.SLOW_CALLS, r.quarantineCause());

        Decision after = e.classify();
        assertEquals(ActionType.PERMIT, after.action(), "the unregistered rule: PERMIT_IF_CALLOUT_UNREGISTERED");
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, after.reason());
        assertEquals(2, slow.calls.get(), "a quarantined callout is not called: the engine does not wait for it");

        CalloutStatistics s = r.statistics();
        assertEquals(2, s.calls());
        assertEquals(0, s.errors());
        assertEquals(2, s.slowCalls());
        assertEquals(2, s.consecutiveSlowCalls());
        List<CalloutStatistics.Call> slowest = s.slowestCalls();
        assertEquals(2, slowest.size());
        for (CalloutStatistics.Call c : slowest) {
            assertTrue(c.nanos() >= TimeUnit.MILLISECONDS.toNanos(5), c.toString());
            assertEquals(f.filterId(), c.filterId());
            assertEquals(L, c.layer());
            assertTrue(c.overBudget());
        }
        assertTrue(slowest.get(0).nanos() >= slowest.get(1).nanos(), "slowest first");

        e.callouts.resetQuarantine(k);
        assertEquals(ActionType.BLOCK, e.classify().action(), "called again after a reset");
        assertEquals(3, slow.calls.get());
    }

    @Test
    void d13_callsWithinTheBudgetNeverQuarantine() {
        e.options(EngineOptions.defaults().withCalloutBudgetMillis(60_000).withCalloutSlowCallThreshold(1));
        Sleepy slowish = new Sleepy(2);
        UUID k = UUID.randomUUID();
        e.callouts.register(k, slowish, null);
        e.add(Filter.of("slowish", L, FilterAction.calloutTerminating(k)));
        for (int i = 0; i < 5; i++) {
            assertEquals(DecisionReason.CALLOUT, e.classify().reason());
        }
        Registration r = e.callouts.lookup(k);
        assertFalse(r.quarantined());
        assertEquals(0, r.slowCalls());
        assertEquals(5, r.calls());
        assertEquals(5, r.slowestCalls().size());
    }

    @Test
    void d13_theBudgetChangesWithTheEngineOptions() {
        e.options(EngineOptions.defaults().withCalloutBudgetMillis(250).withCalloutSlowCallThreshold(4));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), e.callouts.budgetNanos());
        assertEquals(4, e.callouts.slowCallThreshold());
        e.options(EngineOptions.defaults());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), e.callouts.budgetNanos());
        assertEquals(3, e.callouts.slowCallThreshold());
    }
}
