package weir.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
    // An IPv4 header from RFC 1071-style worked examples (Wikipedia's IPv4 header checksum example).
    private static final byte[] IPV4 = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");

    @Test
    void ipv4HeaderChecksumMatchesTheKnownValue() {
        assertEquals(0xB861, Checksums.ipv4Header(IPV4, 0));
    }

    @Test
    void aFixedHeaderSumsToZero() {
        byte[] h = IPV4.clone();
        Checksums.fixIpv4Header(h, 0);
        assertEquals(0, Checksums.finish(Checksums.add(0, h, 0, 20)));
    }

    @Test
    void udpOverIpv4MatchesAHandComputedPseudoHeaderSum() {
        // 10.0.0.1:1234 -> 10.0.0.2:53, payload "abc"
        byte[] p = HexFormat.of().parseHex("4500001f0000000040110000" + "0a000001" + "0a000002"
                + "04d20035000b0000" + "616263");
        int sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 17 + 11 // pseudo-header
                + 0x04d2 + 0x0035 + 0x000b // UDP header without checksum
                + 0x6162 + 0x6300; // payload, odd byte padded
        int expected = ~((sum & 0xFFFF) + (sum >>> 16)) & 0xFFFF;
        assertEquals(expected, Checksums.transport(p, 0, 20, 11, 17));
    }

    @Test
    void incrementalUpdateEqualsRecomputation() {
        Random r = new Random(1624);
        for (int i = 0; i < 1000; i++) {
            byte[] h = IPV4.clone();
            h[12] = (byte) r.nextInt();
            h[13] = (byte) r.nextInt();
            h[14] = (byte) r.nextInt();
            h[15] = (byte) r.nextInt();
            Checksums.fixIpv4Header(h, 0);
            int old = Checksums.get16(h, 10);
            int oldAddr = ((h[12] & 0xFF) << 24) | ((h[13] & 0xFF) << 16) | ((h[14] & 0xFF) << 8) | (h[15] & 0xFF);
            int newAddr = r.nextInt();
            h[12] = (byte) (newAddr >>> 24);
            h[13] = (byte) (newAddr >>> 16);
            h[14] = (byte) (newAddr >>> 8);
            h[15] = (byte) newAddr;
            int incremental = Checksums.update32(old, oldAddr, newAddr);
            assertEquals(Checksums.ipv4Header(h, 0), incremental, "case " + i);
        }
    }
}
