package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import weir.engine.api.Checksums;

/** Packets with right lengths, offsets and checksums; a capture in the pcap layout. */
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
}
