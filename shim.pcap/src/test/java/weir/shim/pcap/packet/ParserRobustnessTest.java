package weir.shim.pcap.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

import weir.shim.pcap.Bytes;
import weir.shim.pcap.capture.LinkType;

/**
 * No bytes make the parser throw or contradict itself: every prefix of rich packets (cut on the wire or by
 * the snapshot length), and a few hundred thousand mutations of them, for every link type it parses.
 */
class ParserRobustnessTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
        LinkType.NULL, LinkType.LOOP, LinkType.RAW, LinkType.DLT_RAW, LinkType.IPV4, LinkType.IPV6, 127};

    /** Rich raw IP packets: options, extension chains, fragments, ICMP errors with quotes. */
    private static byte[][] packets() {
        return new byte[][] {
            new Bytes().ipv4(7, 52, 0x4000, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 6, 0x12).toArray(),
            new Bytes().ipv4(5, 64, 0, 51, "10.0.0.1", "10.0.0.2").authenticationHeader(6, 4).tcp(22, 3, 5, 0x10)
                    .toArray(),
            new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 3).ipv4(5, 60, 0, 17, "10.0.0.1",
                    "10.0.0.9").udp(5353, 53, 40).toArray(),
            new Bytes().ipv6(8 + 16 + 24 + 8 + 16 + 8 + 20, 0, "2001:db8::1", "2001:db8::2").extension(60, 0)
                    .extension(43, 1).extension(44, 2).fragmentHeader(51, 0, true, 77).authenticationHeader(60, 2)
                    .extension(6, 0).tcp(1, 2, 5, 1).toArray(),
            new Bytes().ipv6(8 + 40 + 8 + 8, 58, "2001:db8::9", "2001:db8::1").icmp(1, 4).ipv6(100, 60,
                    "2001:db8::1", "2001:db8::9").extension(6, 0).u16(33000).u16(22).u32(0).toArray(),
            new Bytes().ipv6(24, 44, "2001:db8::1", "2001:db8::2").fragmentHeader(6, 181, false, 5).zeros(16)
                    .toArray(),
        };
    }

    /** The link header for a raw IP packet, for each link type. */
    private static byte[] frame(int linkType, byte[] ip) {
        boolean v6 = (ip[0] & 0xF0) == 0x60;
        Bytes b = new Bytes();
        switch (linkType) {
            case LinkType.ETHERNET:
                b.ethernet(0x88A8).tag(5, 0x8100).tag(6, v6 ? 0x86DD : 0x0800);
                break;
            case LinkType.LINUX_SLL:
                b.u16(0).u16(1).u16(6).zeros(8).u16(v6 ? 0x86DD : 0x0800);
                break;
            case LinkType.LINUX_SLL2:
                b.u16(v6 ? 0x86DD : 0x0800).u16(0).u32(3).u16(1).u8(4, 6).zeros(8);
                break;
            case LinkType.NULL:
                b.u8(v6 ? 30 : 2, 0, 0, 0);
                break;
            case LinkType.LOOP:
                b.u32(v6 ? 24 : 2);
                break;
            default:
                break;
        }
        return b.bytes(ip).toArray();
    }

    private void check(byte[] a, int offset, int length, int original, int linkType) {
        parser.parse(a, offset, length, original, linkType, p);
        String bad = CorpusParseTest.inconsistency(p);
        assertNull(bad, () -> bad + " for link type " + linkType + ", " + length + " of " + original + " bytes");
    }

    @Test
    void everyPrefixOfEveryPacketOnEveryLinkType() {
        for (byte[] ip : packets()) {
            for (int linkType : LINK_TYPES) {
                byte[] f = frame(linkType, ip);
                parser.parse(f, 0, f.length, f.length, linkType, p);
                if (linkType != 127 && (linkType != LinkType.IPV4 || (ip[0] & 0xF0) == 0x40)
                        && (linkType != LinkType.IPV6 || (ip[0] & 0xF0) == 0x60)) {
                    assertEquals(PacketStatus.OK, p.status(), "whole packet, link type " + linkType);
                }
                for (int cut = 0; cut < f.length; cut++) {
                    // cut on the wire: everything after the cut is missing, the headers lie
                    check(f, 0, cut, cut, linkType);
                    if (linkType != 127) {
                        assertNotEquals(PacketStatus.OK, p.status(), "link type " + linkType + " cut at " + cut);
                    }
                    // cut by the snapshot length: the wire had it all
                    check(f, 0, cut, f.length, linkType);
                }
            }
        }
    }

    @Test
    void mutationsNeverThrow() {
        Random random = new Random(20240501);
        byte[][] packets = packets();
        byte[] a = new byte[600];
        for (int round = 0; round < 300_000; round++) {
            int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            byte[] f = frame(linkType, packets[random.nextInt(packets.length)]);
            int offset = random.nextInt(8);
            System.arraycopy(f, 0, a, offset, f.length);
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                a[offset + random.nextInt(f.length)] = (byte) random.nextInt();
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(f.length + 1) : f.length;
            int original = random.nextInt(3) == 0 ? random.nextInt() : length;
            check(a, offset, length, original, linkType);
        }
    }
}
