package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interactive Weir returns what its start touched: once up, it has set G1's manageable heap flags through
 * HotSpotDiagnosticMXBean (MemoryTrim), leaving alone a flag given on the command line (which then bounds the
 * other ratio: Min may not exceed Max). Read from outside with
 * {@code jcmd PID VM.flags -all}, as an operator would.
 */
class MemoryTrimIT {
    @TempDir
    Path dir;

    @Test
    void anInteractiveWeirSetsTheHeapFlagsAndKeepsTheUsers() throws Exception {
        Path jcmd = Path.of(Weir.java()).resolveSibling("jcmd");
        Assumptions.assumeTrue(Files.isExecutable(jcmd), "no jcmd next to " + Weir.java() + ": cannot read the flags");
        List<String> command = List.of(Weir.java(), "-XX:MinHeapFreeRatio=20", "-jar", Weir.jar().toString());
        try (Weir weir = Weir.startProcess(dir, command)) {
            weir.query("echo up"); // the shell answers: the launcher is past its start
            long pid = weir.process().pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String flags = "";
            while (System.nanoTime() < deadline) {
                flags = jcmd(jcmd, pid);
                if (flag(flags, "G1PeriodicGCInterval").equals("30000")) { // the last one set
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("30000", flag(flags, "G1PeriodicGCInterval"), flags);
            assertEquals("20", flag(flags, "MinHeapFreeRatio"), "the command line's value stays: " + flags);
            assertEquals("20", flag(flags, "MaxHeapFreeRatio"), "10, but never below the user's Min: " + flags);
            weir.closeStdin();
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
    }

    private static String jcmd(Path jcmd, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.flags", "-all")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jcmd did not answer within 60 s");
        }
        return out;
    }

    /** A flag's value in {@code VM.flags -all}'s table ({@code uintx MaxHeapFreeRatio = 10 {manageable} ...}). */
    private static String flag(String flags, String name) {
        Matcher m = Pattern.compile("(?m)\\s" + name + "\\s+=\\s+(\\S+)").matcher(flags);
        return m.find() ? m.group(1) : "";
    }
}
