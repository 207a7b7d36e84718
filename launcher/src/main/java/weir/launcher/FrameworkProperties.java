package weir.launcher;

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

    /** @param shell how the shell runs; null in a batch run, which has none */
    static Map<String, String> of(Path deploy, Path etc, Path data, GoshProfile.Mode shell) {
        Map<String, String> p = new HashMap<>();
        // deploy/ and the engine's own store are the sources of truth: the framework cache starts empty, unless
        // the launcher found it holding exactly weir.jar's bundles and nothing else (see keepCache).
        p.put("org.osgi.framework.storage", cache(data).toString());
        p.put(CLEAN, "onFirstInit");
        p.put("felix.log.level", "1");
        // SCR keeps the component descriptions it parsed in its data area and reads them from there while the
        // bundles are unchanged (same id and install time): with the kept framework cache, a start parses no XML
        // (and loads no XML parser). CachedBundles keeps that one file of SCR's data area.
        p.put("ds.cache.metadata", "true");
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
        // The shell: local only (no telnet or remote console bundle is in the run). Gogo runs Weir's own login
        // profile, written for the way the shell runs (see GoshProfile); a batch run starts no shell.
        if (shell != null) {
            p.put("gosh.args", shell.goshArgs());
            p.put("gosh.home", data.resolve(GoshProfile.HOME).toString());
            p.put(SHELL, shell.property());
        } else {
            p.put(SHELL, "batch");
        }
        return p;
    }

    private static final String CLEAN = "org.osgi.framework.storage.clean";

    /** The framework's cache folder, inside Weir's data folder. */
    static Path cache(Path data) {
        return data.resolve("felix-cache");
    }

    /** Keeps the framework cache the last run left (checked by {@link CachedBundles}) instead of emptying it. */
    static void keepCache(Map<String, String> p, boolean keep) {
        p.put(CLEAN, keep ? "none" : "onFirstInit");
    }

    /** How the shell runs, for engine.core's console: terminal, piped, command or batch. */
    static final String SHELL = "weir.shell";

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
        if (o.trace != null) {
            p.put("weir.trace", o.trace); // armed by weir.engine.core before any source starts
            p.put("weir.trace.count", Long.toString(o.traceCount));
        }
        p.put("weir.batch", Boolean.toString(o.batch));
        p.put("weir.summary", o.summary);
    }
}
