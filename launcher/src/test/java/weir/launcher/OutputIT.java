package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output carries only what was asked for (a summary, a command's result) and every message goes to
 * standard error: in batch runs, with -c, and in a piped shell, which prints no banner and no prompts, and
 * where a source's summary lands between two commands' outputs, never inside one.
 */
class OutputIT {
    @TempDir
    Path dir;

    @Test
    void aBatchRunsJsonSummaryPipesIntoAJsonTool() throws Exception {
        Tools.assume("python3");
        String command = Weir.java() + " -jar " + Weir.jar() + " --replay " + ReplayIT.demo("demo.pcap") + " --policy "
                + ReplayIT.demo("policy.json") + " --batch --summary json | python3 -m json.tool";
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the pipeline ended");
        assertEquals(0, p.exitValue(), "python3 -m json.tool read one JSON object:\n" + out + "\n"
                + new String(err, StandardCharsets.UTF_8));
        assertTrue(out.startsWith("{\n") && out.contains("\"packets\": 26"), out);
        assertTrue(new String(err, StandardCharsets.UTF_8).contains("weir: policy "), "the policy line is a message");
    }

    @Test
    void dashCWithAPolicyAndPipedInputPrintsOnlyTheResult() throws Exception {
        try (Weir weir = Weir.start(dir, "--policy", ReplayIT.demo("policy.json").toString(), "-c",
                "wfp:filters --no-format")) {
            weir.send("lb"); // input that -c does not read
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            for (String line : r.out().strip().lines().toList()) {
                assertTrue(line.matches("\\d+\t[^\t]+\t[A-Z_0-9]+\t.*"), "only the result's rows: " + r);
            }
            assertEquals(14, r.out().strip().lines().count(), "the demo policy's 14 filters: " + r);
            assertEquals(1, r.errLines().size(), r.toString());
        }
    }

    @Test
    void aPipedShellPrintsResultsOnlyAndErrorsOnStandardError() throws Exception {
        try (Weir weir = Weir.start(dir)) {
            weir.send("wfp:version");
            weir.send("wfp:filter 99");
            weir.send("# a comment, and an empty line");
            weir.send("");
            weir.send("each [1 2] {");
            weir.send("  echo item $it");
            weir.send("}");
            weir.send("start 999");
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            List<String> out = r.out().lines().toList();
            assertTrue(out.get(0).startsWith("weir.engine.core "), "no banner, no prompt: " + r);
            assertEquals(List.of("item 1", "item 2"), out.subList(1, 3), "a { block goes on over lines: " + r);
            assertFalse(r.out().contains("g! ") || r.out().contains("Gogo") || r.out().contains("gosh"), r.toString());
            assertEquals(List.of("weir: wfp:filter 99: FILTER_NOT_FOUND: no filter has id 99; wfp:filters lists them",
                    "weir: start 999: Bundle ID '999'  is invalid."), r.errLines());
        }
    }

    @Test
    void aReplaysSummaryLandsBetweenTwoCommandsOutputs() throws Exception {
        Path capture = Captures.udp(dir.resolve("many.pcap"), 300_000);
        try (Weir weir = Weir.start(dir, "--replay", capture.toString(), "--local", "10.0.0.2")) {
            // commands that print many lines each, framed, sent while the replay runs
            int commands = 150;
            for (int i = 0; i < commands; i++) {
                weir.send("echo BEGIN-" + i);
                weir.send("wfp:layers");
                weir.send("echo END-" + i);
            }
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            List<String> lines = r.out().lines().toList();
            int start = lines.indexOf("Weir offline: " + capture);
            assertTrue(start >= 0, "the summary is printed: " + r.err());
            int end = start + 1;
            while (end < lines.size() && lines.get(end).startsWith("  ")) {
                end++;
            }
            assertTrue(lines.subList(start, end).stream().anyMatch(l -> l.startsWith("  filters ")),
                    "the summary is whole, in one block:\n" + String.join("\n", lines.subList(start, end)));
            // between two commands: after an echo's line (or first), before an echo's line or a table (or last)
            assertTrue(start == 0 || lines.get(start - 1).matches("(BEGIN|END)-\\d+"),
                    () -> "the line before the summary ends a command's output: " + lines.get(start - 1));
            int after = end;
            assertTrue(after == lines.size() || lines.get(after).matches("(BEGIN|END)-\\d+")
                    || lines.get(after).equals(lines.get(lines.indexOf("BEGIN-0") + 1)),
                    () -> "the line after the summary starts a command's output: " + lines.get(after));
            // and every command's output is whole: each frame holds the same table
            List<String> rest = new ArrayList<>(lines.subList(0, start));
            rest.addAll(lines.subList(end, lines.size()));
            String first = null;
            int frames = 0;
            for (int i = 0; i < rest.size(); i++) {
                if (rest.get(i).matches("BEGIN-\\d+")) {
                    int close = rest.indexOf("END-" + rest.get(i).substring(6));
                    String table = String.join("\n", rest.subList(i + 1, close));
                    first = first == null ? table : first;
                    assertEquals(first, table, "the output of command " + rest.get(i));
                    frames++;
                }
            }
            assertEquals(commands, frames, "every command's output is whole");
        }
    }

    @Test
    void aSourceStillRunningWhenThePipedInputEndsPrintsItsSummaryLastOnStandardOutput() throws Exception {
        Assumptions.assumeTrue(isRoot(), "a live capture needs root");
        Tools.assumeLibpcap();
        try (Weir weir = Weir.start(dir, "--live", "lo")) {
            weir.send("wfp:version");
            weir.closeStdin(); // Weir stops while the capture runs: its summary is still owed
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            List<String> out = r.out().lines().toList();
            assertTrue(out.get(0).startsWith("weir.engine.core "), "the command's result first: " + r);
            int summary = out.indexOf("Weir monitor: lo");
            assertTrue(summary > 0, "the summary is printed once Weir stops: " + r);
            assertEquals(1, out.stream().filter(l -> l.startsWith("Weir monitor: ")).count(), "once: " + r);
            assertTrue(out.subList(summary, out.size()).stream().anyMatch(l -> l.strip().startsWith("packets ")),
                    "whole: " + r);
        }
    }

    @Test
    void dashCWithASourceThatDoesNotEndPrintsItsSummaryOnStandardError() throws Exception {
        Assumptions.assumeTrue(isRoot(), "a live capture needs root");
        Tools.assumeLibpcap();
        Weir.Result r = Weir.run(dir, "--live", "lo", "-c", "wfp:version");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.out().lines().count(), "standard output carries only the result: " + r);
        assertTrue(r.err().contains("Weir monitor: lo"), "the summary is a message with -c: " + r);
    }

    @Test
    void dashCWfpShowWritesTheRulesetAsAPolicyFileThatImportsBackWhole() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Weir.Result shown = Weir.run(first, "--policy", ReplayIT.demo("policy.json").toString(), "-c", "wfp:show");
        assertEquals(0, shown.exit(), shown.toString());
        assertTrue(shown.out().startsWith("{"), "only the policy file on standard output: " + shown);
        Path ruleset = dir.resolve("ruleset.json");
        Files.writeString(ruleset, shown.out());
        assertFalse(Files.exists(first.resolve("-")), "no file named -");

        Path second = Files.createDirectories(dir.resolve("second"));
        Weir.Result again = Weir.run(second, "--policy", ruleset.toString(), "-c", "wfp:policy-export -");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("weir: policy " + ruleset + ": ") && again.err().contains(" imported"),
                "whole: " + again);
        assertEquals(shown.out(), again.out(), "the same ruleset, object by object");
        assertFalse(Files.exists(second.resolve("-")), "no file named -");
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }
}
