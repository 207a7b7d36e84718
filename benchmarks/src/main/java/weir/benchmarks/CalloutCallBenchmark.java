package weir.benchmarks;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.EngineOptions;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.Weights;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * What a callout call costs the packet path: one classification at INBOUND_TRANSPORT_V4 whose only filter is a
 * static PERMIT ({@code filter=static}) or a CALLOUT_TERMINATING filter whose callout permits at once
 * ({@code filter=callout}). The difference is the call with its accounting: the in-flight count, two clock
 * reads, the counters, the time histogram, the slowest-calls floor and D13's time budget
 * ({@code budgetMillis=0} switches the budget off). Run with {@code -t 4} to see that the counters do not fight
 * over one word across threads, and with {@code -prof gc} to see that nothing is allocated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CalloutCallBenchmark {
    /** Permits without looking: the call itself is all there is to measure. */
    static final class Permit implements Callout {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            out.setActionType(ActionType.PERMIT);
        }
    }

    @Param({"static", "callout"})
    public String filter;

    @Param({"100", "0"})
    public int budgetMillis;

    private ClassifierImpl classifier;

    /** Each thread's own values, metadata and verdict, as a shim's packet thread has them. */
    @State(Scope.Thread)
    public static class PerThread {
        IncomingValues values;
        Metadata metadata;
        Verdict verdict;

        @Setup(Level.Trial)
        public void setUp(CalloutCallBenchmark b) {
            values = b.classifier.newIncomingValues(Layer.INBOUND_TRANSPORT_V4)
                    .set(Field.IP_LOCAL_PORT, Value.uint16(443));
            metadata = b.classifier.newMetadata();
            verdict = b.classifier.newVerdict();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        classifier = new ClassifierImpl(callouts, flows, new NetEventLog(), new EngineStatistics());
        classifier.setOptions(EngineOptions.defaults().withCalloutBudgetMillis(budgetMillis));
        Layer layer = Layer.INBOUND_TRANSPORT_V4;
        UUID key = UUID.randomUUID();
        callouts.register(key, new Permit(), null);
        Filter f = Filter.of("bench", layer,
                filter.equals("callout") ? FilterAction.calloutTerminating(key) : FilterAction.permit());
        long w = Weights.effectiveWeight(layer, f.weight(), f.conditions());
        classifier.publish(layer, List.of(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000)),
                List.of(f.withIds(UUID.randomUUID(), Layer.SUBLAYER_UNIVERSAL, 1, w)));
    }

    @Benchmark
    public ActionType classify(PerThread t) {
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, t.values, t.metadata, null, t.verdict);
        return t.verdict.action();
    }
}
