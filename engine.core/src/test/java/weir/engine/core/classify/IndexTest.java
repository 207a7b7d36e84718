package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.engine.api.Decision;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/** The index gives the linear scan's answer on real 5-tuple rule sets (ClassBench) and on a synthetic one. */
class IndexTest {
    private static ClassifierImpl classifier(List<Rules.Box> boxes, boolean index) {
        FlowTable flows = new FlowTable();
        ClassifierImpl c = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(16), new EngineStatistics());
        c.setIndexing(index);
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        c.publish(Rules.L, List.of(SubLayer.of(sub, "universal", 0x8000)), Rules.filters(boxes, sub));
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic", "acl1_1k", "acl1_10k", "fw1_10k", "ipc1_10k"})
    void indexAgreesWithLinearScan(String set) throws Exception {
        List<Rules.Box> boxes;
        if (set.equals("synthetic")) {
            boxes = Rules.synthetic(3000, 11);
        } else {
            Path p = Rules.classBench(set);
            assumeTrue(p != null, "ClassBench set " + set + " is not in ../shared/data/classbench");
            boxes = Rules.read(p);
        }
        ClassifierImpl indexed = classifier(boxes, true);
        ClassifierImpl linear = classifier(boxes, false);
        FilterIndex ix = indexed.snapshot(Rules.L).index;
        assertTrue(ix.isTree(), "an index is built for " + set);
        FilterIndex.Shape shape = ix.shape();
        if (set.equals("fw1_10k")) {
            assertTrue(shape.separateNodes() > 0, "fw1 needs separate rests (several leaves per packet): " + shape);
        }
        assertTrue(shape.positions() <= (long) boxes.size() * (FilterIndex.BUDGET + 1), "copies stay in budget: " + shape);
        assertFalse(linear.snapshot(Rules.L).index.isTree());
        Random r = new Random(set.hashCode());
        IncomingValues v = indexed.newIncomingValues(Rules.L);
        Verdict a = indexed.newVerdict();
        Verdict b = linear.newVerdict();
        for (int i = 0; i < 5_000; i++) {
            Rules.packet(boxes.get(r.nextInt(boxes.size())), r, v);
            indexed.classify(Rules.L, v, null, null, a);
            linear.classify(Rules.L, v, null, null, b);
            Decision da = a.toDecision();
            assertEquals(b.toDecision(), da, () -> "packet " + v);
        }
    }
}
