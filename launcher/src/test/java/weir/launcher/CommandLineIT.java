package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** weir.jar's command line: help, version, usage errors (exit 2) and {@code -c} (exit 0 or 1). */
class CommandLineIT {
    /** The project version, as Maven knows it (0.1.0-SNAPSHOT); failsafe passes it. */
    private static final String VERSION = System.getProperty("weir.version", "");

    @TempDir
    Path dir;

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Weir.Result r = Weir.run(dir, "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: java -jar weir.jar"), r.toString());
        for (String option : List.of("-c COMMAND", "--deploy DIR", "--etc DIR", "--version", "--help")) {
            assertTrue(r.out().contains(option), "--help does not mention " + option + "\n" + r);
        }
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Weir.Result r = Weir.run(dir, "--version");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("weir " + VERSION, r.out().strip());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() throws Exception {
        assertUsageError(Weir.run(dir, "--bogus"), "--bogus");
    }

    @Test
    void unexpectedArgumentIsOneLineAndExitTwo() throws Exception {
        assertUsageError(Weir.run(dir, "lb"), "lb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-c", "--deploy", "--etc", "--data", "--replay"})
    void missingOptionValueIsOneLineAndExitTwo(String option) throws Exception {
        assertUsageError(Weir.run(dir, option), option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--replay", "--policy", "--batch", "--permitted", "--dropped", "--summary"})
    void badSourceOrPolicyOptionIsOneLineAndExitTwo(String option) throws Exception {
        // a missing file, a source-less --batch, outputs without --replay, an unknown summary format
        Weir.Result r = option.equals("--batch") ? Weir.run(dir, option) : Weir.run(dir, option, "x");
        assertUsageError(r, option.equals("--permitted") || option.equals("--dropped") ? "--replay" : option);
    }

    @Test
    void commandListsBundlesAndExitsZero() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "lb");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Pattern.compile("(?m)\\|Active\\s*\\|.*weir\\.engine\\.core").matcher(r.out()).find(), r.toString());
        assertTrue(r.out().contains("Apache Felix Gogo JLine Shell"), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void commandPrintsItsResult() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "wfp:version");
        assertEquals(0, r.exit(), r.toString());
        // The bundle version is the Maven version with the qualifier after a dot (0.1.0.SNAPSHOT).
        assertEquals("weir.engine.core " + VERSION.replace('-', '.'), r.out().strip());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void commandResultOfAScriptExpression() throws Exception {
        Weir.Result r = Weir.run(dir, "--command=echo hello weir");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello weir", r.out().strip());
    }

    @Test
    void shutdownCommandExitsZero() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "shutdown");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void unknownCommandIsOneLineAndExitOne() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "nosuchcommand");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).startsWith("weir: ") && r.errLines().get(0).contains("nosuchcommand"),
                r.toString());
    }

    @Test
    void aGogoBuiltInThatFailsExitsOne() throws Exception {
        // Felix's bundle commands return their error as text: on standard error, exit 1
        Weir.Result r = Weir.run(dir, "-c", "start 999");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(List.of("weir: start 999: Bundle ID '999'  is invalid."), r.errLines());
        // (felix:resolve is no such command: Felix answers "Not all bundles could be resolved." even when every
        // bundle is active; starting an active bundle says nothing)
        Weir.Result ok = Weir.run(dir, "-c", "start 1");
        assertEquals(0, ok.exit(), "a bundle command that says nothing succeeded: " + ok);
    }

    @Test
    void manyDashCRunsAtOnceLeaveStandardErrorEmpty() throws Exception {
        // Several at once load the machine: the shell's login profile used to call 'try' while Gogo was
        // unregistering its commands at the end of a quick -c ("Command not found: try")
        java.util.List<java.util.concurrent.CompletableFuture<Weir.Result>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path d = java.nio.file.Files.createDirectory(dir.resolve("run" + i));
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Weir.run(d, "-c", "wfp:version");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (java.util.concurrent.CompletableFuture<Weir.Result> f : runs) {
            Weir.Result r = f.get();
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of(), r.errLines(), r.toString());
        }
    }

    @Test
    void failingCommandIsOneLineWithoutStackTrace() throws Exception {
        // A Gogo syntax error throws inside the command processor.
        Weir.Result r = Weir.run(dir, "-c", "lb |");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).startsWith("weir: lb |: "), r.toString());
    }

    /** Exit 2, nothing on stdout, exactly one line on stderr that names the option. */
    static void assertUsageError(Weir.Result r, String option) {
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        // Usage errors come before the framework starts: not even the JDK has anything to say yet.
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("weir: ") && lines.get(0).contains(option), r.toString());
    }
}
