package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace EXPR} through the real weir.jar: a replay of the demo capture prints the walk of every packet
 * matching EXPR through each layer it applies to (the SSH attempt, blocked at ALE_AUTH_RECV_ACCEPT_V4 by the
 * demo policy's filter), and nothing for the others; the count bounds it; a bad EXPR stops the start with exit
 * 2 and one line, before any packet.
 */
class TraceIT {
    @TempDir
    Path dir;

    private Weir.Result replay(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--replay", ReplayIT.demo("demo.pcap").toString(),
                "--policy", ReplayIT.demo("policy.json").toString(), "--local", "10.0.0.2,2001:db8::2", "--batch"));
        args.addAll(List.of(more));
        return Weir.run(dir, args.toArray(String[]::new));
    }

    @Test
    void theSshAttemptIsTracedThroughItsLayers() throws Exception {
        Weir.Result r = replay("--trace", "protocol == tcp and local.port == 22");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.contains("trace 1  2026-01-01T"), r.toString());
        assertTrue(out.contains("ALE_AUTH_RECV_ACCEPT_V4  "), r.toString());
        assertTrue(out.contains("BLOCK (hard) by filter") && out.contains("'no ssh from outside'"), r.toString());
        assertTrue(out.contains("local.port=22"), r.toString());
        assertFalse(out.contains("local.port=53") || out.contains("remote.port=53"), "DNS is not traced: " + out);
        assertTrue(out.contains("Weir offline"), "the summary follows the trace: " + out);
        assertTrue(out.indexOf("trace 1  ") < out.indexOf("Weir offline"), out);
        assertTrue(r.err().contains("weir: --trace protocol == tcp and local.port == 22: at "), r.toString());
        assertTrue(r.err().contains("weir: --trace: ") && r.err().contains(" walks traced"), r.toString());
    }

    @Test
    void theCountBoundsTheTrace() throws Exception {
        Weir.Result r = replay("--trace", "protocol == udp", "--trace-count", "2", "--summary", "json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("trace 2  "), r.toString());
        assertFalse(r.out().contains("trace 3  "), r.toString());
        assertTrue(r.err().contains("weir: --trace: 2 walks traced"), r.toString());
    }

    @Test
    void aBadExpressionStopsTheStart() throws Exception {
        Path permitted = dir.resolve("p.pcap");
        Weir.Result r = replay("--trace", "nosuchfield == 1", "--permitted", permitted.toString());
        assertEquals(2, r.exit(), r.toString());
        List<String> refusal = r.errLines().stream().filter(l -> l.startsWith("weir: --trace ")).toList();
        assertEquals(1, refusal.size(), r.toString());
        assertTrue(refusal.get(0).startsWith("weir: --trace nosuchfield == 1: col 1: unknown field 'nosuchfield'"),
                r.toString());
        assertFalse(r.out().contains("Weir offline"), "no packet was read: " + r);
        assertFalse(permitted.toFile().exists(), "no output file was opened: " + r);
        Weir.Result usage = Weir.run(dir, "--trace-count", "0");
        assertEquals(2, usage.exit(), usage.toString());
        assertTrue(usage.err().contains("--trace-count takes a number of 1 or more"), usage.toString());
    }
}
