package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir.jar --bridge A,B --batch} between two network namespaces that the test makes and removes
 * (pcap4j inside the OSGi framework, live capture and sending): ping from the inside reaches the outside
 * through Weir, and SIGTERM ends the batch run with its summary and exit 0. Skipped with one line without
 * root, iproute2, ping or libpcap.
 */
class BridgeIT {
    @TempDir
    Path dir;

    @Test
    void pingCrossesWeirsBridgeAndSigtermPrintsTheSummary() throws Exception {
        Assumptions.assumeTrue(isRoot(), "bridge tests need root (network namespaces, live capture)");
        Tools.assume("ip");
        Tools.assume("ping");
        Tools.assumeLibpcap();
        Assumptions.assumeTrue(run("ip", "-V") == 0, "bridge tests need iproute2's ip");
        String id = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String nsA = "weirItA" + id;
        String nsB = "weirItB" + id;
        String a = "wia0" + id;
        String b = "wib0" + id;
        try {
            must("ip", "netns", "add", nsA);
            must("ip", "netns", "add", nsB);
            pair(a, "wia1" + id, nsA, "10.78.0.1/24");
            pair(b, "wib1" + id, nsB, "10.78.0.2/24");
            try (Weir weir = Weir.start(dir, "--bridge", a + "," + b, "--batch", "--summary", "json")) {
                boolean crossed = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!crossed && System.nanoTime() < deadline && weir.process().isAlive()) {
                    crossed = run("ip", "netns", "exec", nsA, "ping", "-c", "1", "-W", "1", "10.78.0.2") == 0;
                }
                assertTrue(crossed, "ping crossed the bridge within 30 s\n" + weir.out() + weir.err());
                Thread.sleep(500); // the replies are counted before the end
                String before = weir.out() + weir.err();
                // SIGTERM by kill: Process.destroy() would also close our ends of Weir's output pipes, and the
                // summary Weir prints on its way out would be lost
                assertEquals(0, run("kill", "-TERM", Long.toString(weir.process().pid())));
                Weir.Result r = weir.awaitExit(Weir.EXIT);
                assertEquals(0, r.exit(), r.toString());
                String json = r.out().strip();
                assertTrue(json.contains("\"mode\":\"bridge\""), r + "\nbefore SIGTERM:\n" + before);
                Matcher m = Pattern.compile("\"permitted\":(\\d+)").matcher(json);
                assertTrue(m.find() && Long.parseLong(m.group(1)) >= 2, "requests and replies permitted: " + json);
                assertEquals(List.of(), r.errLines());
            }
        } finally {
            run("ip", "netns", "del", nsA);
            run("ip", "netns", "del", nsB);
            run("ip", "link", "del", a);
            run("ip", "link", "del", b);
        }
    }

    private static void pair(String here, String peer, String ns, String cidr) throws Exception {
        must("ip", "link", "add", here, "type", "veth", "peer", "name", peer);
        must("ip", "link", "set", peer, "netns", ns);
        must("ip", "link", "set", here, "up");
        run("sysctl", "-q", "-w", "net.ipv6.conf." + here + ".disable_ipv6=1");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", cidr, "dev", peer);
        must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    private static void must(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assumptions.abort("network namespaces cannot be made here: " + String.join(" ", command) + ": "
                    + out.strip());
        }
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
