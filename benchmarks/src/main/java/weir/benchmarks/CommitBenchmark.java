package weir.benchmarks;

import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.SessionOptions;
import weir.engine.core.mgmt.BaseFilteringEngine;

/**
 * A one-filter change into a layer of 10K filters (issue 14: median under 1 ms, p99 under 5 ms), through the whole
 * engine: a session's implicit transaction (validation, the callouts' notify, commit, publish to the classifier,
 * change notifications), no persistent objects. Invocations alternate: one adds a filter, the next deletes it,
 * each a transaction of its own; {@link Mode#SampleTime} reports the median and p99 of both together.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CommitBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CommitBenchmark {
    @Param({"acl1_10k"})
    public String ruleSet;

    private BaseFilteringEngine engine;
    private EngineSession session;
    private List<Filter> extra;
    private Filter added;
    private int next;

    @Setup
    public void setUp() throws Exception {
        List<ClassBench.Rule> rules = ClassBench.set(ruleSet);
        engine = Engines.create();
        session = engine.open(SessionOptions.named("bench"));
        session.beginTransaction(false);
        for (Filter f : ClassBench.filters(rules)) {
            session.addFilter(f);
        }
        session.commit();
        extra = Engines.extra(rules, 4096);
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Filter oneFilterChange() {
        if (added == null) {
            added = session.addFilter(extra.get(next++ & 4095));
            return added;
        }
        session.deleteFilter(added.filterKey());
        Filter gone = added;
        added = null;
        return gone;
    }
}
