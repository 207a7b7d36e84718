package weir.benchmarks;

import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.SessionOptions;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyExporter;
import weir.engine.core.policy.PolicyImporter;

/**
 * The full import of 10K filters into an empty engine, warm (issue 14: under 100 ms): {@code filters} is one
 * transaction of 10K {@code addFilter} calls and its commit (every filter validated, weighed, compiled and
 * indexed); {@code policy} is the same rules as a policy file's text, parsed and imported as
 * {@code wfp:policy-import} does. Each invocation starts from a fresh engine (made outside the measurement).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ImportBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
@Fork(1)
@State(Scope.Thread)
public class ImportBenchmark {
    @Param({"acl1_10k"})
    public String ruleSet;

    private List<Filter> filters;
    private String policyText;
    private BaseFilteringEngine engine;
    private EngineSession session;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        filters = ClassBench.filters(ClassBench.set(ruleSet));
        BaseFilteringEngine e = Engines.create();
        EngineSession s = e.open(SessionOptions.named("export"));
        s.beginTransaction(false);
        for (Filter f : filters) {
            s.addFilter(f);
        }
        s.commit();
        policyText = PolicyExporter.export(s);
        e.close();
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        engine = Engines.create();
        session = engine.open(SessionOptions.named("import"));
    }

    @TearDown(Level.Invocation)
    public void closeEngine() {
        engine.close();
    }

    @Benchmark
    public EngineSession filters() {
        session.beginTransaction(false);
        for (Filter f : filters) {
            session.addFilter(f);
        }
        session.commit();
        return session;
    }

    @Benchmark
    public PolicyImporter.Result policy() {
        return PolicyImporter.apply(session, PolicyFile.parse("classbench.json", policyText));
    }
}
