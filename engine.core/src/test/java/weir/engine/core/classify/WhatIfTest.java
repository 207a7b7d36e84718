package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.FilterStatistics;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;
import weir.engine.core.callout.Registration;

/**
 * A what-if ({@link ClassifierImpl#whatIf}, {@link ClassifierImpl#trace}) changes no state: it calls the
 * callouts, as for a packet without a flow, and counts nothing — no callout calls, errors, times or quarantine,
 * no filter or layer statistics, no net event, no flow context — and it says which callouts it called.
 */
class WhatIfTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final TestEngine e = new TestEngine(L);

    private WhatIf whatIf(Metadata m) {
        return e.classifier.whatIf(L, null, null, e.values(), m, null);
    }

    @Test
    void aThrowingCalloutIsCalledButNeitherCountedNorQuarantined() {
        e.options(EngineOptions.defaults().withCalloutQuarantineThreshold(2));
        TestCallout boom = TestCallout.returning(ActionType.PERMIT).throwing(new IllegalStateException("boom"));
        UUID k = UUID.randomUUID();
        e.callouts.register(k, boom, null);
        Filter f = e.add(Filter.of("throws", L, FilterAction.calloutTerminating(k))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));

        for (int i = 1; i <= 5; i++) {
            WhatIf w = whatIf(e.classifier.newMetadata());
            assertEquals(DecisionReason.CALLOUT_FAILED, w.trace().decision().reason(), "what-if " + i);
            assertEquals(1, w.calloutCalls().size());
            WhatIf.CalloutCall c = w.calloutCalls().get(0);
            assertEquals(f.filterId(), c.filterId());
            assertEquals(k, c.calloutKey());
            assertEquals("java.lang.IllegalStateException: boom", c.error());
            String note = w.trace().subLayers().get(0).filters().get(0).note();
            assertTrue(note.contains("callout failed") && note.contains("callout called") && note.contains("not counted"),
                    note);
        }
        assertEquals(5, boom.calls.size(), "the what-ifs called it");
        Registration r = e.callouts.lookup(k);
        assertFalse(r.quarantined(), "five what-ifs of a throwing callout must not quarantine it");
        assertEquals(0, r.calls());
        assertEquals(0, r.errors());
        assertEquals(0, r.consecutiveFailures());
        assertEquals("", r.lastError());
        assertEquals(0, r.maxNanos());
        assertEquals(List.of(), r.slowestCalls());
        assertEquals(0, e.statistics.layer(L).classifies());
        for (FilterStatistics s : e.statistics.filters()) {
            assertEquals(0, s.matches(), s.toString());
            assertEquals(0, s.decisions(), s.toString());
        }
        assertEquals(List.of(), e.netEvents(), "a what-if's CALLOUT_FAILED block records no net event");

        // and a packet still counts as before
        e.classify();
        assertEquals(1, r.calls());
        assertEquals(1, r.errors());
        assertEquals(1, e.statistics.layer(L).classifies());
    }

    @Test
    void aSlowCalloutInAWhatIfIsShownOverTheBudgetButNeverQuarantined() {
        e.options(EngineOptions.defaults().withCalloutBudgetMillis(1).withCalloutSlowCallThreshold(1));
        SlowCalloutTest.Sleepy slow = new SlowCalloutTest.Sleepy(3);
        UUID k = UUID.randomUUID();
        e.callouts.register(k, slow, null);
        e.add(Filter.of("slow", L, FilterAction.calloutTerminating(k)));
        for (int i = 0; i < 3; i++) {
            WhatIf w = whatIf(e.classifier.newMetadata());
            assertEquals(ActionType.BLOCK, w.trace().decision().action());
            assertTrue(w.calloutCalls().get(0).overBudget());
            assertTrue(w.calloutCalls().get(0).nanos() >= 3_000_000);
            assertTrue(w.trace().subLayers().get(0).filters().get(0).note().contains("over the time budget"));
        }
        Registration r = e.callouts.lookup(k);
        assertFalse(r.quarantined());
        assertEquals(0, r.slowCalls());
        assertEquals(0, r.consecutiveSlowCalls());
        // one packet's slow call quarantines it (threshold 1): the what-ifs before it left no run behind
        e.classify();
        assertTrue(r.quarantined());
        WhatIf w = whatIf(e.classifier.newMetadata());
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, w.trace().decision().reason(),
                "a what-if sees the quarantine as a packet does");
        assertEquals(List.of(), w.calloutCalls(), "a quarantined callout is not called");
        assertEquals("callout quarantined", w.trace().subLayers().get(0).filters().get(0).note());
    }

    /** Records what it saw and tries to hang a context on the flow it was given. */
    static final class Associating implements Callout {
        final List<Long> flowsSeen = new ArrayList<>();
        final List<Object> contextsSeen = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
        private final TestEngine engine;
        int id;

        Associating(TestEngine engine) {
            this.engine = engine;
        }

        @Override
        public void registered(int calloutId) {
            id = calloutId;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            flowsSeen.add(metadata.flowHandle());
            contextsSeen.add(flowContext);
            try {
                engine.flows.associate(metadata.flowHandle(), filter.layer(), id, "from a what-if");
            } catch (WfpException e) {
                refusals.add(e.error().name());
            }
            out.setActionType(ActionType.PERMIT);
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
        }
    }

    @Test
    void aWhatIfHasNoFlowSoCalloutsCanHangNoContextOnOne() {
        Associating c = new Associating(e);
        UUID k = UUID.randomUUID();
        e.callouts.register(k, c, null);
        e.add(Filter.of("inspect", L, FilterAction.calloutInspection(k)));
        long flow = e.flows.openFlow();
        Metadata m = e.classifier.newMetadata().setFlowHandle(flow);
        e.classifier.trace(L, e.values(), m, null);
        assertEquals(List.of(0L), c.flowsSeen, "the callout sees no flow");
        assertNull(c.contextsSeen.get(0));
        assertEquals(1, c.refusals.size(), "associating on no flow is refused");
        assertNull(e.flows.context(flow, L, c.id), "the real flow got no context");
        assertEquals(flow, m.flowHandle(), "the caller's metadata is left as it was");
        e.flows.closeFlow(flow);
    }

    @Test
    void aWhatIfOverAStateGivenForOneCallSeesItAndPublishesNothing() {
        Filter published = e.add(Filter.of("published permit", L, FilterAction.permit()));
        Filter draftBlock = Filter.of("draft block", L, FilterAction.block()).withIds(UUID.randomUUID(),
                Layer.SUBLAYER_UNIVERSAL, 99, 1L << 50);
        List<Filter> draft = List.of(published, draftBlock);
        List<SubLayer> subLayers = e.subLayers;
        WhatIf w = e.classifier.whatIf(L, subLayers, draft, e.values(), e.classifier.newMetadata(), null);
        assertTrue(w.draft());
        assertEquals(ActionType.BLOCK, w.trace().decision().action());
        assertEquals(99, w.trace().decision().filterId());
        // the published layer is untouched, and the draft's filter has no counters in the engine's statistics
        assertEquals(ActionType.PERMIT, e.classify().action());
        assertEquals(published.filterId(), e.classify().filterId());
        assertFalse(e.statistics.filters().stream().anyMatch(s -> s.filterId() == 99), "no counters for it");
        assertFalse(whatIf(e.classifier.newMetadata()).draft());
    }
}
