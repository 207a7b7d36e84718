package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Gogo shell on piped standard input, the ways Weir stops cleanly, and that the shell is local only. */
class ShellIT {
    private static final Pattern ENGINE_ACTIVE = Pattern.compile("(?m)\\|Active\\s*\\|.*weir\\.engine\\.core");

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
    void pipedCommandsRunAndEndOfInputExitsZero() throws Exception {
        weir = Weir.start(dir);
        weir.send("lb");
        weir.closeStdin();
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(ENGINE_ACTIVE.matcher(r.out()).find(), r.toString());
        // Custom commands are there as soon as the shell reads its first line (start levels).
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void firstPipedLineFindsWeirsOwnCommands() throws Exception {
        weir = Weir.start(dir);
        weir.send("wfp:version");
        weir.closeStdin();
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("weir.engine.core "), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shutdown", "stop 0"})
    void shellCommandStopsWeirWithExitZero(String command) throws Exception {
        weir = Weir.start(dir);
        assertTrue(ENGINE_ACTIVE.matcher(weir.query("lb")).find());
        weir.send(command); // standard input stays open: the command alone stops Weir
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void sigtermStopsWeirWithExitZero() throws Exception {
        weir = Weir.start(dir);
        assertTrue(ENGINE_ACTIVE.matcher(weir.query("lb")).find());
        weir.process().destroy(); // SIGTERM
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void noRemoteConsoleBundleIsInstalled() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "lb -s");
        assertEquals(0, r.exit(), r.toString());
        for (String line : r.out().lines().toList()) {
            String l = line.toLowerCase(Locale.ROOT);
            for (String remote : List.of("telnet", "ssh", "remote", "jmx", "http")) {
                assertTrue(!l.contains(remote), "a remote access bundle is running: " + line);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"telnetd status", "sshd status"})
    void noRemoteConsoleCommand(String command) throws Exception {
        Weir.Result r = Weir.run(dir, "-c", command);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("Command not found"), r.toString());
    }

    @Test
    void runningWeirListensOnNoSocket() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        weir = Weir.start(dir);
        assertTrue(ENGINE_ACTIVE.matcher(weir.query("lb")).find());
        long pid = weir.process().pid();
        Set<String> sockets = socketInodes(pid);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                boolean listening = table.startsWith("udp") || f[3].equals("0A"); // 0A: TCP_LISTEN
                assertTrue(!(listening && sockets.contains(f[9])),
                        "Weir (pid " + pid + ") listens on " + table + " " + f[1] + ": no remote access allowed");
            }
        }
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Pattern socket = Pattern.compile("socket:\\[(\\d+)]");
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = socket.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        }
        return inodes;
    }
}
