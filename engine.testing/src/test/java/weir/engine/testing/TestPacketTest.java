package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.Checksums;

/** Packets with right lengths, offsets and checksums; any IP packet's offsets; a capture in the pcap layout. */
class TestPacketTest {

    @Test
    void aTcpSegmentOverIpv4HasItsHeadersWhereTheOffsetsSay() {
        TestPacket p = TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.SYN | TestPacket.ACK, "hi");
        byte[] f = p.array();
        assertEquals(14 + 20 + 20 + 2, p.length());
        assertEquals(0x45, f[p.networkOffset()] & 0xFF);
        assertEquals(6, f[p.networkOffset() + 9]);
        assertEquals(Checksums.ipv4Header(f, 14), Checksums.get16(f, 24), "IPv4 header checksum");
        assertEquals(Checksums.transport(f, 14, 34, 22, 6), Checksums.get16(f, 34 + 16), "TCP checksum");
        assertEquals(40000, Checksums.get16(f, p.transportOffset()));
        assertEquals(0x12, f[p.transportOffset() + 13]);
        assertEquals("hi", new String(f, p.payloadOffset(), 2));
    }

    @Test
    void udpAndEchoOverIpv6() {
        TestPacket u = TestPacket.udp("2001:db8::2", 53000, "2001:db8::53", 53, "q");
        byte[] f = u.array();
        assertEquals(0x86DD, Checksums.get16(f, 12));
        assertEquals(14 + 40, u.transportOffset());
        assertEquals(9, Checksums.get16(f, 14 + 4), "payload length");
        assertEquals(Checksums.transport(f, 14, 54, 9, 17), Checksums.get16(f, 54 + 6));
        TestPacket e = TestPacket.echo("2001:db8::2", "2001:db8::1", false, 7, 1);
        assertEquals(129, e.array()[e.transportOffset()] & 0xFF);
        TestPacket e4 = TestPacket.echo("10.0.0.2", "192.0.2.1", true, 7, 1);
        assertEquals(8, e4.array()[e4.transportOffset()] & 0xFF);
        assertEquals(Checksums.transport(e4.array(), 14, 34, 16, 1), Checksums.get16(e4.array(), 34 + 2));
    }

    @Test
    void aCaptureIsAPcapFileOfItsPacketsAtTheirTimes() {
        TestPacket a = TestPacket.udp("10.0.0.2", 1, "10.0.0.3", 2, "");
        TestCapture c = new TestCapture(Instant.parse("2026-01-01T00:00:00Z")).add(a)
                .after(Duration.ofMillis(1500)).add(a);
        ByteBuffer b = ByteBuffer.wrap(c.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, b.getInt(0));
        assertEquals(1, b.getInt(20), "link type Ethernet");
        int second = 24 + 16 + a.length();
        assertEquals(1_767_225_601, b.getInt(second));
        assertEquals(500_000, b.getInt(second + 4));
        assertEquals(a.length(), b.getInt(second + 8));
        assertArrayEquals(a.bytes(), Arrays.copyOfRange(c.bytes(), 24 + 16, 24 + 16 + a.length()));
    }

    @Test
    void anyIpPacketIsARawIpFrameWithTheOffsetsTheShimReads() {
        TestPacket tcp = TestPacket.ip(TestPacket.tcp("10.0.0.2", 1, "10.0.0.3", 2, TestPacket.ACK, "abc").ipBytes());
        assertEquals(List.of(0, 43, 0, 20, 40), offsets(tcp));
        assertEquals(List.of(0, 49, 0, 40, 48),
                offsets(TestPacket.ip(TestPacket.udp("2001:db8::2", 1, "2001:db8::3", 2, "q").ipBytes())));

        byte[] gre = TestPacket.udp("10.0.0.2", 1, "10.0.0.3", 2, "").ipBytes();
        gre[9] = 47;
        assertEquals(List.of(0, 28, 0, 20, 20), offsets(TestPacket.ip(gre)), "a protocol without a header the"
                + " shim reads: all payload");
        byte[] later = gre.clone();
        later[9] = 17;
        later[7] = 1; // fragment offset 8 bytes
        assertEquals(List.of(0, 28, 0, -1, -1), offsets(TestPacket.ip(later)), "a non-first fragment has no"
                + " transport header");
        byte[] cut = Arrays.copyOf(tcp.array(), 30);
        assertEquals(List.of(0, 30, 0, 20, -1), offsets(TestPacket.ip(cut)), "a truncated TCP header is not intact");

        // an IPv6 fragment header before UDP
        byte[] v6 = TestPacket.udp("2001:db8::2", 1, "2001:db8::3", 2, "q").ipBytes();
        byte[] fragmented = new byte[v6.length + 8];
        System.arraycopy(v6, 0, fragmented, 0, 40);
        System.arraycopy(v6, 40, fragmented, 48, v6.length - 40);
        fragmented[6] = 44;
        fragmented[40] = 17;
        fragmented[43] = 1; // M: more fragments, offset 0
        Checksums.put16(fragmented, 4, v6.length - 40 + 8);
        assertEquals(List.of(0, 57, 0, 48, 56), offsets(TestPacket.ip(fragmented)));

        IllegalArgumentException notIp = assertThrows(IllegalArgumentException.class,
                () -> TestPacket.ip(new byte[] {0x10, 0, 0, 0}));
        assertTrue(notIp.getMessage().contains("not an IP packet: version 1"), notIp.getMessage());
    }

    @Test
    void inBufferPutsTheFrameAmongFillerAndIpBytesLeavesLinkHeaderAndPaddingOut() {
        byte[] small = TestPacket.udp("10.0.0.2", 7, "10.0.0.3", 7, "x").ipBytes(); // 29 bytes: padded to 60
        TestPacket p = TestPacket.ip(small).inBuffer(5, 60);
        assertEquals(List.of(5, 60, 19, 39, 47), offsets(p));
        byte[] a = p.array();
        assertEquals(TestPacket.FILLER, a[4], "filler before the frame");
        assertEquals(TestPacket.FILLER, a[5 + 14 + small.length], "padding");
        assertEquals(TestPacket.FILLER, a[5 + 60], "filler after the frame");
        assertEquals(0x0800, Checksums.get16(a, 5 + 12));
        assertArrayEquals(small, p.ipBytes());
        assertEquals(60, p.bytes().length);
        assertEquals(7, Checksums.get16(a, p.transportOffset()));
        TestPacket e = TestPacket.echo("10.0.0.2", "10.0.0.3", true, 9, 1);
        assertEquals(e.length(), e.inBuffer(3, 0).length(), "no padding asked: the frame as it is");
        assertArrayEquals(e.bytes(), e.inBuffer(3, 0).bytes(), "an Ethernet frame keeps its link header");
        assertArrayEquals(e.ipBytes(), TestPacket.ip(e.ipBytes()).ethernet().ipBytes());
    }

    @Test
    void aCaptureWritesARawIpPacketBehindAnEthernetHeader() {
        byte[] ip = TestPacket.udp("2001:db8::2", 1, "2001:db8::3", 2, "q").ipBytes();
        byte[] file = new TestCapture(Instant.parse("2026-01-01T00:00:00Z")).add(TestPacket.ip(ip)).bytes();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(14 + ip.length, b.getInt(24 + 8));
        assertEquals(0x86DD, Checksums.get16(file, 24 + 16 + 12));
        assertArrayEquals(ip, Arrays.copyOfRange(file, 24 + 16 + 14, file.length));
    }

    /** offset, length, network, transport, payload. */
    private static List<Integer> offsets(TestPacket p) {
        return List.of(p.offset(), p.length(), p.networkOffset(), p.transportOffset(), p.payloadOffset());
    }
}
