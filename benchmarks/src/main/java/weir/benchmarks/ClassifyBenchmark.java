package weir.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.Weights;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * Classification throughput over the ClassBench rule sets (one sublayer, ~10K filters at
 * INBOUND_TRANSPORT_V4), packets drawn uniformly from the rules' boxes. Run with {@code -prof gc} to see
 * that classify allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifyBenchmark {
    private static final int PACKETS = 1 << 14;

    @Param({"acl1_10k", "fw1_10k", "ipc1_10k"})
    public String ruleSet;

    private ClassifierImpl classifier;
    private IncomingValues[] packets;
    private Metadata metadata;
    private Verdict verdict;
    private int next;

    @Setup
    public void setUp() throws Exception {
        List<ClassBench.Rule> rules = ClassBench.read(ClassBench.dir().resolve(ruleSet));
        FlowTable flows = new FlowTable();
        classifier = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(), new EngineStatistics());
        Layer layer = Layer.INBOUND_TRANSPORT_V4;
        UUID sub = Layer.SUBLAYER_UNIVERSAL;
        List<Filter> filters = new ArrayList<>();
        long id = 1;
        for (Filter f : ClassBench.filters(rules)) {
            long w = Weights.effectiveWeight(layer, f.weight(), f.conditions());
            filters.add(f.withIds(UUID.randomUUID(), sub, id++, w));
        }
        classifier.publish(layer, List.of(SubLayer.of(sub, "universal", 0x8000)), filters);
        Random rnd = new Random(42);
        packets = new IncomingValues[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = classifier.newIncomingValues(layer);
            ClassBench.packetInside(rules.get(rnd.nextInt(rules.size())), rnd, packets[i]);
        }
        metadata = classifier.newMetadata();
        verdict = classifier.newVerdict();
    }

    @Benchmark
    public long classify() {
        IncomingValues v = packets[next++ & (PACKETS - 1)];
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, v, metadata, null, verdict);
        return verdict.filterId();
    }
}
