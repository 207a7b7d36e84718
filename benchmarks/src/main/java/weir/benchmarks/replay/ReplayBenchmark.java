package weir.benchmarks.replay;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import weir.benchmarks.ClassBench;
import weir.engine.api.EngineSession;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyImporter;
import weir.shim.pcap.run.OfflineReplay;

/**
 * Replay's steady state in one JVM, without the launcher's start: the whole packet path ({@link OfflineReplay}:
 * the memory-mapped reader, parse, flow table, the layers' classifications, net events, the permitted-file
 * writer) over the files of the side-by-side table ({@link ReplayFiles}: a realistic mix, one packet per flow,
 * acl1_1k's rules), each pass with a fresh engine holding the file's policy (set up outside the measured time), as
 * one {@code weir.jar --replay} run has: an engine whose flow table was filled and emptied by an earlier pass
 * would hand out its freed slots in another order. A score is the time of one packet (a pass divided by its
 * packets). {@code benchmarks/run-table} measures the same files end to end
 * against tcpdump; this is for seeing where replay's time goes while changing it:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReplayBenchmark -prof gc
 * java -cp benchmarks/target/benchmarks.jar weir.benchmarks.replay.ReplayBenchmark [mix|oneper|acl1] [PACKETS] [PASSES]
 * </pre>
 *
 * The second form (no JMH) prints the replay thread's CPU time per packet for each pass: on a machine shared
 * with other work, CPU time says more than wall time. {@link ReplayPaired} runs two builds' passes in turn in
 * one JVM and prints their paired ratio, for judging a change there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ReplayBenchmark {
    /** The packets of each generated file; the score is per packet. */
    static final int PACKETS = 200_000;

    @Param({"mix", "oneper", "acl1"})
    public String file;

    private Path dir;
    private Replay replay;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("weir-replay-bench");
        replay = new Replay(dir, file, PACKETS);
    }

    @Setup(Level.Iteration)
    public void freshEngine() {
        replay.freshEngine();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        replay.close();
        delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long pass() {
        return replay.pass();
    }

    /** The file and its policy; per pass a fresh engine holding the policy ({@link #freshEngine}) and a replay. */
    static final class Replay implements AutoCloseable {
        private static final EngineLog QUIET = new EngineLog() {
            @Override
            public void warn(String line) {
            }

            @Override
            public void info(String line) {
            }
        };

        final int packets;
        private final Path capture;
        private final Path permitted;
        private final String local;
        private final String name;
        private final String policy;
        private BaseFilteringEngine engine;
        private EngineSession session;
        private OfflineReplay offline;

        Replay(Path dir, String name, int packets) throws IOException {
            this.packets = packets;
            this.name = name;
            boolean acl = name.equals("acl1");
            capture = dir.resolve(name + ".pcap");
            permitted = dir.resolve("permitted-" + name + ".pcap");
            switch (name) {
                case "mix" -> {
                    ReplayFiles.mix(capture, packets, new Random(14));
                    policy = ReplayFiles.POLICY10;
                }
                case "mix-empty" -> {
                    // the floor of the path: the same packets with no filter at any layer
                    ReplayFiles.mix(capture, packets, new Random(14));
                    policy = "{\"version\": 1, \"filters\": []}";
                }
                case "oneper" -> {
                    ReplayFiles.onePerFlow(capture, packets, new Random(41));
                    policy = ReplayFiles.POLICY10;
                }
                case "acl1" -> {
                    AclFiles.write(ClassBench.set("acl1_1k"), dir, packets, new Random(7));
                    policy = Files.readString(dir.resolve("acl1_1k.json"));
                }
                default -> throw new IllegalArgumentException("no such replay file: " + name + " (mix, mix-empty, oneper, acl1)");
            }
            local = acl ? null : "10.0.0.0/8";
        }

        /** A new engine (flow table, classifier, net events) with the file's policy imported. */
        void freshEngine() {
            close();
            FlowTable flows = new FlowTable();
            CalloutTable callouts = new CalloutTable(flows);
            NetEventLog events = new NetEventLog();
            EngineStatistics statistics = new EngineStatistics();
            ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
            engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, null,
                    QUIET);
            session = engine.open(SessionOptions.named("replay-benchmark"));
            PolicyImporter.apply(session, PolicyFile.parse(name + ".json", policy));
            offline = new OfflineReplay(classifier, flows, session, null);
        }

        /** Replays the whole file with a fresh flow table; returns the packets permitted. */
        long pass() {
            OfflineReplay.Result r = offline.replay(capture, local, permitted, null);
            return r.run().counters().permittedCount();
        }

        @Override
        public void close() {
            if (engine != null) {
                session.close();
                engine.close();
                engine = null;
            }
        }
    }

    /** The replay thread's CPU time per packet, pass after pass (no JMH). */
    public static void main(String[] args) throws IOException {
        String name = args.length > 0 ? args[0] : "mix";
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("weir-replay-probe");
        try (Replay r = new Replay(dir, name, packets)) {
            for (int i = 0; i < passes; i++) {
                r.freshEngine();
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                long permittedCount = r.pass();
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                wall = System.nanoTime() - wall;
                System.out.printf(Locale.ROOT, "%s pass %d: %.0f ns CPU / packet, %.0f ns wall / packet (%d permitted)%n",
                        name, i + 1, (double) cpu / packets, (double) wall / packets, permittedCount);
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
