package weir.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The framework and FileInstall settings of a Weir run. */
final class FrameworkProperties {
    /** FileInstall poll period: at most 250 ms; 100 ms because FileInstall waits for two unchanged scans, so a
     * callout is called a median ~195 ms after its rename into deploy/ (HotDeployBenchmark; 200 ms gave ~370 ms). */
    static final String POLL_MS = "100";
    /** The file names FileInstall acts on: bundles and configurations, never hidden or temporary files. */
    static final String ARTIFACTS = "[^.].*\\.(jar|cfg|config)";
    /** Tells weir.shim.pcap to wait for {@link ExitService#opened()} before its first packet. */
    static final String START_GATE = "weir.start.gate";

    private FrameworkProperties() {
    }

    static Map<String, String> of(Path deploy, Path etc, Path data, boolean commandMode) {
        Map<String, String> p = new HashMap<>();
        // deploy/ and the engine's own store are the sources of truth: the framework cache starts empty.
        p.put("org.osgi.framework.storage", data.resolve("felix-cache").toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("felix.log.level", "1");
        // FileInstall: bundles from deploy/, configurations (*.cfg, *.config) from etc/. deploy/ first: its
        // bundles are installed before etc/ is read, so a deployed callout's configuration finds its PID declared.
        // weir.guard starts FileInstall (the launcher does not) once its gates are in place, and pauses it while
        // either folder is unsafe.
        p.put("felix.fileinstall.dir", deploy + "," + etc);
        p.put("felix.fileinstall.poll", POLL_MS);
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.tmpdir", data.resolve("fileinstall-tmp").toString());
        // warnings too: a bundle that does not start is reported only there (weir.guard prints it as one line);
        // to the OSGi log, never to standard output (FileInstall's default without a log service)
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.bundles.new.start", "true");
        // Weir never writes into the user's files: FileInstall would otherwise write every ConfigAdmin change
        // back into its etc/ file (and delete the file with its configuration). This one switch covers both.
        p.put("felix.fileinstall.enableConfigSave", "false");
        // files directly in the folders only: no bundles jarred up from subfolders
        p.put("felix.fileinstall.subdir.mode", "skip");
        // Only complete artifacts: FileInstall would otherwise install any file, including one still being
        // copied under a temporary name (".x.jar.tmp") before its rename to x.jar.
        p.put("felix.fileinstall.filter", ARTIFACTS);
        // Weir's own data folder (engine store, written by weir.engine.core)
        p.put("weir.data", data.toString());
        p.put("weir.deploy", deploy.toString());
        p.put("weir.etc", etc.toString());
        p.put("weir.version", Main.version());
        // A source given on the command line reads its first packet only once the launcher has judged the start
        // (every bundle of the run active): a bundle that fails to start ends Weir before one packet is read.
        p.put(START_GATE, "launcher");
        // The shell: local only (no telnet or remote console bundle is in the run). With -c the shell bundle
        // still provides its built-in commands but does not read standard input.
        if (commandMode) {
            p.put("gosh.args", "--nointeractive --noshutdown");
            // Gogo's shell always runs its login profile, and the default one needs a line reader, which a
            // shell without input has not: it fails half-way (on stderr) while -c runs. Give it our own.
            p.put("gosh.home", data.resolve(GOSH_HOME).toString());
        }
        return p;
    }

    static final String GOSH_HOME = "gosh";

    /**
     * The login profile of -c runs, {@code <data>/gosh/etc/gosh_profile} (see {@link #of}). It sets nothing up
     * and waits, quietly, until the framework stops: a shell thread that ended early would leave its session
     * unreachable but unclosed, and Gogo's runtime trips over such a session (a NullPointerException on
     * stderr) when it stops.
     */
    static void writeCommandProfile(Path data) throws IOException {
        Path etc = Files.createDirectories(data.resolve(GOSH_HOME).resolve("etc"));
        Files.writeString(etc.resolve("gosh_profile"), String.join("\n",
                "# weir -c: Weir runs the command itself; this shell reads nothing. Wait until Weir stops.",
                "try { (($.context bundle 0) waitForStop 0) } { }", ""));
    }

    /**
     * The policy and packet-source options, for the bundles that act on them: weir.engine.core reads
     * {@code weir.policy}; weir.shim.pcap reads {@code weir.shim.*} and {@code weir.batch}. Paths are absolute.
     */
    static void addSource(Map<String, String> p, Options o) {
        if (o.policy != null) {
            p.put("weir.policy", o.policy.toAbsolutePath().toString());
        }
        if (o.replay != null) {
            p.put("weir.shim.replay", o.replay.toAbsolutePath().toString());
        }
        if (o.live != null) {
            p.put("weir.shim.live", o.live);
        }
        if (o.bridge != null) {
            p.put("weir.shim.bridge", o.bridge);
        }
        if (o.local != null) {
            p.put("weir.shim.local", o.local);
        }
        if (o.permitted != null) {
            p.put("weir.shim.permitted", o.permitted.toAbsolutePath().toString());
        }
        if (o.dropped != null) {
            p.put("weir.shim.dropped", o.dropped.toAbsolutePath().toString());
        }
        if (o.recoverStore) {
            p.put("weir.store.recover", "true"); // read by weir.engine.core when it loads its store
        }
        p.put("weir.batch", Boolean.toString(o.batch));
        p.put("weir.summary", o.summary);
    }
}
