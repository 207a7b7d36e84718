package weir.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreChange;
import weir.engine.core.mgmt.persist.StoreFile;

/**
 * The engine store's cost (issue 14: "one filter added to 10K, then deleted, a transaction each"): one
 * operation is a filter added and then deleted, two transactions, into an engine whose store holds the 10K
 * persistent filters of ClassBench acl1_10k. Sampled, so that JMH prints the median (p0.50) and p0.99.
 *
 * <ul>
 * <li>{@code commitAddThenDelete}, lifetime {@code persistent}: the whole commit path, store included (one
 * journal record with one fsync per commit, a compaction now and then); lifetime {@code static}: the same
 * commits without the store, so the difference is what persistence costs.</li>
 * <li>{@code journalAddThenDelete}: the store alone (two records, each written and fsynced; when due, the
 * compaction that writes the 10K filters as a new snapshot, which shows in the highest percentiles).</li>
 * </ul>
 *
 * The store lives in a temporary folder under {@code java.io.tmpdir} (put it on the disk you care about
 * with {@code -Djava.io.tmpdir=DIR}); it is deleted afterwards.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class StoreBenchmark {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;

    /** The 10K ClassBench filters, persistent, with keys. */
    static List<Filter> tenThousand() throws IOException {
        List<Filter> out = new ArrayList<>();
        for (Filter f : ClassBench.filters(ClassBench.read(ClassBench.dir().resolve("acl1_10k")))) {
            out.add(f.withKey(UUID.randomUUID()).withSubLayer(Layer.SUBLAYER_UNIVERSAL)
                    .withFlags(FilterFlag.PERSISTENT));
        }
        return out;
    }

    static void delete(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A running engine whose store holds the 10K filters in its snapshot (as after a restart). */
    @State(Scope.Benchmark)
    public static class EngineState {
        @Param({"persistent", "static"})
        public String lifetime;

        Path folder;
        BaseFilteringEngine engine;
        EngineSession session;
        Filter probe;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = Files.createTempDirectory("weir-store-benchmark");
            List<Filter> filters = tenThousand();
            try (BaseFilteringEngine first = engine()) {
                EngineSession s = first.open(SessionOptions.named("load"));
                s.beginTransaction(false);
                for (Filter f : filters) {
                    s.addFilter(f);
                }
                s.commit();
            } // a clean stop: the 10K are compacted into the snapshot
            engine = engine();
            session = engine.open(SessionOptions.named("benchmark"));
            Filter p = ClassBench.filters(ClassBench.read(ClassBench.dir().resolve("acl1_10k"))).get(17)
                    .withSubLayer(Layer.SUBLAYER_UNIVERSAL);
            probe = lifetime.equals("persistent") ? p.withFlags(FilterFlag.PERSISTENT) : p;
        }

        private BaseFilteringEngine engine() {
            FlowTable flows = new FlowTable();
            CalloutTable callouts = new CalloutTable(flows);
            NetEventLog events = new NetEventLog();
            EngineStatistics statistics = new EngineStatistics();
            ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
            return new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, folder,
                    quiet());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            engine.close();
            delete(folder);
        }
    }

    /** The store alone, holding the 10K filters in its snapshot. */
    @State(Scope.Benchmark)
    public static class JournalState {
        Path folder;
        StoreFile store;
        PersistentObjects objects;
        Filter probe;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = Files.createTempDirectory("weir-journal-benchmark");
            List<Filter> filters = new ArrayList<>();
            long id = 1;
            for (Filter f : tenThousand()) {
                filters.add(f.withIds(f.filterKey(), f.subLayerKey(), id++, 0L));
            }
            objects = new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(), List.of(), filters);
            store = new StoreFile(folder, EngineLog.system());
            store.load(false);
            store.append(List.of(StoreChange.add(filters.get(0))));
            store.compact(objects);
            Filter p = tenThousand().get(17);
            probe = p.withIds(p.filterKey(), p.subLayerKey(), id, 0L);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            store.close();
            delete(folder);
        }
    }

    @Benchmark
    public void commitAddThenDelete(EngineState s) {
        Filter added = s.session.addFilter(s.probe.withKey(UUID.randomUUID()));
        s.session.deleteFilter(added.filterKey());
    }

    @Benchmark
    public void journalAddThenDelete(JournalState s) throws IOException {
        Filter f = s.probe.withIds(UUID.randomUUID(), s.probe.subLayerKey(), s.probe.filterId(), 0L);
        s.store.append(List.of(StoreChange.add(f)));
        s.store.append(List.of(StoreChange.delete(f)));
        if (s.store.compactionDue()) {
            s.store.compact(s.objects); // the same 10K: every add was deleted again
        }
    }

    /** Weight-tie warnings and the like are not what is measured. */
    static EngineLog quiet() {
        return new EngineLog() {
            @Override
            public void warn(String line) {
            }

            @Override
            public void info(String line) {
            }
        };
    }
}
