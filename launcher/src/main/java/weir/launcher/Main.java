package weir.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import weir.launcher.Folders.StartException;
import weir.launcher.Options.UsageException;

/**
 * {@code java -jar weir.jar}: starts Felix with the bundles that {@code weir.bndrun} resolved, watches the
 * deploy and etc folders, and either runs the Gogo shell on standard input or runs one command ({@code -c}).
 * A small main of our own over {@link FrameworkFactory}: bnd's exported launcher does not run on JDK 24+.
 */
public final class Main {
    private static final int EXIT_OK = 0;
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;

    private final Options options;
    /** How the shell runs (its login profile); null in a batch run, which has no shell. */
    private final GoshProfile.Mode shell;
    private final PrintStream out;
    private final PrintStream err;
    private volatile Framework framework;
    private ExitService exitCode;

    private Main(Options options, GoshProfile.Mode shell) {
        this.options = options;
        this.shell = shell;
        this.out = System.out;
        this.err = System.err;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("weir: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            System.exit(EXIT_OK);
        }
        if (options.version) {
            System.out.println("weir " + version());
            System.exit(EXIT_OK);
        }
        boolean terminal = stdinIsTerminal();
        if (!terminal) {
            // Piped or redirected input: JLine's plain "dumb" terminal, without its warning about it.
            System.setProperty("org.jline.terminal.dumb", "true");
        }
        Main main = new Main(options, options.batch ? null : options.command != null ? GoshProfile.Mode.COMMAND
                : terminal ? GoshProfile.Mode.TERMINAL : GoshProfile.Mode.PIPED);
        ExitWatch.install(main::stopQuietly, options.stackTraces);
        int code;
        try {
            code = main.run();
        } catch (RuntimeException | Error e) {
            // A bug or a broken jar, not a user error: still one line unless --stacktrace asks for more.
            System.err.println("weir: internal error: " + e.getClass().getName() + ": " + oneLine(e)
                    + (options.stackTraces ? "" : " (run with --stacktrace for details)"));
            if (options.stackTraces) {
                e.printStackTrace();
            }
            main.stopQuietly();
            code = EXIT_FAILED;
        }
        main.exit(code);
    }

    /** JDK 22+ always has a Console; {@code Console.isTerminal()} then tells whether stdin is a terminal. */
    private static boolean stdinIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a Console exists only for a terminal
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    private int run() {
        try {
            Folders.prepareDeploy(options.deploy);
            Folders.prepareEtc(options.etc);
            Folders.ensure(options.data, "data");
            if (shell != null) {
                GoshProfile.write(options.data.toAbsolutePath(), shell);
            }
            framework = start();
            exitCode.started();
        } catch (java.io.IOException e) {
            err.println("weir: cannot write to the data folder " + options.data + ": " + oneLine(e));
            stopQuietly();
            return EXIT_FAILED;
        } catch (StartException e) {
            if (exitCode != null) {
                exitCode.started();
                if (exitCode.requested()) {
                    // a bundle ended Weir while it started (a bad --policy, an unreadable --replay file)
                    stopQuietly();
                    return exitCode.code();
                }
            }
            err.println("weir: " + e.getMessage());
            if (options.stackTraces && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            stopQuietly();
            return EXIT_FAILED;
        }
        if (exitCode.requested()) {
            // a bundle ended Weir while it started (a bad --policy file): run no command, keep its code
            stopQuietly();
            return exitCode.code();
        }
        exitCode.opened();
        if (options.command != null) {
            int code = runCommand(options.command);
            stopQuietly();
            return code;
        }
        if (!options.batch) {
            MemoryTrim.afterStart(); // a long-running Weir gives back what its start touched
        }
        return waitForStop();
    }

    private Framework start() throws StartException {
        Path data = options.data.toAbsolutePath();
        Map<String, String> props = FrameworkProperties.of(options.deploy.toAbsolutePath(),
                options.etc.toAbsolutePath(), data, shell);
        FrameworkProperties.addSource(props, options);
        try (Bundles.Embedded embedded = Bundles.embedded()) {
            // the last run's framework cache, when it holds exactly weir.jar's bundles: nothing to install
            FrameworkProperties.keepCache(props, CachedBundles.reusable(FrameworkProperties.cache(data),
                    embedded.describe()));
            return start(props, embedded);
        }
    }

    private Framework start(Map<String, String> props, Bundles.Embedded embedded) throws StartException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> felixProps = (Map) props;
        FrameworkLogger logger = new FrameworkLogger(options.stackTraces);
        felixProps.put("felix.log.logger", logger);
        // the framework's threads (start levels, and so the shell's) inherit it: JLine needs it for a real terminal
        Thread.currentThread().setContextClassLoader(new ContextLoader(Main.class.getClassLoader(), () -> framework));
        Framework fw = ServiceLoader.load(FrameworkFactory.class, Main.class.getClassLoader()).iterator().next()
                .newFramework(props);
        try {
            fw.init();
        } catch (BundleException e) {
            throw new StartException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
        framework = fw;
        logger.watch(fw);
        ShutdownCommand.register(fw);
        exitCode = ExitService.register(fw);
        Bundles.installAndStart(fw.getBundleContext(), embedded, options.batch);
        try {
            fw.start();
        } catch (BundleException e) {
            throw new StartException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
        Bundles.awaitStartLevel(fw);
        if (exitCode.requested()) {
            return fw; // stopping already, with the code a bundle asked for (run() returns it)
        }
        Bundle failed = Bundles.firstNotActive(fw.getBundleContext());
        if (failed != null) {
            throw new StartException("bundle " + failed.getSymbolicName() + " did not start"
                    + Bundles.reason(failed) + "; run with --stacktrace for details");
        }
        return fw;
    }

    /** Runs one Gogo command with the real command processor and prints its result as the shell would. */
    private int runCommand(String command) {
        return CommandRunner.runOnce(framework.getBundleContext(), command, out, err, options.stackTraces);
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Interactive or piped shell: the shell stops the framework on {@code shutdown} or end of input. */
    private int waitForStop() {
        if (shell == GoshProfile.Mode.TERMINAL && !ShellWatch.stopWhenShellEnds(framework)) {
            err.println("weir: warning: cannot watch the shell; Ctrl-D does not stop Weir (use shutdown)");
        }
        if (shell == GoshProfile.Mode.PIPED) {
            try {
                PipedShell.start(framework, System.in, out, err, options.stackTraces);
            } catch (StartException e) {
                err.println("weir: " + e.getMessage());
                stopQuietly();
                return EXIT_FAILED;
            }
        }
        try {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                err.println("weir: stopped after an error: " + oneLine(event.getThrowable()));
                return EXIT_FAILED;
            }
            return exitCode == null ? EXIT_OK : exitCode.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        }
    }

    private void stopQuietly() {
        Framework fw = framework;
        if (fw == null) {
            return;
        }
        try {
            fw.stop();
            fw.waitForStop(15_000);
        } catch (BundleException | InterruptedException | RuntimeException e) {
            // stopping is best effort: we are on our way out
        }
    }

    private void exit(int code) {
        out.flush();
        err.flush();
        System.exit(ExitWatch.exiting(code));
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
