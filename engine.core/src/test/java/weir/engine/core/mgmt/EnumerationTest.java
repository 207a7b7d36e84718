package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.block;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.EngineSession;
import weir.engine.api.EnumType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;

/** Rule 34 and FWPM_FILTER_ENUM_TEMPLATE0: snapshots, SORTED, BEST_TERMINATING_MATCH, the template's fields. */
class EnumerationTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    private static Condition port(int p) {
        return Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(p));
    }

    private static Condition ports(int lo, int hi) {
        return Condition.range(Field.IP_LOCAL_PORT, Value.uint16(lo), Value.uint16(hi));
    }

    private static List<String> names(List<Filter> l) {
        return l.stream().map(Filter::name).toList();
    }

    @Test
    void rule34_enumerationIsASnapshotUnaffectedByLaterChanges() {
        Filter a = s.addFilter(permit("a", L));
        s.addFilter(permit("b", L));
        List<Filter> snapshot = s.filters();
        s.deleteFilter(a.filterKey());
        s.addFilter(block("c", L));
        assertEquals(List.of("a", "b"), names(snapshot));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(a));
        assertEquals(List.of("b", "c"), names(s.filters()));
    }

    @Test
    void rule34_sortedIsEvaluationOrder() {
        SubLayer low = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "low", 100));
        SubLayer high = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "high", 0xFFFF));
        s.addFilter(permit("low 9", L).withSubLayer(low.subLayerKey()).withWeight(Weight.exact(9)));
        s.addFilter(permit("universal 1", L).withWeight(Weight.exact(1)));
        s.addFilter(permit("high 5", L).withSubLayer(high.subLayerKey()).withWeight(Weight.exact(5)));
        s.addFilter(permit("high max", L).withSubLayer(high.subLayerKey()).withWeight(Weight.exact(-1L)));
        s.addFilter(permit("universal 1 again", L).withWeight(Weight.exact(1)));
        s.addFilter(permit("universal 7", L).withWeight(Weight.exact(7)));

        List<Filter> sorted = s.filters(FilterEnumTemplate.layer(L).withSorted(true));
        assertEquals(List.of("high max", "high 5", "universal 7", "universal 1", "universal 1 again", "low 9"),
                names(sorted), "sublayers by weight (0xFFFF, 0x8000, 100), then unsigned weight, then filterId");
        assertEquals(List.of("low 9", "universal 1", "high 5", "high max", "universal 1 again", "universal 7"),
                names(s.filters(FilterEnumTemplate.layer(L))), "unsorted: the order of adding");
    }

    @Test
    void d4_equalSublayerWeightsAreOrderedByAscendingKeyText() {
        UUID small = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID large = UUID.fromString("ffffffff-0000-0000-0000-000000000000"); // negative for UUID.compareTo
        s.addSubLayer(SubLayer.of(large, "large key", 7));
        s.addSubLayer(SubLayer.of(small, "small key", 7));
        s.addFilter(permit("in large", L).withSubLayer(large));
        s.addFilter(permit("in small", L).withSubLayer(small));
        assertEquals(List.of("in small", "in large"), names(s.filters(FilterEnumTemplate.layer(L).withSorted(true))));
        List<SubLayer> subLayers = s.subLayers();
        assertEquals(List.of("FWPM_SUBLAYER_UNIVERSAL", "small key", "large key"),
                subLayers.stream().map(SubLayer::name).toList());
    }

    @Test
    void rule34_bestTerminatingMatchReturnsOnlyTheHighestTerminatingFilterContainingTheTemplate() {
        CalloutObject c = s.addCallout(callout("c", L));
        SubLayer high = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "high", 0xFFFF));
        s.addFilter(Filter.of("inspection", L, FilterAction.calloutInspection(c.calloutKey()))
                .withSubLayer(high.subLayerKey()).withWeight(Weight.exact(100)));
        s.addFilter(Filter.of("unknown", L, FilterAction.calloutUnknown(c.calloutKey()))
                .withSubLayer(high.subLayerKey()).withWeight(Weight.exact(90)));
        s.addFilter(permit("port 80", L).withConditions(port(80)).withSubLayer(high.subLayerKey())
                .withWeight(Weight.exact(80)));
        s.addFilter(block("low ports", L).withConditions(ports(1, 1024)).withSubLayer(high.subLayerKey())
                .withWeight(Weight.exact(70)));
        s.addFilter(permit("ssh", L).withConditions(port(22)).withWeight(Weight.exact(-1L)));

        FilterEnumTemplate t22 = FilterEnumTemplate.layer(L).withConditions(EnumType.OVERLAPPING, List.of(port(22)))
                .withBestTerminatingMatch(true);
        assertEquals(List.of("low ports"), names(s.filters(t22)));
        FilterEnumTemplate t443 = t22.withConditions(EnumType.OVERLAPPING, List.of(port(2222)));
        assertEquals(List.of(), names(s.filters(t443)), "no terminating filter contains port 2222");
    }

    @Test
    void bestTerminatingMatchWithoutLayerAnswersPerLayer() {
        s.addFilter(permit("v4", L).withWeight(Weight.exact(1)));
        s.addFilter(block("v4 heavier", L).withWeight(Weight.exact(2)));
        s.addFilter(permit("v6", Layer.INBOUND_TRANSPORT_V6));
        assertEquals(List.of("v4 heavier", "v6"),
                names(s.filters(FilterEnumTemplate.all().withBestTerminatingMatch(true))));
    }

    @Test
    void fullyContainedAndOverlappingSelectDifferently() {
        s.addFilter(permit("range", L).withConditions(ports(1, 1024)));
        s.addFilter(permit("exact", L).withConditions(port(22)));
        s.addFilter(permit("other", L).withConditions(port(8080)));
        s.addFilter(permit("everything", L));
        FilterEnumTemplate fc22 = FilterEnumTemplate.layer(L).withConditions(EnumType.FULLY_CONTAINED, List.of(port(22)));
        assertEquals(List.of("range", "exact", "everything"), names(s.filters(fc22)));
        FilterEnumTemplate fcRange = fc22.withConditions(EnumType.FULLY_CONTAINED, List.of(ports(1, 1024)));
        assertEquals(List.of("range", "everything"), names(s.filters(fcRange)));
        FilterEnumTemplate ovRange = fc22.withConditions(EnumType.OVERLAPPING, List.of(ports(1, 1024)));
        assertEquals(List.of("range", "exact", "everything"), names(s.filters(ovRange)));
    }

    @Test
    void actionMaskAndCalloutKeySelectByAction() {
        CalloutObject c1 = s.addCallout(callout("one", L));
        CalloutObject c2 = s.addCallout(callout("two", L));
        s.addFilter(permit("permit", L));
        s.addFilter(block("block", L));
        s.addFilter(Filter.of("term one", L, FilterAction.calloutTerminating(c1.calloutKey())));
        s.addFilter(Filter.of("insp two", L, FilterAction.calloutInspection(c2.calloutKey())));
        FilterEnumTemplate all = FilterEnumTemplate.layer(L);
        assertEquals(List.of("term one", "insp two"), names(s.filters(all.withActionMask(ActionType.FLAG_CALLOUT))));
        assertEquals(List.of("term one"), names(s.filters(all.withCallout(c1.calloutKey()))));
        assertEquals(List.of("permit", "block", "term one"),
                names(s.filters(all.withActionMask(ActionType.FLAG_TERMINATING))));
        assertEquals(List.of("insp two"), names(s.filters(all.withActionMask(ActionType.FLAG_NON_TERMINATING))));
        assertEquals(List.of(), names(s.filters(all.withActionMask(0))), "no bit, no filter");
        assertEquals(List.of("insp two"), names(s.filters(all.withActionMask(0x0004))),
                "a filter is selected when its action code shares a bit with the mask: 0x6004 & 0x4");
    }

    @Test
    void providerLayerAndSublayerNarrow() {
        Provider p = s.addProvider(Provider.of(null, "p"));
        SubLayer sl = s.addSubLayer(SubLayer.of(null, "sl", 1));
        s.addFilter(permit("owned", L).withProvider(p.providerKey(), null));
        s.addFilter(permit("in sl", L).withSubLayer(sl.subLayerKey()));
        s.addFilter(permit("v6", Layer.INBOUND_TRANSPORT_V6));
        assertEquals(List.of("owned"), names(s.filters(FilterEnumTemplate.all().withProvider(p.providerKey()))));
        assertEquals(List.of("in sl"), names(s.filters(FilterEnumTemplate.all().withSubLayer(sl.subLayerKey()))));
        assertEquals(List.of("v6"), names(s.filters(FilterEnumTemplate.layer(Layer.INBOUND_TRANSPORT_V6))));
        assertEquals(3, s.filters().size());
    }

    @Test
    void templateConditionsNeedALayerAndMayNotRepeat() {
        WfpException e = assertThrows(WfpException.class, () -> s.filters(
                FilterEnumTemplate.all().withConditions(EnumType.OVERLAPPING, List.of(port(22)))));
        assertEquals(ErrorCode.INVALID_ENUMERATOR, e.error());
        e = assertThrows(WfpException.class, () -> s.filters(
                FilterEnumTemplate.layer(L).withConditions(EnumType.OVERLAPPING, List.of(port(22), port(22)))));
        assertEquals(ErrorCode.DUPLICATE_CONDITION, e.error());
        e = assertThrows(WfpException.class, () -> s.filters(FilterEnumTemplate.layer(L).withConditions(
                EnumType.OVERLAPPING, List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint32(22))))));
        assertEquals(ErrorCode.TYPE_MISMATCH, e.error());
        assertTrue(e.getMessage().contains("enumeration template") && !e.getMessage().contains("filter '"),
                e.getMessage());
    }

    @Test
    void enumerationInsideTransactionIncludesPendingFilters() {
        s.addFilter(permit("committed", L));
        s.beginTransaction(false);
        s.addFilter(permit("pending", L));
        assertEquals(List.of("committed", "pending"), names(s.filters(FilterEnumTemplate.layer(L).withSorted(true))));
        s.abort();
    }
}
