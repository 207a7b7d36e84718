package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Condition;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineOptions;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventType;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;

/** Spec §10 rules 1–14 and 32: arbitration across sublayers, hardness, callouts, net events. */
class ArbitrationRulesTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final TestEngine e = new TestEngine(L);

    private static Filter permit(String name) {
        return Filter.of(name, L, FilterAction.permit());
    }

    private static Filter block(String name) {
        return Filter.of(name, L, FilterAction.block());
    }

    private UUID register(TestCallout c) {
        UUID key = UUID.randomUUID();
        e.callouts.register(key, c, null);
        return key;
    }

    private Filter terminating(String name, UUID key) {
        return Filter.of(name, L, FilterAction.calloutTerminating(key));
    }

    private Filter inspection(String name, UUID key) {
        return Filter.of(name, L, FilterAction.calloutInspection(key));
    }

    @Test
    void rule01_sublayersByWeightThenFiltersByEffectiveWeight() {
        TestCallout seen = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(seen);
        UUID low = e.subLayer(10);
        UUID high = e.subLayer(20);
        Filter a = e.add(inspection("low-heavy", k).withWeight(Weight.exact(-1L)), low); // 2^64-1 unsigned: heaviest
        Filter b = e.add(inspection("low-light", k).withWeight(Weight.exact(5)), low);
        Filter c = e.add(inspection("high-light", k).withWeight(Weight.exact(1)), high);
        Filter d = e.add(inspection("high-heavy", k).withWeight(Weight.range(15)), high);
        e.classify();
        assertEquals(List.of(d.filterId(), c.filterId(), a.filterId(), b.filterId()), seen.calledFilters());
    }

    @Test
    void rule02_firstTerminatingFilterEndsItsSublayer() {
        TestCallout below = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(below);
        UUID other = e.subLayer(1);
        Filter p = e.add(permit("first").withWeight(Weight.exact(100)));
        e.add(inspection("same sublayer, lower", k).withWeight(Weight.exact(50)));
        Filter o = e.add(inspection("lower sublayer", k), other);
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(p.filterId(), d.filterId());
        assertEquals(List.of(o.filterId()), below.calledFilters(), "the lower filter of the same sublayer is never called");
        assertEquals(0, e.statistics.filter(p.filterId() + 1).matches());
    }

    @Test
    void rule03_everySublayerRunsAfterAHardDecisionWithWriteCleared() {
        TestCallout observer = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(observer);
        UUID lower = e.subLayer(1);
        e.add(block("hard block"));
        e.add(inspection("observer", k), lower);
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(1, observer.calls.size());
        assertEquals(0, observer.calls.get(0).rights() & ClassifyOut.RIGHT_ACTION_WRITE);
        assertEquals(ActionType.BLOCK, observer.calls.get(0).initial());
    }

    @Test
    void rule04_staticBlockIsHard() {
        TestCallout permitter = TestCallout.returning(ActionType.PERMIT);
        UUID k = register(permitter);
        UUID lower = e.subLayer(1);
        Filter b = e.add(block("block"));
        e.add(permit("permit below"), lower);
        e.add(terminating("callout permit below", k).withWeight(Weight.exact(1)), e.subLayer(0));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertTrue(d.hard());
        assertEquals(b.filterId(), d.filterId());
        assertEquals(DecisionReason.STATIC_FILTER, d.reason());
    }

    @Test
    void rule05_staticPermitIsSoft() {
        UUID lower = e.subLayer(1);
        e.add(permit("permit"));
        Filter b = e.add(block("block below"), lower);
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(b.filterId(), d.filterId());

        TestEngine e2 = new TestEngine(L);
        UUID k = UUID.randomUUID();
        e2.callouts.register(k, TestCallout.returning(ActionType.BLOCK), null);
        UUID lower2 = e2.subLayer(1);
        Filter p = e2.add(permit("permit"));
        Filter c = e2.add(Filter.of("callout block below", L, FilterAction.calloutTerminating(k)), lower2);
        Decision d2 = e2.classify();
        assertEquals(ActionType.BLOCK, d2.action());
        assertEquals(c.filterId(), d2.filterId());
        assertFalse(d2.filterId() == p.filterId());
    }

    @Test
    void rule06_clearActionRightPermitIsHardAndOnlyACalloutVetoes() {
        UUID lower = e.subLayer(1);
        Filter p = e.add(permit("hard permit").withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        e.add(block("static block below"), lower);
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertTrue(d.hard());
        assertEquals(p.filterId(), d.filterId());
        assertFalse(d.vetoed());

        UUID k = register(TestCallout.returning(ActionType.BLOCK));
        Filter v = e.add(terminating("vetoing callout", k), e.subLayer(0));
        d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertTrue(d.vetoed());
        assertEquals(v.filterId(), d.filterId());
        NetEvent ev = e.netEvents().get(0);
        assertTrue(ev.vetoed(), "the veto is audited");
        assertEquals(v.filterId(), ev.filterId());
        assertEquals(1, e.statistics.layer(L).vetoes());
    }

    @Test
    void rule07_calloutBlockThatKeepsWriteIsSoft() {
        UUID k = register(TestCallout.returning(ActionType.BLOCK));
        UUID lower = e.subLayer(1);
        e.add(terminating("soft block", k));
        Filter p = e.add(permit("permit below"), lower);
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(p.filterId(), d.filterId());
        assertFalse(d.hard());
    }

    @Test
    void rule08_calloutPermitOnClearActionRightFilterIsHard() {
        TestCallout forgetful = TestCallout.returning(ActionType.PERMIT); // does not clear WRITE itself
        UUID k = register(forgetful);
        UUID lower = e.subLayer(1);
        Filter c = e.add(terminating("permit, flag set", k).withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        e.add(block("static block below"), lower);
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertTrue(d.hard());
        assertEquals(c.filterId(), d.filterId());
        assertEquals(DecisionReason.CALLOUT, d.reason());
    }

    @Test
    void rule09_noMatchingFilterPermits() {
        e.add(block("ssh only").withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        Decision d = e.classify(e.packet(6, 80, "10.0.0.1"));
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(0, d.filterId());
        assertEquals(DecisionReason.NO_MATCH, d.reason());
        assertFalse(d.hard());
    }

    @ParameterizedTest
    @EnumSource(value = ActionType.class, names = {"CONTINUE", "NONE", "NONE_NO_MATCH", "CALLOUT_TERMINATING", "CALLOUT_INSPECTION"})
    void rule10_terminatingCalloutMapsAnythingButPermitOrBlockToBlock(ActionType returned) {
        UUID k = register(TestCallout.returning(returned));
        Filter f = e.add(terminating("terminating", k));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(f.filterId(), d.filterId());
    }

    @ParameterizedTest
    @EnumSource(value = ActionType.class, names = {"PERMIT", "BLOCK", "CONTINUE", "NONE"})
    void rule10_inspectionCalloutMapsEverythingToContinue(ActionType returned) {
        UUID k = register(TestCallout.returning(returned));
        e.add(inspection("inspection", k).withWeight(Weight.exact(10)));
        Filter p = e.add(permit("next in the sublayer").withWeight(Weight.exact(1)));
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(p.filterId(), d.filterId(), "the sublayer went on to the next filter");
    }

    @Test
    void rule10_unknownCalloutHonoursPermitBlockAndContinue() {
        for (ActionType a : new ActionType[] {ActionType.PERMIT, ActionType.BLOCK, ActionType.CONTINUE}) {
            TestEngine t = new TestEngine(L);
            UUID k = UUID.randomUUID();
            t.callouts.register(k, TestCallout.returning(a), null);
            Filter f = t.add(Filter.of("unknown", L, FilterAction.calloutUnknown(k)).withWeight(Weight.exact(10)));
            Filter b = t.add(block("next").withWeight(Weight.exact(1)));
            Decision d = t.classify();
            if (a == ActionType.CONTINUE) {
                assertEquals(b.filterId(), d.filterId());
            } else {
                assertEquals(a, d.action());
                assertEquals(f.filterId(), d.filterId());
            }
        }
    }

    @Test
    void rule11_unregisteredCalloutBlocksPermitsIfFlaggedOrIsSkipped() {
        UUID never = UUID.randomUUID();
        Filter t = e.add(terminating("terminating, unregistered", never).withWeight(Weight.exact(3)));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(t.filterId(), d.filterId());
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, d.reason());
        e.delete(t);

        Filter u = e.add(Filter.of("unknown, permit if unregistered", L, FilterAction.calloutUnknown(never))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED).withWeight(Weight.exact(3)));
        d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(u.filterId(), d.filterId());
        e.delete(u);

        e.add(inspection("inspection, unregistered", never).withWeight(Weight.exact(3)));
        Filter b = e.add(block("next").withWeight(Weight.exact(1)));
        assertEquals(b.filterId(), e.classify().filterId(), "the inspection filter is ignored");
    }

    @Test
    void rule11_appliesBeforeRegistrationAndAfterUnregistration() {
        UUID k = UUID.randomUUID();
        Filter t = e.add(terminating("terminating", k));
        assertEquals(ActionType.BLOCK, e.classify().action());
        TestCallout c = TestCallout.returning(ActionType.PERMIT);
        e.callouts.register(k, c, null); // no commit: the next packet finds it
        Decision d = e.classify();
        assertEquals(ActionType.PERMIT, d.action());
        assertEquals(DecisionReason.CALLOUT, d.reason());
        e.callouts.unregisterByKey(k);
        d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(DecisionReason.CALLOUT_UNREGISTERED, d.reason());
        assertEquals(t.filterId(), d.filterId());
        assertEquals(1, c.calls.size());
    }

    @Test
    void rule12_permitIfCalloutUnregisteredOnlyOnTerminatingOrUnknown() {
        UUID k = UUID.randomUUID();
        for (Filter f : List.of(permit("p"), block("b"), inspection("i", k))) {
            WfpException ex = assertThrows(WfpException.class,
                    () -> FilterValidator.validate(f.withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED)));
            assertEquals(ErrorCode.INVALID_FLAGS, ex.error());
            assertTrue(ex.getMessage().contains("'" + f.name() + "'"));
        }
        FilterValidator.validate(terminating("t", k).withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        FilterValidator.validate(Filter.of("u", L, FilterAction.calloutUnknown(k))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
    }

    @Test
    void rule13_absorbedBlockMakesNoNetEvent() {
        UUID k = register(TestCallout.returning(ActionType.BLOCK).clearingRight().absorbing());
        Filter f = e.add(terminating("absorber", k));
        Decision d = e.classify();
        assertEquals(ActionType.BLOCK, d.action());
        assertTrue(d.absorbed());
        assertEquals(f.filterId(), d.filterId());
        assertEquals(List.of(), e.netEvents());
        assertEquals(1, e.statistics.layer(L).blocks());
    }

    @Test
    void rule13_absorbWithPermitIsNoAbsorb() {
        UUID k = register(TestCallout.returning(ActionType.PERMIT).absorbing());
        e.add(terminating("permit+absorb", k));
        assertFalse(e.classify().absorbed());
    }

    @Test
    void rule14_blockRecordsClassifyDropWithFilterAndLayer() {
        Filter b = e.add(block("drop ssh").withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
        e.classify(e.packet(6, 22, "198.51.100.4"));
        List<NetEvent> ev = e.netEvents();
        assertEquals(1, ev.size());
        assertEquals(NetEventType.CLASSIFY_DROP, ev.get(0).type());
        assertEquals(b.filterId(), ev.get(0).filterId());
        assertEquals(L, ev.get(0).layer());
        assertEquals("198.51.100.4", ev.get(0).remoteAddress());
        assertEquals(22, ev.get(0).localPort());
        assertFalse(ev.get(0).vetoed());
        // permits are recorded only when CLASSIFY_ALLOW is on
        e.classify(e.packet(6, 80, "198.51.100.4"));
        assertEquals(1, e.netEvents().size());
        e.options(EngineOptions.defaults().withCollectNetEvents(true, true));
        e.classify(e.packet(6, 80, "198.51.100.4"));
        assertEquals(NetEventType.CLASSIFY_ALLOW, e.netEvents().get(0).type());
        // nothing at all when collection is off
        e.options(EngineOptions.defaults().withCollectNetEvents(false, true));
        e.classify(e.packet(6, 22, "198.51.100.4"));
        e.classify(e.packet(6, 80, "198.51.100.4"));
        assertEquals(2, e.netEvents().size());
    }

    @Test
    void rule32_noCrossLayerArbitration() {
        e.add(permit("hard permit at transport").withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
        Filter b = e.add(Filter.of("block at ip packet", Layer.INBOUND_IPPACKET_V4, FilterAction.block()));
        assertEquals(ActionType.PERMIT, e.classify().action());
        Decision d = e.classify(e.classifier.newIncomingValues(Layer.INBOUND_IPPACKET_V4));
        assertEquals(ActionType.BLOCK, d.action());
        assertEquals(b.filterId(), d.filterId());
    }

    @Test
    void statisticsCountMatchesDecisionsAndOutcomes() {
        TestCallout c = TestCallout.returning(ActionType.CONTINUE);
        UUID k = register(c);
        Filter i = e.add(inspection("looks", k).withWeight(Weight.exact(2)));
        Filter b = e.add(block("ssh").withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)))
                .withWeight(Weight.exact(1)));
        e.classify(e.packet(6, 22, "10.0.0.1"));
        e.classify(e.packet(6, 80, "10.0.0.1"));
        assertEquals(2, e.statistics.filter(i.filterId()).matches());
        assertEquals(0, e.statistics.filter(i.filterId()).decisions());
        assertEquals(1, e.statistics.filter(b.filterId()).matches());
        assertEquals(1, e.statistics.filter(b.filterId()).decisions());
        assertEquals(2, e.statistics.layer(L).classifies());
        assertEquals(1, e.statistics.layer(L).blocks());
        assertEquals(1, e.statistics.layer(L).permits());
    }
}
