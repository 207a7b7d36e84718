package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wfp:events after and during a real replay through weir.jar: the demo capture's packets carry their capture
 * time (2026-01-01), and {@code --since 5m} still finds what the replay just did; {@code --follow} prints the
 * drops as the replay makes them, and ends with the piped input.
 */
class EventsIT {
    @TempDir
    Path dir;

    @Test
    void sinceFiveMinutesFindsWhatAReplayOfAnOldCaptureJustDid() throws Exception {
        try (Weir weir = Weir.start(dir, "--replay", ReplayIT.demo("demo.pcap").toString(), "--policy",
                ReplayIT.demo("policy.json").toString(), "--local", "10.0.0.2,2001:db8::2")) {
            weir.awaitOut(Pattern.compile("(?m)^  filters "), Weir.START);
            List<String> recent = weir.query("wfp:events --since 5m --no-format").strip().lines().toList();
            assertEquals(2, recent.size(), "the SSH attempt and the SNMP probe: " + recent);
            for (String line : recent) {
                String[] f = line.split("\t", -1);
                assertTrue(Instant.parse(f[0]).isBefore(Instant.parse("2027-01-01T00:00:00Z")), "capture time " + f[0]);
                assertTrue(Instant.parse(f[10]).isAfter(Instant.now().minusSeconds(300)), "recorded now: " + f[10]);
            }
            assertEquals("", weir.query("wfp:events --since " + Instant.now().minusSeconds(60) + " --no-format")
                    .strip(), "an instant compares with the capture's time");
            weir.closeStdin();
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
    }

    @Test
    void followPrintsTheDropsOfAReplayAsTheyHappenUntilTheInputEnds() throws Exception {
        try (Weir weir = Weir.start(dir, "--policy", ReplayIT.demo("policy.json").toString())) {
            // in the background, so that the next line (the replay) runs while it follows
            weir.send("wfp:events --follow --type drop &");
            weir.awaitOut(Pattern.compile("(?m)^TIME\\s+TYPE\\s+LAYER"), Weir.START);
            weir.send("shim:open replay " + ReplayIT.demo("demo.pcap") + " --local 10.0.0.2,2001:db8::2");
            String out = weir.awaitOut(Pattern.compile("(?s)CLASSIFY_DROP.*CLASSIFY_DROP"), Weir.START);
            List<String> rows = out.lines().filter(l -> l.contains("CLASSIFY_DROP")).toList();
            assertEquals(2, rows.size(), out);
            assertTrue(rows.get(0).contains("ALE_AUTH_RECV_ACCEPT_V4") && rows.get(0).contains("198.51.100.7:51515")
                    && rows.get(1).contains("INBOUND_TRANSPORT_V4") && rows.get(1).contains("198.51.100.7:40001"),
                    "the SSH attempt, then the SNMP probe, as the replay dropped them: " + rows);
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), "the follow ended with the input: " + r);
            assertFalse(r.err().contains("Exception"), r.toString());
        }
    }
}
