package weir.shim.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The placeholder {@code shim:libpcap} command answers with one line, whether libpcap loads or not. */
class ShimInfoTest {
    @Test
    void namesTheLibpcapOrWhyThereIsNone() {
        String line = new ShimInfo().libpcap();
        assertTrue(new ShimInfo().libpcap("--help").startsWith("shim:libpcap - "));
        assertTrue(line.startsWith("libpcap") && !line.contains("\n"), line);
    }
}
