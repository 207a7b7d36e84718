package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.Decision;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The classifier maintained change by change ({@link ClassifierImpl#publish(List)}) decides exactly as one built
 * from scratch over the same filters, after long random sequences of adds and deletes: on random worlds with
 * every match type, several sublayers and callouts, and on a ClassBench set; and a change shares what it did not
 * touch.
 */
class IncrementalIndexTest {

    /** A classifier with the callouts of a case registered. */
    private static ClassifierImpl classifier(RandomCase c, boolean index) {
        FlowTable flows = new FlowTable();
        CalloutTable table = new CalloutTable(flows);
        ClassifierImpl engine = new ClassifierImpl(table, flows, new NetEventLog(64), new EngineStatistics());
        engine.setOptions(c.options());
        engine.setIndexing(index);
        for (RandomCase.CalloutSpec s : c.callouts()) {
            if (s.registered()) {
                table.register(s.key(), s.build(), null);
            }
        }
        return engine;
    }

    @Test
    void randomAddsAndDeletesDecideAsAFreshBuildDoes() {
        int rebuilt = 0;
        int single = 0;
        for (int world = 0; world < 12; world++) {
            long seed = 0x14_0000L + world;
            Random r = new Random(seed);
            RandomCase c = RandomCase.generate(r, 400, true);
            List<Filter> pool = c.filters();
            List<SubLayer> subs = c.subLayers();
            Map<UUID, SubLayer> byKey = new HashMap<>();
            for (SubLayer s : subs) {
                byKey.put(s.subLayerKey(), s);
            }
            ClassifierImpl live = classifier(c, true);
            Layer layer = c.layer();
            live.publish(layer, subs, List.of());
            List<Filter> present = new ArrayList<>();
            long nextId = 10_000;
            for (int step = 0; step < 400; step++) {
                List<Filter> deleted = new ArrayList<>();
                List<Filter> added = new ArrayList<>();
                int size = r.nextInt(20) == 0 ? 40 + r.nextInt(80) : 1 + r.nextInt(3);
                for (int i = 0; i < size; i++) {
                    if (!present.isEmpty() && r.nextInt(5) < 2) {
                        Filter d = present.remove(r.nextInt(present.size()));
                        if (!added.remove(d)) {
                            deleted.add(d);
                        }
                    } else if (!pool.isEmpty()) {
                        // a filter of the pool, as the engine would add it: a new id each time
                        Filter f = pool.get(r.nextInt(pool.size()));
                        Filter a = f.withIds(UUID.randomUUID(), f.subLayerKey(), nextId++, f.effectiveWeight());
                        present.add(a);
                        added.add(a);
                    }
                }
                List<SubLayer> named = new ArrayList<>();
                for (Filter a : added) {
                    named.add(byKey.get(a.subLayerKey()));
                }
                int before = live.snapshot(layer).changes;
                live.publish(List.of(new LayerChange(layer, deleted, added, named)));
                if (live.snapshot(layer).changes > before) {
                    single++;
                } else {
                    rebuilt++;
                }
                if (step % 10 == 9 || step == 399) {
                    compare(c, live, present, r, "world " + world + " (seed " + seed + "), step " + step);
                }
            }
        }
        assertTrue(single > 2000, "changes applied one by one: " + single);
        assertTrue(rebuilt > 20, "changes that built the layer again: " + rebuilt);
    }

    /** The live classifier against fresh ones (indexed and linear) over the same filters. */
    private static void compare(RandomCase c, ClassifierImpl live, List<Filter> present, Random r, String where) {
        Layer layer = c.layer();
        ClassifierImpl fresh = classifier(c, true);
        fresh.publish(layer, c.subLayers(), present);
        ClassifierImpl linear = classifier(c, false);
        linear.publish(layer, c.subLayers(), present);
        // the same filters in the same order, sublayer by sublayer
        assertEquals(ids(fresh.snapshot(layer)), ids(live.snapshot(layer)), where);
        IncomingValues v = live.newIncomingValues(layer);
        Verdict a = live.newVerdict();
        Verdict b = fresh.newVerdict();
        Verdict d = linear.newVerdict();
        for (int p = 0; p < 60; p++) {
            Value[] packet = RandomCase.packet(r, layer);
            for (int i = 0; i < packet.length; i++) {
                v.set(i, packet[i]);
            }
            live.classify(layer, v, null, null, a);
            fresh.classify(layer, v, null, null, b);
            linear.classify(layer, v, null, null, d);
            Decision got = a.toDecision();
            if (!got.equals(d.toDecision()) || !got.equals(b.toDecision())) {
                fail(where + ", packet " + v + ": maintained " + got + ", fresh " + b.toDecision() + ", linear "
                        + d.toDecision());
            }
        }
    }

    private static List<List<Long>> ids(LayerSnapshot s) {
        List<List<Long>> out = new ArrayList<>();
        for (LayerSnapshot.SubLayerFilters sl : s.subLayers) {
            List<Long> l = new ArrayList<>();
            for (CompiledFilter f : sl.filters) {
                l.add(f.filterId);
            }
            out.add(l);
        }
        return out;
    }

    @Test
    void classBenchRulesDeletedAndAddedOneByOneDecideAsAFreshBuild() throws Exception {
        Path p = Rules.classBench("acl1_1k");
        assumeTrue(p != null, "ClassBench set acl1_1k is not in ../shared/data/classbench");
        List<Rules.Box> boxes = Rules.read(p);
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<SubLayer> subs = List.of(SubLayer.of(sub, "universal", 0x8000));
        List<Filter> all = Rules.filters(boxes, sub);
        FlowTable flows = new FlowTable();
        ClassifierImpl live = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16),
                new EngineStatistics());
        live.publish(Rules.L, subs, all);
        List<Filter> present = new ArrayList<>(all);
        List<Filter> absent = new ArrayList<>();
        Random r = new Random(1414);
        for (int step = 0; step < 3000; step++) {
            boolean delete = absent.isEmpty() || (!present.isEmpty() && r.nextBoolean());
            if (delete) {
                Filter d = present.remove(r.nextInt(present.size()));
                absent.add(d);
                live.publish(List.of(new LayerChange(Rules.L, List.of(d), List.of(), List.of())));
            } else {
                Filter a = absent.remove(r.nextInt(absent.size()));
                present.add(a);
                live.publish(List.of(new LayerChange(Rules.L, List.of(), List.of(a), subs)));
            }
        }
        FlowTable flows2 = new FlowTable();
        ClassifierImpl fresh = new ClassifierImpl(new CalloutTable(flows2), flows2, new NetEventLog(16),
                new EngineStatistics());
        fresh.setIndexing(false);
        fresh.publish(Rules.L, subs, present);
        IncomingValues v = live.newIncomingValues(Rules.L);
        Verdict a = live.newVerdict();
        Verdict b = fresh.newVerdict();
        for (int i = 0; i < 20_000; i++) {
            Rules.packet(boxes.get(r.nextInt(boxes.size())), r, v);
            live.classify(Rules.L, v, null, null, a);
            fresh.classify(Rules.L, v, null, null, b);
            assertEquals(b.toDecision(), a.toDecision(), () -> "packet " + v);
        }
    }

    @Test
    void aChangeSharesWhatItDidNotTouch() {
        Layer l = Rules.L;
        UUID top = new UUID(1, 1);
        UUID rules = new UUID(1, 2);
        List<SubLayer> subs = List.of(SubLayer.of(top, "top", 0xFF00), SubLayer.of(rules, "rules", 100));
        FlowTable flows = new FlowTable();
        ClassifierImpl c = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16),
                new EngineStatistics());
        List<Filter> filters = new ArrayList<>(Rules.filters(Rules.synthetic(2000, 9), rules));
        filters.add(Filter.of("top", l, FilterAction.block()).withIds(UUID.randomUUID(), top, 50_000, 0));
        c.publish(l, subs, filters);
        c.publish(Layer.OUTBOUND_TRANSPORT_V4, subs, List.of());
        LayerSnapshot before = c.snapshot(l);
        LayerSnapshot otherLayer = c.snapshot(Layer.OUTBOUND_TRANSPORT_V4);
        Filter one = filters.get(7).withIds(UUID.randomUUID(), rules, 60_000, filters.get(7).effectiveWeight() + 1);
        c.publish(List.of(new LayerChange(l, List.of(), List.of(one), subs)));
        LayerSnapshot after = c.snapshot(l);
        assertNotSame(before, after);
        assertSame(otherLayer, c.snapshot(Layer.OUTBOUND_TRANSPORT_V4), "an untouched layer keeps its snapshot");
        assertSame(before.subLayers[0], after.subLayers[0], "an untouched sublayer is shared");
        assertNotSame(before.subLayers[1], after.subLayers[1]);
        assertEquals(2001, after.subLayers[1].filters.length);
        int kept = 0;
        for (CompiledFilter f : before.subLayers[1].filters) {
            for (CompiledFilter g : after.subLayers[1].filters) {
                if (f == g) {
                    kept++;
                }
            }
        }
        assertEquals(2000, kept, "compiled filters are kept, not compiled again");
        assertEquals(1, after.changes);
        // and an undo puts the very snapshot back
        Runnable undo = c.publish(List.of(new LayerChange(l, List.of(one), List.of(), List.of())));
        assertEquals(2000, c.snapshot(l).subLayers[1].filters.length);
        undo.run();
        assertSame(after, c.snapshot(l));
    }

    @Test
    void aWrongChangePublishesNothing() {
        Layer l = Rules.L;
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<SubLayer> subs = List.of(SubLayer.of(sub, "universal", 0x8000));
        FlowTable flows = new FlowTable();
        ClassifierImpl c = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16),
                new EngineStatistics());
        c.publish(l, subs, List.of());
        c.publish(Layer.OUTBOUND_TRANSPORT_V4, subs, List.of());
        LayerSnapshot a = c.snapshot(l);
        LayerSnapshot b = c.snapshot(Layer.OUTBOUND_TRANSPORT_V4);
        Filter good = Filter.of("good", l, FilterAction.block()).withIds(UUID.randomUUID(), sub, 1, 0);
        Filter nowhere = Filter.of("nowhere", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.block())
                .withIds(UUID.randomUUID(), new UUID(9, 9), 2, 0);
        assertThrows(IllegalArgumentException.class, () -> c.publish(List.of(
                new LayerChange(l, List.of(), List.of(good), subs),
                new LayerChange(Layer.OUTBOUND_TRANSPORT_V4, List.of(), List.of(nowhere), List.of()))));
        assertSame(a, c.snapshot(l), "the first layer's change was not published either");
        assertSame(b, c.snapshot(Layer.OUTBOUND_TRANSPORT_V4));
    }
}
