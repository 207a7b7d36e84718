package weir.shim.pcap.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The system tools that live-capture and bridge tests exec. A fresh machine may lack them (ping, ethtool,
 * tcpdump, nc, iperf3 and nft are not in a minimal Debian); a test that needs one skips with one line naming
 * it and its package, as it does without root or libpcap. {@code .ci/run} installs them, so CI runs the tests
 * for real.
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
