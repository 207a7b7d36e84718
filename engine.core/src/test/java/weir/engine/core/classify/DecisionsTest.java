package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.ClassifyTrace;
import weir.engine.api.Condition;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.NetEvent;
import weir.engine.api.Value;
import weir.engine.api.Weight;

/** Weir's decisions D1–D13 where they concern classification, and rule 28 (CONDITIONAL_ON_FLOW). */
class DecisionsTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final TestEngine e = new TestEngine(L);

    private UUID register(TestCallout c) {
        UUID key = UUID.randomUUID();
        e.callouts.register(key, c, null);
        return key;
    }

    private static Filter permit(String n) {
        return Filter.of(n, L, FilterAction.permit());
    }

    private static Filter block(String n) {
        return Filter.of(n, L, FilterAction.block());
    }

    @Test
    void d01_everySublayerRunsAfterAHardBlockUnlessStopAfterHardBlock() {
        TestCallout observer = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(observer);
        UUID lower = e.subLayer(1);
        e.add(block("hard block"));
        e.add(Filter.of("observer", L, FilterAction.calloutInspection(k)), lower);
        e.classify();
        assertEquals(1, observer.calls.size());
        e.options(EngineOptions.defaults().withStopAfterHardBlock(true));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(1, observer.calls.size(), "not called again: evaluation stopped at the hard block");
        ClassifyTrace t = e.classifier.trace(L, e.values(), e.classifier.newMetadata(), null);
        assertFalse(t.subLayers().get(0).skipped());
        assertTrue(t.subLayers().get(1).skipped());
        // a soft block does not stop evaluation
        TestEngine soft = new TestEngine(L);
        soft.options(EngineOptions.defaults().withStopAfterHardBlock(true));
        UUID sk = UUID.randomUUID();
        soft.callouts.register(sk, TestCallout.returning(ActionType.BLOCK), null);
        UUID low = soft.subLayer(1);
        soft.add(Filter.of("soft block", L, FilterAction.calloutTerminating(sk)));
        soft.add(permit("permit below"), low);
        assertEquals(ActionType.PERMIT, soft.classify().action());
    }

    @Test
    void d02_defaultActionPerLayerWithNoDecidingFilter() {
        e.options(EngineOptions.defaults().withDefaultActions(Map.of(L, ActionType.BLOCK)));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(0, d.filterId());
        assertEquals(DecisionReason.NO_MATCH, d.reason());
        assertEquals(0, e.netEvents().get(0).filterId());
        // other layers keep PERMIT
        assertEquals(ActionType.PERMIT, e.classify(e.classifier.newIncomingValues(Layer.OUTBOUND_TRANSPORT_V4)).action());
        // a permit filter still decides
        Filter p = e.add(permit("allow"));
        d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(p.filterId(), d.filterId());
        assertEquals(DecisionReason.STATIC_FILTER, d.reason());
    }

    @Test
    void d03_autoWeightPrefersSpecificFilters() {
        Filter net = e.add(permit("net").withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(443)),
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.0/24"))));
        Filter host = e.add(block("host").withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(443)),
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.7/32"))));
        assertTrue(host.filterId() > net.filterId(), "added later, yet evaluated first");
        assertEquals(host.filterId(), e.classify(e.packet(6, 443, "192.0.2.7")).filterId());
        assertEquals(net.filterId(), e.classify(e.packet(6, 443, "192.0.2.8")).filterId());
    }

    @Test
    void d04_equalWeightsFallBackToFilterIdAndSublayerKey() {
        Filter older = e.add(permit("older").withWeight(Weight.exact(7)));
        e.add(block("newer").withWeight(Weight.exact(7)));
        assertEquals(older.filterId(), e.classify().filterId());
        // equal sublayer weights: ascending key as text, "0..." before "f..." (UUID.compareTo would say otherwise)
        TestEngine t = new TestEngine(L);
        TestCallout seen = TestCallout.returning(ActionType.CONTINUE);
        UUID k = UUID.randomUUID();
        t.callouts.register(k, seen, null);
        UUID f = t.subLayer(UUID.fromString("ffffffff-0000-0000-0000-000000000000"), 5);
        UUID z = t.subLayer(UUID.fromString("00000000-0000-0000-0000-000000000001"), 5);
        Filter inF = t.add(Filter.of("in f", L, FilterAction.calloutInspection(k)), f);
        Filter inZ = t.add(Filter.of("in 0", L, FilterAction.calloutInspection(k)), z);
        t.classify();
        assertEquals(List.of(inZ.filterId(), inF.filterId()), seen.calledFilters());
    }

    @Test
    void d06_calloutSeesTheDecisionSoFar() {
        TestCallout first = TestCallout.returning(ActionType.CONTINUE);
        TestCallout second = TestCallout.returning(ActionType.CONTINUE);
        TestCallout third = TestCallout.returning(ActionType.CONTINUE);
        UUID k1 = register(first);
        UUID k2 = register(second);
        UUID k3 = register(third);
        UUID s2 = e.subLayer(2);
        UUID s1 = e.subLayer(1);
        UUID s0 = e.subLayer(0);
        e.add(Filter.of("nothing yet", L, FilterAction.calloutInspection(k1)).withWeight(Weight.exact(2)));
        e.add(permit("soft permit").withWeight(Weight.exact(1)));
        e.add(Filter.of("after a permit", L, FilterAction.calloutInspection(k2)), s2);
        UUID blocker = register(TestCallout.returning(ActionType.BLOCK));
        e.add(Filter.of("soft block", L, FilterAction.calloutTerminating(blocker)), s1);
        e.add(Filter.of("after a block", L, FilterAction.calloutInspection(k3)), s0);
        e.classify();
        assertEquals(ActionType.CONTINUE, first.calls.get(0).initial());
        assertEquals(ActionType.PERMIT, second.calls.get(0).initial());
        assertEquals(ActionType.BLOCK, third.calls.get(0).initial());
        assertEquals(ClassifyOut.RIGHT_ACTION_WRITE, third.calls.get(0).rights(), "soft block: the right is still there");
    }

    @Test
    void d07_unknownCalloutReturningNoneIsContinue() {
        UUID k = register(TestCallout.returning(ActionType.NONE));
        e.add(Filter.of("unknown", L, FilterAction.calloutUnknown(k)).withWeight(Weight.exact(2)));
        Filter b = e.add(block("next").withWeight(Weight.exact(1)));
        assertEquals(b.filterId(), e.classify().filterId());
    }

    @Test
    void d08_engineClearsWriteAfterCalloutPermitOnClearActionRightFilter() {
        TestCallout below = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(TestCallout.returning(ActionType.PERMIT));
        UUID kb = register(below);
        UUID lower = e.subLayer(1);
        e.add(Filter.of("permit", L, FilterAction.calloutTerminating(k)).withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        e.add(Filter.of("below", L, FilterAction.calloutInspection(kb)), lower);
        Decision d = e.classify();
        assertTrue(d.hard());
        assertEquals(0, below.calls.get(0).rights(), "lower callouts see the right cleared");
    }

    @Test
    void d09_implicitBlockIsHardImplicitPermitIsSoft() {
        UUID missing = UUID.randomUUID();
        UUID lower = e.subLayer(1);
        Filter t = e.add(Filter.of("unregistered", L, FilterAction.calloutTerminating(missing)));
        e.add(permit("permit below"), lower);
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertTrue(d.hard());
        assertEquals(t.filterId(), d.filterId());

        TestEngine p = new TestEngine(L);
        UUID low = p.subLayer(1);
        p.add(Filter.of("permit if unregistered", L, FilterAction.calloutTerminating(missing))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        Filter b = p.add(block("block below"), low);
        d = p.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(b.filterId(), d.filterId());
    }

    @Test
    void d09_implicitBlockOfAnUnregisteredCalloutDoesNotVeto() {
        // like a static block below a hard permit (rule 6): no callout returned a BLOCK, so no veto
        UUID lower = e.subLayer(1);
        Filter p = e.add(permit("hard permit").withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        e.add(Filter.of("unregistered below", L, FilterAction.calloutTerminating(UUID.randomUUID())), lower);
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(p.filterId(), d.filterId());
        assertFalse(d.vetoed());
    }

    @Test
    void d10_anyCalloutTypeReturningBlockWithoutTheRightVetoesAHardPermit() {
        for (FilterAction a : List.of(FilterAction.calloutInspection(UUID.randomUUID()),
                FilterAction.calloutUnknown(UUID.randomUUID()), FilterAction.calloutTerminating(UUID.randomUUID()))) {
            TestEngine t = new TestEngine(L);
            t.callouts.register(a.calloutKey(), TestCallout.returning(ActionType.BLOCK), null);
            UUID lower = t.subLayer(1);
            t.add(permit("hard permit").withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
            Filter v = t.add(Filter.of("veto", L, a), lower);
            Decision d = t.classify();
            assertEquals(ActionType.BLOCK, d.action(), a.toString());
            assertTrue(d.vetoed());
            assertTrue(d.hard());
            assertEquals(v.filterId(), d.filterId());
            assertEquals(DecisionReason.CALLOUT, d.reason());
            NetEvent ev = t.netEvents().get(0);
            assertTrue(ev.vetoed());
            assertEquals(v.filterId(), ev.filterId());
            assertEquals(1, t.statistics.layer(L).vetoes());
        }
    }

    @Test
    void d10_aPoliteCalloutWithoutTheRightDoesNotVetoAndPermitWithoutRightIsIgnored() {
        UUID polite = register(TestCallout.returning(ActionType.BLOCK).politely());
        UUID permitter = register(TestCallout.returning(ActionType.PERMIT));
        UUID lower = e.subLayer(1);
        Filter p = e.add(block("hard block"));
        e.add(Filter.of("permit without right", L, FilterAction.calloutTerminating(permitter)), lower);
        e.add(Filter.of("polite", L, FilterAction.calloutTerminating(polite)), e.subLayer(0));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(p.filterId(), d.filterId());
        assertFalse(d.vetoed());
    }

    @Test
    void d13_aThrowingCalloutIsCountedAndBehavesAsUnregistered() {
        TestCallout boom = TestCallout.returning(ActionType.PERMIT).throwing(new IllegalStateException("boom"));
        UUID k = register(boom);
        Filter f = e.add(Filter.of("throws", L, FilterAction.calloutTerminating(k)));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertTrue(d.hard());
        assertEquals(f.filterId(), d.filterId());
        assertEquals(DecisionReason.CALLOUT_FAILED, d.reason());
        assertEquals(1, e.callouts.lookup(k).errors());
        assertTrue(e.callouts.lookup(k).lastError().contains("boom"));
        // with PERMIT_IF_CALLOUT_UNREGISTERED it permits, as an unregistered callout would
        e.delete(f);
        e.add(Filter.of("throws, permit if unregistered", L, FilterAction.calloutTerminating(k))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        assertEquals(ActionType.PERMIT, e.classify().action());
    }

    @Test
    void d13_aCalloutThatLeavesNoActionFails() {
        UUID k = register(TestCallout.returning(null));
        e.add(Filter.of("null", L, FilterAction.calloutUnknown(k)));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(DecisionReason.CALLOUT_FAILED, d.reason());
        assertEquals(1, e.callouts.lookup(k).errors());
    }

    @Test
    void d13_repeatedFailuresQuarantineUntilReset() {
        e.options(EngineOptions.defaults().withCalloutQuarantineThreshold(3));
        TestCallout boom = TestCallout.returning(ActionType.PERMIT).throwing(new IllegalStateException("boom"));
        UUID k = register(boom);
        e.add(Filter.of("throws", L, FilterAction.calloutTerminating(k)));
        for (int i = 0; i < 3; i++) {
            assertEquals(DecisionReason.CALLOUT_FAILED, e.classify().reason());
        }
        assertTrue(e.callouts.lookup(k).quarantined());
        Decision d = e.classify();
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, d.reason());
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(3, boom.calls.size(), "a quarantined callout is not called");
        e.callouts.resetQuarantine(k);
        e.classify();
        assertEquals(4, boom.calls.size());
    }

    @Test
    void rule28_conditionalOnFlowCalloutOnlyForFlowsWithItsContext() {
        TestCallout c = TestCallout.returning(ActionType.BLOCK).withFlags(CalloutFlag.CONDITIONAL_ON_FLOW);
        UUID k = register(c);
        int id = e.callouts.lookup(k).calloutId();
        e.add(Filter.of("per flow", L, FilterAction.calloutTerminating(k)));
        Metadata m = e.classifier.newMetadata();
        long without = e.flows.openFlow();
        long with = e.flows.openFlow();
        e.flows.associate(with, L, id, "context");
        m.setFlowHandle(without);
        assertEquals(ActionType.PERMIT, e.classify(e.values(), m).action());
        m.setFlowHandle(0);
        assertEquals(ActionType.PERMIT, e.classify(e.values(), m).action());
        assertEquals(0, c.calls.size());
        m.setFlowHandle(with);
        assertEquals(ActionType.BLOCK, e.classify(e.values(), m).action());
        assertEquals(1, c.calls.size());
        assertEquals("context", c.calls.get(0).flowContext());
        // a context at another layer does not count
        long elsewhere = e.flows.openFlow();
        e.flows.associate(elsewhere, Layer.STREAM_V4, id, "stream");
        m.setFlowHandle(elsewhere);
        assertEquals(ActionType.PERMIT, e.classify(e.values(), m).action());
        e.flows.closeFlow(with);
        assertEquals(List.of("context"), c.deleted);
    }

    @Test
    void calloutsGetTheFlowContextAndTheFilter() {
        TestCallout c = TestCallout.returning(ActionType.PERMIT);
        UUID k = register(c);
        Filter f = e.add(Filter.of("plain", L, FilterAction.calloutTerminating(k)).withRawContext(99));
        Metadata m = e.classifier.newMetadata();
        e.classify(e.values(), m);
        assertNull(c.calls.get(0).flowContext());
        assertEquals(f.filterId(), c.calls.get(0).filterId());
    }

    @Test
    void traceListsEachSublayersMatchingFilters() {
        UUID k = register(TestCallout.returning(ActionType.BLOCK));
        UUID lower = e.subLayer(1);
        Filter p = e.add(permit("hard permit").withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        Filter sb = e.add(block("static block below").withWeight(Weight.exact(9)), lower);
        ClassifyTrace t = e.classifier.trace(L, e.values(), e.classifier.newMetadata(), null);
        assertEquals(ActionType.PERMIT, t.decision().action());
        assertEquals(2, t.subLayers().size());
        assertEquals(p.filterId(), t.subLayers().get(0).filters().get(0).filterId());
        assertTrue(t.subLayers().get(0).filters().get(0).applied());
        assertTrue(t.subLayers().get(0).filters().get(0).hard());
        var ignored = t.subLayers().get(1).filters().get(0);
        assertEquals(sb.filterId(), ignored.filterId());
        assertFalse(ignored.applied());
        assertEquals("no write right", ignored.note());
        Filter v = e.add(Filter.of("veto", L, FilterAction.calloutInspection(k)).withWeight(Weight.exact(10)), lower);
        t = e.classifier.trace(L, e.values(), e.classifier.newMetadata(), null);
        assertTrue(t.decision().vetoed());
        assertEquals(v.filterId(), t.subLayers().get(1).filters().get(0).filterId());
        String note = t.subLayers().get(1).filters().get(0).note();
        assertTrue(note.startsWith("callout called (") && note.endsWith(", not counted), veto"), note);
        assertEquals(1, t.subLayers().get(1).filters().size(), "the veto ended the sublayer");
        // a trace is a what-if: no statistics, no net events
        assertEquals(0, e.statistics.layer(L).classifies());
        assertEquals(List.of(), e.netEvents());
    }
}
