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

/**
 * The shim: commands in weir.jar: each answers --help, takes --no-format, prints like the wfp: commands, and
 * fails with one line on standard error (exit 1 with -c).
 */
class ShimCommandsIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"status", "stats", "flows", "open", "close", "libpcap"})
    void everyCommandAnswersHelp(String command) throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "shim:" + command + " --help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("shim:" + command + " - "), r.toString());
        assertTrue(r.out().contains("usage: shim:" + command), r.toString());
        assertTrue(r.out().contains("--no-format"), r.toString());
    }

    @Test
    void mistakesAreOneLineAndExitOne() throws Exception {
        for (String[] c : List.of(new String[] {"shim:open bad x", "weir: shim:open bad x: bad: the kind is replay"},
                new String[] {"shim:open replay missing.pcap", "weir: shim:open replay missing.pcap: "},
                new String[] {"shim:close", "weir: shim:close: no packet source is open"},
                new String[] {"shim:flows many", "weir: shim:flows many: give a number or --all"},
                new String[] {"shim:status --colour", "weir: shim:status --colour: unknown option --colour"})) {
            Weir.Result r = Weir.run(dir, "-c", c[0]);
            assertEquals(1, r.exit(), r.toString());
            assertEquals("", r.out(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            assertTrue(r.errLines().get(0).startsWith(c[1]), r.toString());
        }
    }

    @Test
    void afterAReplayEachCommandPrintsForPeopleAndForScripts() throws Exception {
        try (Weir weir = Weir.start(dir, "--replay", ReplayIT.demo("demo.pcap").toString(), "--local",
                "10.0.0.2,2001:db8::2")) {
            weir.awaitOut(Pattern.compile("(?m)^  filters "), Weir.START);
            String status = weir.query("shim:status");
            assertTrue(status.contains("state        finished"), status);
            assertTrue(status.contains("packets      26 read: 25 permitted"), status);
            String[] plain = weir.query("shim:status --no-format").strip().split("\t", -1);
            assertEquals(10, plain.length, String.join("|", plain));
            assertEquals("finished", plain[1]);
            assertEquals("-", plain[5], "a replay has no capture counts");

            List<String> flows = weir.query("shim:flows").strip().lines().toList();
            assertTrue(flows.get(0).matches(
                    "PROTO\\s+INITIATOR\\s+RESPONDER\\s+DIR\\s+STATE\\s+PACKETS\\s+HANDLE\\s+IDLE"), flows.get(0));
            List<String> rows = weir.query("shim:flows --no-format").strip().lines().toList();
            assertEquals(flows.size() - 1, rows.size(), "a row each, no header: " + rows);
            for (String row : rows) {
                assertEquals(8, row.split("\t", -1).length, row);
            }
            String two = weir.query("shim:flows 2");
            assertTrue(two.strip().startsWith("shown  2 of 8; shim:flows --all for all"), two);

            List<String> stats = weir.query("shim:stats --no-format").strip().lines().toList();
            assertTrue(stats.contains("packets\t26"), stats.toString());
            assertTrue(stats.stream().anyMatch(l -> l.matches("layers\\.INBOUND_TRANSPORT_V4\\.classifies\t\\d+")),
                    stats.toString());
            assertTrue(weir.query("shim:stats --json").strip().startsWith("{\"mode\":\"offline\""));
            assertTrue(weir.query("shim:stats").contains("Weir offline: "));

            String closed = weir.query("shim:close --no-format");
            assertTrue(closed.contains("flows.closed_at_end\t6"), closed);
            assertTrue(weir.query("shim:flows").contains("no flows (the source is closed: its flows ended)"));
            assertEquals("", weir.query("shim:close").strip(), "the error is on standard error");
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of("weir: shim:close: no packet source is open"), r.errLines());
        }
    }
}
