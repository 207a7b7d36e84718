package weir.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * (A copy of weir.shim.pcap's test helper of the same name: test classes are not shared between modules.)
 * Two network namespaces for bridge tests, made by the test and removed by it (also when it fails): the
 * inside {@code A} with 10.79.0.1/24 on one end of a veth pair, the outside {@code B} with 10.79.0.2/24 on
 * one end of another; the other ends stay in this namespace, without addresses, for Weir to bridge. Traffic
 * only ever flows between the two namespaces. Names carry a random suffix so parallel runs do not collide.
 */
final class Netns implements AutoCloseable {
    static final String A_ADDRESS = "10.79.0.1";
    static final String B_ADDRESS = "10.79.0.2";

    final String nsA;
    final String nsB;
    /** The bridge's ends, in this namespace. */
    final String insidePort;
    final String outsidePort;
    private final List<Process> background = new ArrayList<>();
    private boolean offload = true;

    private Netns() {
        String id = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        nsA = "weirFcA" + id;
        nsB = "weirFcB" + id;
        insidePort = "wfa0" + id;
        outsidePort = "wfb0" + id;
    }

    /** Skips the test with one line unless this is root with {@code ip} and the namespaces can be made. */
    static Netns create() throws IOException, InterruptedException {
        Assumptions.assumeTrue(isRoot(), "bridge tests need root (network namespaces, live capture)");
        Assumptions.assumeTrue(run("ip", "-V") == 0, "bridge tests need iproute2's ip");
        Netns n = new Netns();
        try {
            n.must("ip", "netns", "add", n.nsA);
            n.must("ip", "netns", "add", n.nsB);
            n.pair(n.insidePort, "wfa1", n.nsA, A_ADDRESS);
            n.pair(n.outsidePort, "wfb1", n.nsB, B_ADDRESS);
        } catch (IOException | RuntimeException e) {
            n.close();
            Assumptions.abort("network namespaces cannot be made here: " + e.getMessage());
        }
        return n;
    }

    private void pair(String here, String there, String ns, String address) throws IOException, InterruptedException {
        String peer = there + here.substring(4);
        must("ip", "link", "add", here, "type", "veth", "peer", "name", peer);
        must("ip", "link", "set", peer, "netns", ns);
        must("ip", "link", "set", here, "up");
        // no IPv6 on the bridge's ends: this host's own router solicitations would only add noise
        run("sysctl", "-q", "-w", "net.ipv6.conf." + here + ".disable_ipv6=1");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", peer);
        must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
        // veth hands TCP and UDP packets over with their checksums left to "hardware" that never fills them
        // in; a bridge that captures and resends them (as Weir does) would deliver them with bad checksums.
        // Real NICs bring complete checksums, so the namespaces compute theirs in software.
        offload = run("ip", "netns", "exec", ns, "ethtool", "-K", peer, "tx", "off") == 0 && offload;
    }

    /** True when the namespaces send complete checksums (ethtool could switch TX offload off). */
    boolean softwareChecksums() {
        return offload;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private void must(String... command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exit != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exit + "): " + r.output.strip());
        }
    }

    static int run(String... command) throws InterruptedException {
        try {
            return exec(command).exit;
        } catch (IOException e) {
            return -1;
        }
    }

    /** What a command printed (stdout and stderr) and its exit code. */
    record Result(int exit, String output) {
    }

    static Result exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", command) + ": did not end within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Gives this namespace's end of a pair an address (a monitor test talks to it from a namespace). */
    void addressHere(String port, String cidr) throws IOException, InterruptedException {
        must("ip", "addr", "add", cidr, "dev", port);
    }

    /** Runs a command in namespace A or B. */
    Result in(String ns, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        return exec(c.toArray(String[]::new));
    }

    /** Starts a command in a namespace in the background (killed at close); its output goes to a file. */
    Process start(String ns, Path output, String... command) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        background.add(p);
        return p;
    }

    /** The interface index of one of this namespace's ends of a pair (for /proc/net/packet). */
    static int ifindex(String port) throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net", port, "ifindex")).strip());
    }

    /** How many packet sockets (libpcap's captures) are bound to an interface right now. */
    static int packetSockets(int ifindex) {
        int n = 0;
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/packet"));
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > 4 && f[4].equals(Integer.toString(ifindex))) {
                    n++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    @Override
    public void close() {
        for (Process p : background) {
            p.destroyForcibly();
        }
        try {
            run("ip", "netns", "del", nsA);
            run("ip", "netns", "del", nsB);
            // the veth pairs die with their peers' namespaces; remove what is left if that failed
            run("ip", "link", "del", insidePort);
            run("ip", "link", "del", outsidePort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
