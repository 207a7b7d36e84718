package weir.shim.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.pcap4j.core.Pcaps;

/** The shared tcpdump test captures, libpcap's presence, and where tests put their reports. */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus folder: {@code -Dweir.corpus=…}, else {@code ../../shared/data/pcap/tcpdump-tests}. */
    public static Path folder() {
        String configured = System.getProperty("weir.corpus");
        Path p = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().resolve("../../shared/data/pcap/tcpdump-tests").normalize();
        if (!Files.isDirectory(p)) {
            p = Path.of("/work/shared/data/pcap/tcpdump-tests");
        }
        return p;
    }

    /** Every capture of the corpus (names ending in .pcap or .pcapng), sorted; skips the test if absent. */
    public static List<Path> captures() {
        Path folder = folder();
        Assumptions.assumeTrue(Files.isDirectory(folder), "no capture corpus at " + folder + " (set -Dweir.corpus)");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?$")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the test with a one-line reason unless pcap4j can load libpcap. */
    public static void assumeLibpcap() {
        String reason = null;
        try {
            Pcaps.libVersion();
        } catch (Throwable e) {
            reason = "libpcap not available (" + e + "); install libpcap0.8";
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** Writes a report under target/ and prints it. */
    public static void report(String name, String text) {
        System.out.println(text);
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("(report not written: " + e + ")");
        }
    }
}
