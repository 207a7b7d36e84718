package weir.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import weir.engine.api.CalloutObject;
import weir.engine.api.Classifier;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.Verdict;

/**
 * Hot deployment latency (issue 4): the time from the rename of a callout bundle into {@code deploy/} to the
 * first classification that goes through the new callout, with FileInstall's default 200 ms poll. Each
 * measurement is one deployment ({@link Mode#SingleShotTime}); between them the bundle is removed again and
 * the filter is back to the unregistered rule.
 *
 * <p>The framework is the one weir.jar runs, embedded: Felix with SCR, the engine (weir.engine.core), the log
 * service, ConfigAdmin, MetaType and FileInstall with the launcher's settings, started as weir.jar starts it:
 * by weir.guard, whose gates see every deployed file and whose weaving hook every deployed class. The callout is weir.callouts.logging behind a
 * CALLOUT_TERMINATING filter: unregistered, the filter blocks with reason CALLOUT_UNREGISTERED; once the
 * callout is registered its CONTINUE becomes a BLOCK with reason CALLOUT. The bundles come from
 * {@code target/bundles/} next to benchmarks.jar (the build copies them there), or from the folder in the
 * system property {@code weir.bench.bundles}.
 *
 * <p>FileInstall reports a new file only once two scans in a row saw it unchanged, so with a 200 ms poll the
 * bundle is installed 200 to 400 ms after the rename (300 ms on average) whatever Weir does. The benchmark
 * therefore also prints, at the end of the trial, the two parts separately: rename → bundle INSTALLED
 * (FileInstall's wait) and INSTALLED → first classification through the callout (Weir: resolve, start, SCR,
 * whiteboard registration). {@code -p poll=50} shows the total with a shorter poll.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 25)
@Fork(1)
public class HotDeployBenchmark {
    private static final UUID LOGGING = UUID.fromString("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01");
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY = java.nio.file.attribute
            .PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    /** FileInstall's poll in ms; weir.jar uses 200. */
    @Param({"100", "200"})
    public int poll;

    private Path work;
    private Path deploy;
    private Path callout;
    private Path staged;
    private Path deployed;
    private Framework felix;
    private EngineSession session;
    private Classifier classifier;
    private IncomingValues values;
    private Metadata metadata;
    private Verdict verdict;
    /** When FileInstall installed the callout bundle (nanoTime), 0 before; and when the rename happened. */
    private volatile long installedAt;
    private long renamedAt;
    private final List<Long> fileInstallPart = new ArrayList<>();
    private final List<Long> weirPart = new ArrayList<>();
    private final java.util.Random phase = new java.util.Random(4);

    @Setup(Level.Trial)
    public void startFramework() throws Exception {
        Path bundles = bundles();
        callout = only(bundles.resolve("callout"));
        work = Files.createTempDirectory("weir-hotdeploy");
        // owner-only, whatever the umask: weir.guard reads nothing from a folder others can write
        deploy = Files.createDirectory(work.resolve("deploy"), OWNER_ONLY);
        Path etc = Files.createDirectory(work.resolve("etc"), OWNER_ONLY);
        staged = deploy.resolve(".weir.callouts.logging.jar.tmp");
        deployed = deploy.resolve("weir.callouts.logging.jar");

        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the benchmark talks to the engine through weir.engine.api from its own class path
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exportOf(only(bundles.resolve("api"))));
        p.put("felix.log.level", "1");
        p.put("weir.data", work.resolve("weir-data").toString());
        // FileInstall as the launcher sets it up (weir.launcher.FrameworkProperties)
        p.put("felix.fileinstall.dir", deploy + "," + etc);
        p.put("felix.fileinstall.poll", Integer.toString(poll));
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.tmpdir", work.resolve("fileinstall-tmp").toString());
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.subdir.mode", "skip");
        p.put("felix.fileinstall.filter", "[^.].*\\.(jar|cfg|config)");
        p.put("weir.deploy", deploy.toString());
        p.put("weir.etc", etc.toString());
        felix = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(p);
        felix.start();
        BundleContext context = felix.getBundleContext();
        context.addBundleListener((SynchronousBundleListener) e -> {
            if (e.getType() == BundleEvent.INSTALLED && e.getBundle().getLocation().endsWith(deployed.getFileName()
                    .toString())) {
                installedAt = System.nanoTime();
            }
        });
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles.resolve("runtime"))) {
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle b : installed) {
            if (!"org.apache.felix.fileinstall".equals(b.getSymbolicName())) {
                b.start(); // FileInstall is started by weir.guard, as in weir.jar
            }
        }

        session = service(context, FilterEngine.class).open(SessionOptions.dynamic("hot deploy benchmark"));
        session.addCallout(CalloutObject.of(LOGGING, "weir logging", LAYER));
        session.addFilter(Filter.of("through the logging callout", LAYER, FilterAction.calloutTerminating(LOGGING)));
        classifier = service(context, Classifier.class);
        values = classifier.newIncomingValues(LAYER);
        metadata = classifier.newMetadata();
        verdict = classifier.newVerdict();
        if (reason() != DecisionReason.CALLOUT_UNREGISTERED) {
            throw new IllegalStateException("the filter should follow the unregistered rule before the deployment,"
                    + " but the verdict was " + verdict.toDecision());
        }
    }

    @Setup(Level.Invocation)
    public void stage() throws IOException, InterruptedException {
        installedAt = 0;
        // copied in under a hidden name: FileInstall ignores it until the rename
        Files.copy(callout, staged, StandardCopyOption.REPLACE_EXISTING);
        // The previous removal was seen by a scan that just happened; a user's rename is not in step with
        // FileInstall's scans, so start the next measurement at a random point of the poll period.
        Thread.sleep(phase.nextInt(poll));
    }

    @Benchmark
    public Verdict renameToFirstClassification() throws IOException {
        renamedAt = System.nanoTime();
        Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (reason() != DecisionReason.CALLOUT) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the callout was not called within 30 s of the rename");
            }
            // 0.1 ms between packets: the resolution of the measurement, and CPU left for FileInstall and SCR
            LockSupport.parkNanos(100_000);
        }
        long now = System.nanoTime();
        long installed = installedAt;
        if (installed != 0) {
            fileInstallPart.add(installed - renamedAt);
            weirPart.add(now - installed);
        }
        return verdict;
    }

    @TearDown(Level.Invocation)
    public void undeploy() throws IOException {
        Files.delete(deployed);
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (reason() != DecisionReason.CALLOUT_UNREGISTERED) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the callout was still registered 30 s after its removal");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @TearDown(Level.Trial)
    public void stopFramework() throws Exception {
        System.out.println();
        System.out.println("rename -> bundle installed (FileInstall, poll " + poll + " ms): "
                + summary(fileInstallPart));
        System.out.println("bundle installed -> first classification through it (Weir): " + summary(weirPart));
        session.close();
        felix.stop();
        felix.waitForStop(TimeUnit.SECONDS.toMillis(30));
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Median, 90th percentile and maximum in ms, over warm-up and measured deployments alike. */
    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no data";
        }
        List<Long> s = new ArrayList<>(nanos);
        s.sort(null);
        return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms over %d deployments",
                s.get(s.size() / 2) / 1e6, s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.9) - 1)) / 1e6,
                s.get(s.size() - 1) / 1e6, s.size());
    }

    private DecisionReason reason() {
        classifier.classify(LAYER, values, metadata, null, verdict);
        return verdict.reason();
    }

    private static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(TimeUnit.SECONDS.toMillis(30));
        if (s == null) {
            throw new IllegalStateException("no " + type.getName() + " service: did weir.engine.core start?");
        }
        return s;
    }

    /** target/bundles next to benchmarks.jar, unless weir.bench.bundles names another folder. */
    private static Path bundles() throws URISyntaxException {
        String dir = System.getProperty("weir.bench.bundles");
        if (dir != null) {
            return Path.of(dir);
        }
        Path jar = Path.of(HotDeployBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path b = jar.getParent().resolve("bundles");
        if (!Files.isDirectory(b)) {
            throw new IllegalStateException(b + " does not exist: build the benchmarks module (mvn package) first,"
                    + " or set -Dweir.bench.bundles=FOLDER");
        }
        return b;
    }

    private static Path only(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException(folder + " should hold exactly one jar, not " + jars);
            }
            return jars.get(0);
        }
    }

    private static String exportOf(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
