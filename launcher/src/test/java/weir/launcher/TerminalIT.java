package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell at a real terminal: util-linux {@code script} gives Weir a pseudo-terminal, as a user's terminal
 * would, and the test types a TAB. JLine must find its terminal providers (else it falls back to a dumb
 * terminal without completion) and the wfp: completions must be installed in the shell's session.
 */
class TerminalIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path dir;

    @Test
    void tabCompletesLayersFieldsAndValues() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script(1) for a pseudo-terminal");
        String run = "stty cols 160 rows 40; exec " + Weir.java() + " -jar " + Weir.jar();
        try (Weir weir = Weir.startProcess(dir, List.of(SCRIPT.toString(), "-qfec", run, "/dev/null"))) {
            weir.awaitOut(Pattern.compile("g!"), Weir.START);
            weir.type("wfp:filters --layer INBOUND_TR\t\t");
            awaitPlain(weir, "INBOUND_TRANSPORT_V4\\s+INBOUND_TRANSPORT_V6");
            weir.type("\u0015wfp:classify INBOUND_TRANSPORT_V4 protocol=tc\t");
            awaitPlain(weir, "protocol=tcp");
            weir.type("\u0015wfp:filter-ad\t");
            awaitPlain(weir, "wfp:filter-add");
            weir.type("\u0015shutdown\r");
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
    }

    /** Waits for text in the terminal output once its escape sequences are taken out. */
    private static void awaitPlain(Weir weir, String regex) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + Weir.START.toNanos();
        while (System.nanoTime() < deadline) {
            String plain = weir.out().replaceAll("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[=>]|\r|\u0007|\b", "");
            if (p.matcher(plain).find()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the terminal never showed " + regex + ":\n" + weir.out());
    }
}
