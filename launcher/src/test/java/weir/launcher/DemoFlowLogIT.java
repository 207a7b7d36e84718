package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo ends with two lines of the flow log: they are true. The demo as the README runs it (the
 * build's callouts deployed from target/deploy, the demo policy, the shell left open after the replay) has written
 * exactly the README's two lines when the summary appears (the two TCP flows ended), and the other six flows at
 * shutdown.
 */
class DemoFlowLogIT {
    @TempDir
    Path dir;

    @Test
    void theDemoWritesTheFlowLogLinesTheReadmeShows() throws Exception {
        Path demo = Weir.jar().getParent().resolve("demo");
        Path log = dir.resolve("weir-data/logs/flows.jsonl");
        try (Weir weir = Weir.start(dir, "--deploy", Weir.jar().getParent().resolve("deploy").toString(),
                "--replay", demo.resolve("demo.pcap").toString(), "--policy", demo.resolve("policy.json").toString(),
                "--local", "10.0.0.2,2001:db8::2")) {
            weir.awaitOut(Pattern.compile("(?m)^  filters "), Weir.START);
            List<String> lines = awaitLines(log, 2);
            assertEquals(readmeLines(), withoutTcp(lines), "the README's demo shows the flow log's first lines");
            String status = weir.query("logging:status");
            assertTrue(status.contains(log.toString()), status);
            weir.closeStdin();
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
        assertEquals(8, Files.readAllLines(log).size(), "the six open flows are written when Weir stops");
    }

    private static List<String> awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= n) {
                Thread.sleep(300);
                return Files.readAllLines(file);
            }
            Thread.sleep(50);
        }
        return lines;
    }

    /** The flow log lines in the README's demo paragraph (the json block after "weir-data/logs/flows.jsonl"). */
    private static List<String> readmeLines() throws Exception {
        List<String> out = new ArrayList<>();
        boolean block = false;
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            if (line.equals("```json") && out.isEmpty()) {
                block = true;
            } else if (block && line.equals("```")) {
                break;
            } else if (block && line.contains("\"event_type\":\"flow\"")) {
                out.add(line);
            }
        }
        assertEquals(2, out.size(), "the README shows two flow log lines");
        return out;
    }

    /** The README leaves out each line's tcp member, for width. */
    private static List<String> withoutTcp(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replaceAll(",\"tcp\":\\{[^}]*\\}", ""));
        }
        return out;
    }
}
