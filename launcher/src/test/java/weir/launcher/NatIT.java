package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.launcher.NatPackets.ACK;
import static weir.launcher.NatPackets.FIN;
import static weir.launcher.NatPackets.PSH;
import static weir.launcher.NatPackets.SYN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NAT callouts in weir.jar: the bundle deployed, its rules from {@code etc/weir.nat.rule-*.cfg}, placed by
 * {@code callouts.nat/nat.json}, and a capture replayed through source NAT (TCP, UDP with and without a
 * checksum, ping, an ICMP error), a port forward and 1:1 NAT, both directions. Every packet written is checked
 * from scratch (and by {@code tcpdump -vv} where installed); the pool runs out and the new flow is dropped; 300
 * s of capture time later, in a replay that takes a moment, the ports are free again; the summary adds up; the
 * rule files are byte for byte what they were; removing the bundle while flows hold mappings leaves none.
 */
class NatIT {
    private static final String LOCAL = "10.0.0.0/24,192.0.2.0/24";

    @TempDir
    Path dir;

    @Test
    void sourceNatPortForwardAndStaticNatTranslateBothWaysInAReplay() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path natJar = natBundle();
        Files.copy(natJar, deploy.resolve(natJar.getFileName()));
        Path etc = Files.createDirectories(dir.resolve("etc"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<Path, byte[]> rules = new TreeMap<>();
        rules.put(write(etc.resolve("weir.nat.rule-snat.cfg"),
                "type=snat\ninside=10.0.0.0/24\noutside=192.0.2.1\nports=40000-40001\n"), null);
        rules.put(write(etc.resolve("weir.nat.rule-web.cfg"),
                "type=forward\ninside=10.0.0.80:80\noutside=192.0.2.1:8080\nprotocol=tcp\n"), null);
        rules.put(write(etc.resolve("weir.nat.rule-host7.cfg"), "type=static\ninside=10.0.0.7\noutside=192.0.2.7\n"),
                null);
        for (Path p : rules.keySet()) {
            rules.put(p, Files.readAllBytes(p));
        }
        List<String> expected = new ArrayList<>();
        Path in = capture(expected).write(dir.resolve("in.pcap"));
        Path permitted = dir.resolve("permitted.pcap");
        Path dropped = dir.resolve("dropped.pcap");

        try (Weir weir = Weir.start(dir, "--deploy", deploy.toString(), "--etc", etc.toString(), "--data",
                dir.resolve("data").toString(), "--policy", natPolicy().toString())) {
            awaitQuery(weir, "nat:rules --no-format", s -> count(s, "\tactive") == 3, () -> "three active rules "
                    + "(the rule files now: " + contents(rules.keySet()) + ")");
            awaitQuery(weir, "nat:status --no-format", s -> count(s, "calloutId ") == 2, "both callouts registered");
            String opened = weir.query("shim:open replay " + in + " --local " + LOCAL + " --permitted " + permitted
                    + " --dropped " + dropped);
            assertTrue(opened.contains("opened offline"), opened);
            awaitQuery(weir, "shim:status", s -> s.contains("finished"), "the replay finished");
            String json = weir.query("shim:stats --json");
            String mappings = weir.query("nat:mappings --no-format");
            String status = weir.query("nat:status");

            assertEquals(24, number(json, "packets"), json);
            assertEquals(23, number(json, "permitted"), json);
            assertEquals(23, number(json, "permitted_as_copies"), "each translated original once: " + json);
            assertEquals(1, number(json, "dropped"), json);
            assertEquals(number(json, "packets"), number(json, "permitted") + number(json, "dropped")
                    + number(json, "unsupported"), "the totals add up: " + json);
            assertTrue(Pattern.compile("(?m)^\\s*1\\s+first packets blocked: no free source NAT port").matcher(status)
                    .find(), status);
            assertTrue(mappings.contains("udp\tout\t10.0.0.9:7001 > 198.51.100.53:53\t192.0.2.1:4000"), mappings);
            assertTrue(weir.query("wfp:events").contains("CLASSIFY_DROP"), "the refused flow is a net event");

            // the bundle goes while flows still hold mappings: the engine removes each context with its
            // flowDelete, the callouts unregister, and nothing is left when the bundle comes back
            Files.delete(deploy.resolve(natJar.getFileName()));
            awaitQuery(weir, "nat:status", s -> !s.contains("calloutId"), "the nat commands left with the bundle");
            awaitQuery(weir, "wfp:callouts", s -> !s.contains("BUSY"), "no callout kept busy by contexts");
            Files.copy(natJar, deploy.resolve("tmp.part"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(deploy.resolve("tmp.part"), deploy.resolve(natJar.getFileName()));
            awaitQuery(weir, "nat:status --no-format", s -> count(s, "calloutId ") == 2, "the callouts are back");
            assertEquals("", weir.query("nat:mappings --no-format").strip(), "no mapping survived the bundle");
            assertTrue(weir.query("shim:close").contains("closed"));
            weir.closeStdin();
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }

        List<String> written = new ArrayList<>();
        for (byte[] p : NatPackets.read(permitted)) {
            written.add(NatPackets.describe(p));
            assertEquals(List.of(), NatPackets.wrongChecksums(p), NatPackets.describe(p));
        }
        assertEquals(expected, written);
        List<String> refused = new ArrayList<>();
        for (byte[] p : NatPackets.read(dropped)) {
            refused.add(NatPackets.describe(p));
        }
        assertEquals(List.of("udp 10.0.0.8:7000 > 198.51.100.53:53"), refused, "the flow the pool had no port for");
        tcpdumpFindsNoBadChecksum(permitted);
        for (Map.Entry<Path, byte[]> e : rules.entrySet()) {
            assertTrue(Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey())), e.getKey() + " was changed");
        }
    }

    /** The capture, and the packets its translation must write, in order. */
    private static NatPackets.Capture capture(List<String> expected) {
        NatPackets.Capture c = new NatPackets.Capture();
        String server = "198.51.100.7";
        String dns = "198.51.100.53";
        // source NAT, TCP: handshake, data, FIN both ways (the first port of the pool, 40000)
        c.add(0.0, NatPackets.tcp("10.0.0.5", 12345, server, 80, SYN, 0));
        c.add(0.1, NatPackets.tcp(server, 80, "192.0.2.1", 40000, SYN | ACK, 0));
        c.add(0.2, NatPackets.tcp("10.0.0.5", 12345, server, 80, ACK | PSH, 100));
        c.add(0.3, NatPackets.tcp(server, 80, "192.0.2.1", 40000, ACK | PSH, 1000));
        c.add(0.4, NatPackets.tcp("10.0.0.5", 12345, server, 80, FIN | ACK, 0));
        c.add(0.5, NatPackets.tcp(server, 80, "192.0.2.1", 40000, FIN | ACK, 0));
        c.add(0.6, NatPackets.tcp("10.0.0.5", 12345, server, 80, ACK, 0));
        for (int i = 0; i < 7; i += 2) {
            expected.add("tcp 192.0.2.1:40000 > " + server + ":80");
            if (i < 6) {
                expected.add("tcp " + server + ":80 > 10.0.0.5:12345");
            }
        }
        // source NAT, UDP with a checksum; the server's port unreachable about the translated datagram
        byte[] query = NatPackets.udp("192.0.2.1", 40000, dns, 53, 30, true);
        c.add(1.0, NatPackets.udp("10.0.0.5", 6000, dns, 53, 30, true));
        c.add(1.1, NatPackets.udp(dns, 53, "192.0.2.1", 40000, 60, true));
        c.add(1.2, NatPackets.icmpError(3, 3, dns, "192.0.2.1", query));
        expected.add("udp 192.0.2.1:40000 > " + dns + ":53");
        expected.add("udp " + dns + ":53 > 10.0.0.5:6000");
        expected.add("icmp " + dns + " > 10.0.0.5 type 3 quoting [udp 10.0.0.5:6000 > " + dns + ":53]");
        // source NAT, UDP without a checksum: it stays without one (the pool's second port)
        c.add(1.3, NatPackets.udp("10.0.0.6", 6001, dns, 69, 20, false));
        c.add(1.4, NatPackets.udp(dns, 69, "192.0.2.1", 40001, 20, false));
        expected.add("udp 192.0.2.1:40001 > " + dns + ":69 nocsum");
        expected.add("udp " + dns + ":69 > 10.0.0.6:6001 nocsum");
        // source NAT, ping: the identifier is allocated like a port
        c.add(2.0, NatPackets.echo(true, "10.0.0.5", server, 0x0101, 1));
        c.add(2.1, NatPackets.echo(false, server, "192.0.2.1", 40000, 1));
        expected.add("icmp 192.0.2.1 > " + server + " echo id 40000");
        expected.add("icmp " + server + " > 10.0.0.5 echo-reply id 257");
        // port forward: 192.0.2.1:8080 is 10.0.0.80:80
        c.add(3.0, NatPackets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, SYN, 0));
        c.add(3.1, NatPackets.tcp("10.0.0.80", 80, "203.0.113.9", 51000, SYN | ACK, 0));
        c.add(3.2, NatPackets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, ACK | PSH, 200));
        c.add(3.3, NatPackets.tcp("10.0.0.80", 80, "203.0.113.9", 51000, ACK | PSH, 1400));
        for (int i = 0; i < 2; i++) {
            expected.add("tcp 203.0.113.9:51000 > 10.0.0.80:80");
            expected.add("tcp 192.0.2.1:8080 > 203.0.113.9:51000");
        }
        // 1:1 NAT: 10.0.0.7 is 192.0.2.7, out and in
        c.add(4.0, NatPackets.udp("10.0.0.7", 5000, dns, 53, 10, true));
        c.add(4.1, NatPackets.udp(dns, 53, "192.0.2.7", 5000, 10, true));
        c.add(4.2, NatPackets.tcp("203.0.113.9", 52000, "192.0.2.7", 22, SYN, 0));
        c.add(4.3, NatPackets.tcp("10.0.0.7", 22, "203.0.113.9", 52000, SYN | ACK, 0));
        expected.add("udp 192.0.2.7:5000 > " + dns + ":53");
        expected.add("udp " + dns + ":53 > 10.0.0.7:5000");
        expected.add("tcp 203.0.113.9:52000 > 10.0.0.7:22");
        expected.add("tcp 192.0.2.7:22 > 203.0.113.9:52000");
        // both UDP ports are taken: this flow is dropped
        c.add(5.0, NatPackets.udp("10.0.0.8", 7000, dns, 53, 10, true));
        // 300 s of capture time later the idle UDP flows ended, their hold passed: a port is free again
        c.add(305.0, NatPackets.udp("10.0.0.9", 7001, dns, 53, 10, true));
        expected.add("udp 192.0.2.1:40001 > " + dns + ":53");
        return c;
    }

    /** tcpdump's own checksum verdicts ({@code -vv}) on the written packets, where tcpdump is installed. */
    private static void tcpdumpFindsNoBadChecksum(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tcpdump", "-nn", "-vv", "-r", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("tcpdump is not installed: its checksum check is skipped");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("cksum"), "tcpdump looked at checksums:\n" + out);
        for (String bad : new String[] {"incorrect", "bad cksum", "wrong icmp cksum", "bad udp cksum"}) {
            assertTrue(!out.contains(bad), "tcpdump says " + bad + ":\n" + out);
        }
    }

    static Path natBundle() throws IOException {
        Path folder = Weir.jar().getParent().resolve("deploy");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith("weir.callouts.nat")).findFirst()
                    .orElseThrow(() -> new AssertionError("no weir.callouts.nat bundle in " + folder));
        }
    }

    /** callouts.nat/nat.json of this checkout (the tests run in launcher/). */
    static Path natPolicy() {
        Path p = Path.of("../callouts.nat/nat.json").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(p), p + " is missing");
        return p;
    }

    /** The files' text now, for a failure message: an emptied rule file is FileInstall writing back. */
    private static String contents(java.util.Collection<Path> files) {
        StringBuilder b = new StringBuilder();
        for (Path p : files) {
            try {
                b.append(p.getFileName()).append("='").append(Files.readString(p).replace("\n", "\\n")).append("' ");
            } catch (IOException e) {
                b.append(p.getFileName()).append(" unreadable (").append(e.getMessage()).append(") ");
            }
        }
        return b.toString().strip();
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    static void awaitQuery(Weir weir, String command, java.util.function.Predicate<String> ok, String what)
            throws IOException, InterruptedException {
        awaitQuery(weir, command, ok, () -> what);
    }

    static void awaitQuery(Weir weir, String command, java.util.function.Predicate<String> ok,
            java.util.function.Supplier<String> what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = weir.query(command);
            if (ok.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("within 60 s: " + what.get() + "; '" + command + "' said:\n" + last + "\nstderr:\n"
                + weir.err());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
