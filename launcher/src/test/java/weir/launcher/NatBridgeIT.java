package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NAT on a live bridge: weir.jar bridges two network namespaces that the test makes and removes, the inside
 * (10.0.0.2) and the outside (198.51.100.1), with source NAT to 192.0.2.1 and a port forward 192.0.2.1:8080 to
 * the inside's port 80. Real ping and nc: the inside reaches the outside server, which sees 192.0.2.1; an
 * outside client reaches the inside server through the forward. Skipped with one line without root, iproute2,
 * nc or ethtool.
 *
 * <p>On one bridged segment nobody owns 192.0.2.1, so nobody would answer ARP for it: the outside namespace
 * has a static neighbour entry mapping 192.0.2.1 to the inside host's MAC (what a router's ARP entry or proxy
 * ARP would give it). The frames keep their Ethernet headers; NAT rewrites only IP and transport.
 */
class NatBridgeIT {
    @TempDir
    Path dir;

    private final List<Process> background = new ArrayList<>();

    @Test
    void theInsideReachesTheOutsideThroughSourceNatAndTheOutsideReachesTheInsideThroughAForward()
            throws Exception {
        Assumptions.assumeTrue(isRoot(), "NAT bridge tests need root (network namespaces, live capture)");
        Assumptions.assumeTrue(run("ip", "-V") == 0, "NAT bridge tests need iproute2's ip");
        Assumptions.assumeTrue(run("sh", "-c", "command -v nc") == 0, "NAT bridge tests need nc");
        Assumptions.assumeTrue(run("sh", "-c", "command -v ethtool") == 0,
                "NAT bridge tests need ethtool (checksum offload off in the namespaces)");
        String id = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String nsIn = "weirNatIn" + id;
        String nsOut = "weirNatOut" + id;
        String a = "wna0" + id;
        String b = "wnb0" + id;
        String inPeer = "wna1" + id;
        String outPeer = "wnb1" + id;
        try {
            must("ip", "netns", "add", nsIn);
            must("ip", "netns", "add", nsOut);
            pair(a, inPeer, nsIn, "10.0.0.2/24");
            pair(b, outPeer, nsOut, "198.51.100.1/24");
            // both sides reach the other's addresses on the one segment
            must("ip", "netns", "exec", nsIn, "ip", "route", "add", "198.51.100.0/24", "dev", inPeer);
            must("ip", "netns", "exec", nsOut, "ip", "route", "add", "192.0.2.0/24", "dev", outPeer);
            String insideMac = out("ip", "netns", "exec", nsIn, "cat", "/sys/class/net/" + inPeer + "/address")
                    .strip();
            must("ip", "netns", "exec", nsOut, "ip", "neigh", "replace", "192.0.2.1", "lladdr", insideMac, "dev",
                    outPeer, "nud", "permanent");

            Path deploy = Files.createDirectories(dir.resolve("deploy"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path nat = NatIT.natBundle();
            Files.copy(nat, deploy.resolve(nat.getFileName()));
            Path etc = Files.createDirectories(dir.resolve("etc"));
            Files.writeString(etc.resolve("weir.nat.rule-out.cfg"),
                    "type=snat\ninside=10.0.0.0/24\noutside=192.0.2.1\nports=40000-40099\n");
            Files.writeString(etc.resolve("weir.nat.rule-web.cfg"),
                    "type=forward\ninside=10.0.0.2:80\noutside=192.0.2.1:8080\nprotocol=tcp\n");

            try (Weir weir = Weir.start(dir, "--deploy", deploy.toString(), "--etc", etc.toString(), "--data",
                    dir.resolve("data").toString(), "--policy", NatIT.natPolicy().toString())) {
                NatIT.awaitQuery(weir, "nat:rules --no-format", s -> s.split("\tactive").length == 3,
                        "two active rules");
                NatIT.awaitQuery(weir, "nat:status --no-format", s -> s.split("calloutId ").length == 3,
                        "both callouts registered");
                String opened = weir.query("shim:open bridge " + a + "," + b);
                assertTrue(opened.contains("opened"), opened);

                // the inside pings the outside: the echo and its reply are translated
                boolean pinged = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!pinged && System.nanoTime() < deadline) {
                    pinged = run("ip", "netns", "exec", nsIn, "ping", "-c", "1", "-W", "1", "198.51.100.1") == 0;
                }
                assertTrue(pinged, "ping through source NAT\n" + weir.query("nat:status") + weir.err());

                // the inside connects to the outside server, which sees the outside address
                Path serverLog = dir.resolve("server.log");
                Process server = start(serverLog, "ip", "netns", "exec", nsOut, "nc", "-l", "-v", "-n", "9000");
                waitListening(nsOut, 9000);
                Path hello = Files.writeString(dir.resolve("hello.txt"), "hello from inside\n");
                assertEquals(0, runWithInput(hello, "ip", "netns", "exec", nsIn, "nc", "-n", "-N", "-w", "5",
                        "198.51.100.1", "9000"), "the inside connects through source NAT");
                server.waitFor(10, TimeUnit.SECONDS);
                String seen = Files.readString(serverLog);
                assertTrue(seen.contains("hello from inside"), seen);
                assertTrue(seen.contains("Connection received on 192.0.2.1 "), "the server sees the outside "
                        + "address, not 10.0.0.2:\n" + seen);

                // an outside client reaches the inside server through the forward
                Path insideLog = dir.resolve("inside.log");
                Process inside = start(insideLog, "ip", "netns", "exec", nsIn, "nc", "-l", "-v", "-n", "80");
                waitListening(nsIn, 80);
                Path request = Files.writeString(dir.resolve("request.txt"), "hello from outside\n");
                assertEquals(0, runWithInput(request, "ip", "netns", "exec", nsOut, "nc", "-n", "-N", "-w", "5",
                        "192.0.2.1", "8080"), "the outside connects to the forwarded port");
                inside.waitFor(10, TimeUnit.SECONDS);
                String got = Files.readString(insideLog);
                assertTrue(got.contains("hello from outside"), got);
                assertTrue(got.contains("Connection received on 198.51.100.1 "), got);

                String status = weir.query("nat:status");
                assertTrue(status.matches("(?s).*\\n\\s*[1-9]\\d*\\s+packets translated back, reply direction.*"),
                        status);
                assertTrue(weir.query("shim:close").contains("closed"));
                weir.closeStdin();
                assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
            }
        } finally {
            for (Process p : background) {
                p.destroyForcibly();
            }
            run("ip", "netns", "del", nsIn);
            run("ip", "netns", "del", nsOut);
            run("ip", "link", "del", a);
            run("ip", "link", "del", b);
        }
    }

    private static void pair(String here, String peer, String ns, String cidr) throws Exception {
        must("ip", "link", "add", here, "type", "veth", "peer", "name", peer);
        must("ip", "link", "set", peer, "netns", ns);
        must("ip", "link", "set", here, "up");
        run("sysctl", "-q", "-w", "net.ipv6.conf." + here + ".disable_ipv6=1");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", cidr, "dev", peer);
        must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
        // veth leaves TCP/UDP checksums to "hardware" that never fills them in; a bridge that captures and
        // resends (and NAT that updates them incrementally) needs complete ones
        must("ip", "netns", "exec", ns, "ethtool", "-K", peer, "tx", "off");
    }

    private void waitListening(String ns, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (out("ip", "netns", "exec", ns, "ss", "-ltn").contains(":" + port + " ")) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private Process start(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        background.add(p);
        return p;
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
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assumptions.abort("network namespaces cannot be set up here: " + String.join(" ", command) + ": "
                    + text.strip());
        }
    }

    private static String out(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
    }

    private static int runWithInput(Path input, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(input.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
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
