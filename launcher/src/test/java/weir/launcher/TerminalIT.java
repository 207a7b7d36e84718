package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
    /**
     * The pseudo-terminal's size, and a terminal type that JLine draws for: the test's own environment may say
     * TERM=dumb (a CI runner, a fresh machine's non-interactive shell), and a dumb terminal has no completion list.
     */
    private static final String TERMINAL = "stty cols 160 rows 40; export TERM=xterm-256color; ";

    @TempDir
    Path dir;

    @Test
    void tabCompletesLayersFieldsAndValues() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script(1) for a pseudo-terminal");
        String run = TERMINAL + "exec " + Weir.java() + " -jar " + Weir.jar();
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

    @Test
    void aFieldCompletesWithoutASpaceHelpIsWeirsAndClearClears() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script(1) for a pseudo-terminal");
        String run = TERMINAL + "exec " + Weir.java() + " -jar " + Weir.jar();
        try (Weir weir = Weir.startProcess(dir, List.of(SCRIPT.toString(), "-qfec", run, "/dev/null"))) {
            weir.awaitOut(Pattern.compile("g!"), Weir.START);
            assertTrue(plain(weir).contains("Weir ") && !plain(weir).contains("Welcome to Apache Felix Gogo"),
                    "Weir's one-line greeting: " + plain(weir));
            // prot<TAB> gives protocol= with no space, so the value follows at once
            weir.type("wfp:classify INBOUND_TRANSPORT_V4 prot\ttcp\r");
            awaitPlain(weir, "no filter decided");
            assertTrue(plain(weir).contains("protocol=tcp"), plain(weir));
            weir.type("help\r");
            awaitPlain(weir, "wfp:version");
            String help = plain(weir);
            assertTrue(!help.contains("system:") && !help.contains("context:") && !help.contains("__complete"),
                    "help lists the commands, not System's methods nor the completion helper:\n" + help);
            int before = weir.out().length();
            weir.type("clear\r");
            long deadline = System.nanoTime() + Weir.START.toNanos();
            while (!weir.out().substring(before).contains("\u001B[2J") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(weir.out().substring(before).contains("\u001B[2J"), "clear clears the screen");
            weir.type("\u0004"); // Ctrl-D: the shell ends, and with it Weir, cleanly and without a word
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(!r.out().contains("gosh: stopping"), r.toString());
        }
    }

    @Test
    void eventsFollowRunsUntilCtrlCAndTheShellGoesOn() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "needs util-linux script(1) for a pseudo-terminal");
        org.junit.jupiter.api.Assumptions.assumeFalse(ExitContainmentIT.ignoredHere("INT"), "SIGINT is ignored in"
                + " this test's process (started in the background of a script): Ctrl-C cannot reach Weir; run the"
                + " tests in the foreground");
        String run = TERMINAL + "exec " + Weir.java() + " -jar " + Weir.jar() + " --replay "
                + ReplayIT.demo("demo.pcap") + " --policy " + ReplayIT.demo("policy.json");
        try (Weir weir = Weir.startProcess(dir, List.of(SCRIPT.toString(), "-qfec", run, "/dev/null"))) {
            weir.awaitOut(Pattern.compile("g!"), Weir.START);
            awaitPlain(weir, "(?m)^  filters ");
            // the replay's drops first (--since), then events as they happen: none more, so it waits
            weir.type("wfp:events --follow --since 1h\r");
            awaitPlain(weir, "CLASSIFY_DROP");
            weir.type("\u0003"); // Ctrl-C ends the follow, not Weir
            weir.type("echo AFTER-FOLLOW\r");
            awaitPlain(weir, "(?m)^AFTER-FOLLOW");
            weir.type("shutdown\r");
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
    }

    private static String plain(Weir weir) {
        return weir.out().replaceAll("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[=>]|\r|\u0007|\b", "");
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
