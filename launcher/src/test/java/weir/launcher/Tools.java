package weir.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * What end-to-end tests of live capture and bridging need from the machine. A fresh machine may lack the
 * system tools they exec (ping, ethtool, tcpdump, nc, iperf3 and nft are not in a minimal Debian) and libpcap
 * itself; a test that needs one skips with one line naming it and its package, as it does without root.
 * {@code .ci/run} installs them, so CI runs the tests for real.
 */
final class Tools {
    /** The Debian package of each tool. */
    private static final Map<String, String> PACKAGES = Map.of("ping", "iputils-ping", "ethtool", "ethtool",
            "tcpdump", "tcpdump", "nc", "netcat-openbsd", "iperf3", "iperf3", "nft", "nftables", "ip", "iproute2");

    private Tools() {
    }

    /** Skips the test unless {@code tool} is on PATH. */
    static void assume(String tool) {
        Assumptions.assumeTrue(onPath(tool), "needs " + tool + ", which is not on PATH (Debian: apt-get install "
                + PACKAGES.getOrDefault(tool, tool) + "; .ci/run installs it)");
    }

    /** Skips the test unless libpcap loads, as weir.jar loads it (through JNA, by the name pcap4j uses). */
    static void assumeLibpcap() {
        String reason = null;
        try {
            // JNA is a run-time dependency of this module (weir.jar's bundle), so it is called reflectively
            Class.forName("com.sun.jna.NativeLibrary").getMethod("getInstance", String.class).invoke(null, "pcap");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable t = e instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : e;
            String why = String.valueOf(t.getMessage());
            reason = "needs libpcap, which does not load (" + why.lines().findFirst().orElse("").strip()
                    + "); Debian: apt-get install libpcap0.8";
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
