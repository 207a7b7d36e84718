package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A deployed bundle cannot end Weir: its calls to System.exit, Runtime.exit and Runtime.halt are woven into a
 * refusal that is counted and said in one line, from its activator or from a thread of its own, called directly
 * or through a method reference. An exit that slips past the weaving (reflection) still ends Weir with a
 * non-zero code and a last line saying what ended it.
 */
class ExitContainmentIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Weir weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void systemExitInTheActivatorIsRefusedCountedAndSaid() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        weir.query("lb"); // started

        TestBundle.bundle("weir.test.exit", "1.0.0").activator("weir.test.exit.Activator", """
                package weir.test.exit;
                public final class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        System.exit(42);
                    }
                    public void stop(org.osgi.framework.BundleContext c) {
                    }
                }
                """).deploy(deploy, "exit.jar", scratch);

        weir.awaitErr(Pattern.compile("weir: deploy/exit\\.jar \\(weir\\.test\\.exit 1\\.0\\.0\\) called System\\.exit\\(42\\)"
                + " in weir\\.test\\.exit\\.Activator\\.start:\\d+: refused"), WITHIN);
        weir.awaitErr(Pattern.compile("weir: deploy/exit\\.jar: bundle weir\\.test\\.exit 1\\.0\\.0 did not start: its"
                + " activator called System\\.exit\\(42\\), which Weir refused"), WITHIN);
        String row = row(weir.query("deploy:list --no-format"), "exit.jar");
        String[] cells = row.split("\t", -1);
        assertEquals("weir.test.exit", cells[1], row);
        assertEquals("RESOLVED", cells[4], "the bundle stays installed, not started: " + row);
        // counted each time: FileInstall tries again to start a bundle that failed when other bundles change
        assertTrue(Integer.parseInt(cells[5]) >= 1, "the exit refused and counted: " + row);

        weir.send("shutdown");
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), "Weir ran on and stopped when asked:\n" + r);
        assertNoStackTrace(r);
    }

    @Test
    void exitsFromAThreadOfTheBundleInEveryFormAreRefused() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        weir.query("lb");

        // each form in turn, later, on the bundle's own thread; the last one is not caught by the bundle
        TestBundle.bundle("weir.test.exiter", "1.0.0").activator("weir.test.exiter.Activator", """
                package weir.test.exiter;
                import java.util.function.IntConsumer;
                import java.util.function.ObjIntConsumer;
                public final class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        Thread t = new Thread(() -> {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                return;
                            }
                            Runtime rt = Runtime.getRuntime();
                            IntConsumer viaReference = System::exit;
                            ObjIntConsumer<Runtime> halt = Runtime::halt;
                            IntConsumer bound = rt::exit;
                            Runnable[] forms = {
                                () -> System.exit(1), () -> rt.exit(2), () -> rt.halt(3),
                                () -> viaReference.accept(4), () -> halt.accept(rt, 5), () -> bound.accept(6)};
                            for (Runnable form : forms) {
                                try {
                                    form.run();
                                    System.out.println("exiter: NOT REFUSED");
                                } catch (SecurityException e) {
                                    System.out.println("exiter: refused " + e.getClass().getSimpleName());
                                }
                            }
                            System.out.println("exiter: last try");
                            System.exit(7);
                        }, "exiter");
                        t.start();
                    }
                    public void stop(org.osgi.framework.BundleContext c) {
                    }
                }
                """).deploy(deploy, "exiter.jar", scratch);

        weir.awaitOut(Pattern.compile("exiter: last try"), WITHIN);
        String out = weir.out();
        assertEquals(6, out.lines().filter(l -> l.endsWith("exiter: refused ExitRefusedException")).count(), out);
        assertFalse(out.contains("NOT REFUSED"), out);
        // one line for the first attempt; the rest are counted (at most one line per ten seconds and bundle)
        weir.awaitErr(Pattern.compile("weir: deploy/exiter\\.jar \\(weir\\.test\\.exiter 1\\.0\\.0\\) called"
                + " System\\.exit\\(1\\) in weir\\.test\\.exiter\\.Activator\\.lambda\\$\\w+\\$\\d+:\\d+: refused"), WITHIN);
        String row = awaitRow("exiter.jar", "7");
        String[] cells = row.split("\t", -1);
        assertEquals("ACTIVE", cells[4], row);
        assertTrue(cells[6].startsWith("refused System.exit(7) in weir.test.exiter.Activator"), row);

        weir.send("shutdown");
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void anExitPastTheWeavingEndsWeirNonZeroAndSaysSoLast() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        weir.query("lb");

        // reflection is not woven: System.exit(0) really ends the JVM
        TestBundle.bundle("weir.test.reflective", "1.0.0").activator("weir.test.reflective.Activator", """
                package weir.test.reflective;
                public final class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) {
                        new Thread(() -> {
                            try {
                                Thread.sleep(300);
                                System.class.getMethod("exit", int.class).invoke(null, 0);
                            } catch (ReflectiveOperationException | InterruptedException e) {
                                System.out.println("reflective: " + e);
                            }
                        }, "reflective").start();
                    }
                    public void stop(org.osgi.framework.BundleContext c) {
                    }
                }
                """).deploy(deploy, "reflective.jar", scratch);

        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(1, r.exit(), "an exit Weir did not make is not a clean exit:\n" + r);
        List<String> err = r.errLines();
        String last = err.get(err.size() - 1);
        assertTrue(last.matches("weir: System\\.exit was called by weir\\.test\\.reflective\\.Activator\\..*"
                + " in thread 'reflective', not by Weir's own doing: Weir stopped; exit 1"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "HUP"})
    void aSignalStaysACleanExit(String signal) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(ignoredHere(signal), "SIG" + signal + " is ignored in this"
                + " test's process (started by nohup or in the background of a script): Weir inherits that and"
                + " rightly keeps ignoring it; run the tests in the foreground");
        weir = Weir.start(dir);
        weir.query("lb");
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(weir.process().pid())).start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), "SIG" + signal + " is a clean stop:\n" + r);
        assertEquals(List.of(), r.errLines(), r.toString());
    }

    /**
     * Whether this process ignores the signal (the SigIgn mask of /proc/self/status), as the processes it starts
     * then do: a JVM keeps an inherited SIG_IGN for INT and HUP.
     */
    static boolean ignoredHere(String signal) throws java.io.IOException {
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> throw new IllegalArgumentException(signal);
        };
        java.nio.file.Path status = java.nio.file.Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    /** Polls deploy:list until the file's row counts {@code exits} refused exits; returns the row. */
    private String awaitRow(String file, String exits) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        String row = null;
        while (System.nanoTime() < deadline) {
            row = row(weir.query("deploy:list --no-format"), file);
            if (row != null && row.split("\t", -1)[5].equals(exits)) {
                return row;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " never counted " + exits + " exits; last row: " + row + "\n" + weir.err());
    }

    static String row(String listing, String file) {
        return listing.lines().filter(l -> l.startsWith(file + "\t")).findFirst().orElse(null);
    }

    static void assertNoStackTrace(Weir.Result r) {
        for (String line : r.errLines()) {
            assertFalse(line.startsWith("\tat ") || line.startsWith("Exception in thread"), "a stack trace:\n" + r);
        }
    }
}
