package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.engine.api.Decision;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The index gives the linear scan's answer on real 5-tuple rule sets (ClassBench) and on a synthetic one: in one
 * sublayer, spread over four weighted sublayers, and mapped into IPv6.
 */
class IndexTest {
    private static final UUID[] FOUR = {new UUID(0x5B, 1), new UUID(0x5B, 2), new UUID(0x5B, 3), new UUID(0x5B, 4)};

    private static ClassifierImpl classifier(Layer layer, List<SubLayer> subs, List<Filter> filters, boolean index) {
        FlowTable flows = new FlowTable();
        ClassifierImpl c = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16), new EngineStatistics());
        c.setIndexing(index);
        c.publish(layer, subs, filters);
        return c;
    }

    static List<Rules.Box> boxes(String set) throws Exception {
        if (set.equals("synthetic")) {
            return Rules.synthetic(3000, 11);
        }
        Path p = Rules.classBench(set);
        assumeTrue(p != null, "ClassBench set " + set + " is not in ../shared/data/classbench");
        return Rules.read(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic", "acl1_1k", "acl1_10k", "fw1_10k", "ipc1_10k"})
    void indexAgreesWithLinearScan(String set) throws Exception {
        List<Rules.Box> boxes = boxes(set);
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<SubLayer> subs = List.of(SubLayer.of(sub, "universal", 0x8000));
        List<Filter> filters = Rules.filters(boxes, sub);
        ClassifierImpl indexed = classifier(Rules.L, subs, filters, true);
        FilterIndex ix = indexed.snapshot(Rules.L).index;
        assertTrue(ix.isTree(), "an index is built for " + set);
        FilterIndex.Shape shape = ix.shape();
        assertTrue(shape.positions() <= (long) boxes.size() * (FilterIndex.BUDGET + 1), "copies stay in budget: " + shape);
        agree(set, boxes, Rules.L, indexed, classifier(Rules.L, subs, filters, false), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic", "acl1_10k", "fw1_10k", "ipc1_10k"})
    void indexOverFourSublayersAgreesWithLinearScan(String set) throws Exception {
        List<Rules.Box> boxes = boxes(set);
        List<SubLayer> subs = new ArrayList<>();
        for (int i = 0; i < FOUR.length; i++) {
            subs.add(SubLayer.of(FOUR[i], "sublayer " + i, 0x4000 * (4 - i)));
        }
        List<Filter> filters = new ArrayList<>();
        List<Filter> one = Rules.filters(boxes, Layer.SUBLAYER_UNIVERSAL);
        for (int i = 0; i < one.size(); i++) {
            filters.add(one.get(i).withSubLayer(FOUR[i % 4]));
        }
        ClassifierImpl indexed = classifier(Rules.L, subs, filters, true);
        assertEquals(4, indexed.snapshot(Rules.L).subLayers.length);
        agree(set, boxes, Rules.L, indexed, classifier(Rules.L, subs, filters, false), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic", "acl1_10k", "fw1_10k", "ipc1_10k"})
    void ipv6IndexAgreesWithLinearScan(String set) throws Exception {
        List<Rules.Box> boxes = boxes(set);
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<SubLayer> subs = List.of(SubLayer.of(sub, "universal", 0x8000));
        List<Filter> filters = Rules.filters6(boxes, sub);
        ClassifierImpl indexed = classifier(Rules.L6, subs, filters, true);
        FilterIndex.Shape shape = indexed.snapshot(Rules.L6).index.shape();
        assertTrue(shape.leaves() > boxes.size() / 64, "IPv6 addresses are indexed, not scanned: " + shape);
        agree(set, boxes, Rules.L6, indexed, classifier(Rules.L6, subs, filters, false), true);
    }

    private static void agree(String set, List<Rules.Box> boxes, Layer layer, ClassifierImpl indexed,
            ClassifierImpl linear, boolean v6) {
        assertFalse(linear.snapshot(layer).index.isTree());
        Random r = new Random(set.hashCode());
        IncomingValues v = indexed.newIncomingValues(layer);
        Verdict a = indexed.newVerdict();
        Verdict b = linear.newVerdict();
        for (int i = 0; i < 5_000; i++) {
            if (v6) {
                Rules.packet6(boxes.get(r.nextInt(boxes.size())), r, v);
            } else {
                Rules.packet(boxes.get(r.nextInt(boxes.size())), r, v);
            }
            indexed.classify(layer, v, null, null, a);
            linear.classify(layer, v, null, null, b);
            Decision da = a.toDecision();
            assertEquals(b.toDecision(), da, () -> "packet " + v);
        }
    }
}
