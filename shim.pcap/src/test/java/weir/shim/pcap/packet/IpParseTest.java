package weir.shim.pcap.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.shim.pcap.Bytes;
import weir.shim.pcap.capture.LinkType;

/** IPv4 (options, fragments, lengths, AH), the IPv6 extension chain, TCP and UDP: raw IP frames. */
class IpParseTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    private ParsedPacket parse(Bytes frame) {
        byte[] a = frame.toArray();
        parser.parse(a, 0, a.length, a.length, LinkType.RAW, p);
        return p;
    }

    /** A capture cut by its snapshot length: {@code originalLength} bytes were on the wire. */
    private ParsedPacket parseCut(Bytes frame, int originalLength) {
        byte[] a = frame.toArray();
        parser.parse(a, 0, a.length, originalLength, LinkType.RAW, p);
        return p;
    }

    private void assertMalformed(Malformation reason, boolean networkOk) {
        assertEquals(PacketStatus.MALFORMED, p.status());
        assertEquals(reason, p.malformation());
        assertEquals(networkOk, p.networkOk());
        assertFalse(p.transportOk());
    }

    @Test
    void ipv4Tcp() {
        parse(new Bytes().ipv4(5, 46, 0x4000, 6, "192.0.2.1", "198.51.100.7")
                .tcp(51000, 80, 5, ParsedPacket.TCP_ACK | ParsedPacket.TCP_PSH).u8(1, 2, 3, 4, 5, 6));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.networkOk());
        assertTrue(p.transportOk());
        assertEquals(20, p.networkHeaderLength());
        assertEquals(46, p.ipLength());
        assertEquals(64, p.hopLimit());
        assertEquals(0x1234, p.fragmentId());
        assertFalse(p.fragment());
        assertFalse(p.loopback());
        assertEquals(20, p.transportOffset());
        assertEquals(20, p.transportHeaderLength());
        assertEquals(40, p.payloadOffset());
        assertEquals(6, p.payloadLength());
        assertEquals(6, p.capturedPayloadLength());
        assertEquals(51000, p.sourcePort());
        assertEquals(80, p.destinationPort());
        assertTrue(p.hasPorts());
        assertEquals(ParsedPacket.TCP_ACK | ParsedPacket.TCP_PSH, p.tcpFlags());
        assertEquals(1000, p.tcpSequence());
        assertEquals(2000, p.tcpAcknowledgement());
        assertFalse(p.icmp());
        assertEquals(-1, p.icmpType());
    }

    @Test
    void tcpOptionsAndNsFlag() {
        parse(new Bytes().ipv4(5, 52, 0, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 8, 0x100 | ParsedPacket.TCP_SYN));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(32, p.transportHeaderLength());
        assertEquals(52, p.payloadOffset());
        assertEquals(0, p.payloadLength());
        assertEquals(0x102, p.tcpFlags());
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 10, 15})
    void ipv4Options(int ihl) {
        int h = ihl * 4;
        parse(new Bytes().ipv4(ihl, h + 8, 0, 17, "10.0.0.1", "10.0.0.2").udp(7, 9, 8));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(h, p.networkHeaderLength());
        assertEquals(h, p.transportOffset());
        assertEquals(7, p.sourcePort());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void badIhl() {
        parse(new Bytes().ipv4(4, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(7, 9, 8));
        assertMalformed(Malformation.BAD_IPV4_HEADER_LENGTH, false);
        assertTrue(p.hasAddresses());
        assertEquals(Bytes.v4("10.0.0.1"), p.sourceAddress4());
    }

    @Test
    void totalLengthBelowHeader() {
        parse(new Bytes().ipv4(6, 20, 0, 17, "10.0.0.1", "10.0.0.2").udp(7, 9, 8));
        assertMalformed(Malformation.BAD_IPV4_TOTAL_LENGTH, false);
    }

    @Test
    void totalLengthBeyondFrame() {
        parse(new Bytes().ipv4(5, 100, 0, 17, "10.0.0.1", "10.0.0.2").udp(7, 9, 80));
        assertMalformed(Malformation.BAD_IPV4_TOTAL_LENGTH, false);
    }

    @Test
    void totalLengthBeyondCaptureButNotBeyondWireIsFine() {
        // snaplen 48 of a 1500-byte packet: the headers are all there, the payload is not
        parseCut(new Bytes().ipv4(5, 1500, 0, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 5, ParsedPacket.TCP_ACK)
                .zeros(8), 1500);
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.transportOk());
        assertEquals(1460, p.payloadLength());
        assertEquals(8, p.capturedPayloadLength());
    }

    @Test
    void truncatedIpv4Header() {
        parse(new Bytes().u8(0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6));
        assertMalformed(Malformation.TRUNCATED_IPV4_HEADER, false);
        assertFalse(p.hasAddresses());
    }

    @Test
    void truncatedIpv4Options() {
        byte[] full = new Bytes().ipv4(8, 40, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 8).toArray();
        parser.parse(full, 0, 26, 40, LinkType.RAW, p);
        assertMalformed(Malformation.TRUNCATED_IPV4_HEADER, false);
    }

    @Test
    void firstFragmentHasPortsAndIsAFragment() {
        parse(new Bytes().ipv4(5, 36, 0x2000, 17, "10.0.0.1", "10.0.0.2").udp(5000, 53, 100).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.fragment());
        assertFalse(p.laterFragment());
        assertTrue(p.moreFragments());
        assertEquals(0, p.fragmentOffset());
        assertTrue(p.hasPorts());
        assertEquals(5000, p.sourcePort());
    }

    @Test
    void laterFragmentCarriesNoPorts() {
        // offset 185 * 8 = 1480, last fragment (no MF); its bytes look like a UDP header but are not one
        parse(new Bytes().ipv4(5, 36, 185, 17, "10.0.0.1", "10.0.0.2").udp(5000, 53, 16).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.networkOk());
        assertTrue(p.transportOk());
        assertTrue(p.fragment());
        assertTrue(p.laterFragment());
        assertFalse(p.moreFragments());
        assertEquals(1480, p.fragmentOffset());
        assertFalse(p.hasPorts());
        assertEquals(17, p.protocol());
        assertEquals(-1, p.transportOffset());
        assertEquals(-1, p.payloadOffset());
    }

    @Test
    void middleFragment() {
        parse(new Bytes().ipv4(5, 28, 0x2000 | 1, 6, "10.0.0.1", "10.0.0.2").zeros(8));
        assertTrue(p.fragment());
        assertTrue(p.laterFragment());
        assertTrue(p.moreFragments());
        assertEquals(8, p.fragmentOffset());
    }

    @Test
    void ipv4AuthenticationHeaderIsSkipped() {
        // AH with len 4: (4+2)*4 = 24 bytes, then TCP
        parse(new Bytes().ipv4(5, 64, 0, 51, "10.0.0.1", "10.0.0.2").authenticationHeader(6, 4).tcp(22, 3333, 5, 0x10));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(6, p.protocol());
        assertEquals(44, p.transportOffset());
        assertEquals(22, p.sourcePort());
    }

    @Test
    void truncatedIpv4AuthenticationHeader() {
        parse(new Bytes().ipv4(5, 36, 0, 51, "10.0.0.1", "10.0.0.2").u8(6, 4).zeros(14));
        assertEquals(Malformation.TRUNCATED_EXTENSION_HEADER, p.malformation());
        assertTrue(p.networkOk());
        assertFalse(p.transportOk());
    }

    @Test
    void loopbackAddresses() {
        parse(new Bytes().ipv4(5, 28, 0, 17, "127.0.0.1", "127.0.0.1").udp(1, 2, 8));
        assertTrue(p.loopback());
        parse(new Bytes().ipv4(5, 28, 0, 17, "10.1.1.1", "127.1.2.3").udp(1, 2, 8));
        assertTrue(p.loopback());
        parse(new Bytes().ipv6(8, 17, "::1", "::1").udp(1, 2, 8));
        assertTrue(p.loopback());
        parse(new Bytes().ipv6(8, 17, "::2", "2001:db8::1").udp(1, 2, 8));
        assertFalse(p.loopback());
    }

    @Test
    void otherProtocolIsAllPayload() {
        parse(new Bytes().ipv4(5, 32, 0, 47, "10.0.0.1", "10.0.0.2").zeros(12));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.transportOk());
        assertFalse(p.hasPorts());
        assertEquals(47, p.protocol());
        assertEquals(20, p.transportOffset());
        assertEquals(20, p.payloadOffset());
        assertEquals(12, p.payloadLength());
    }

    @Test
    void tcpCutShort() {
        parse(new Bytes().ipv4(5, 30, 0, 6, "10.0.0.1", "10.0.0.2").zeros(10));
        assertMalformed(Malformation.TRUNCATED_TCP_HEADER, true);
        assertFalse(p.hasPorts());
    }

    @Test
    void tcpCutBySnaplenIsStillTruncated() {
        parseCut(new Bytes().ipv4(5, 60, 0, 6, "10.0.0.1", "10.0.0.2").zeros(10), 60);
        assertMalformed(Malformation.TRUNCATED_TCP_HEADER, true);
    }

    @Test
    void tcpDataOffsetTooSmall() {
        parse(new Bytes().ipv4(5, 40, 0, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 4, 0).zeros(4));
        assertMalformed(Malformation.BAD_TCP_DATA_OFFSET, true);
    }

    @Test
    void tcpDataOffsetBeyondPacket() {
        Bytes b = new Bytes().ipv4(5, 40, 0, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 5, 0);
        byte[] a = b.toArray();
        a[32] = (byte) 0xF0; // data offset 15 words = 60 bytes in a 20-byte segment
        parser.parse(a, 0, a.length, a.length, LinkType.RAW, p);
        assertMalformed(Malformation.BAD_TCP_DATA_OFFSET, true);
    }

    @Test
    void udpCutShort() {
        parse(new Bytes().ipv4(5, 26, 0, 17, "10.0.0.1", "10.0.0.2").u16(1).u16(2).u16(8));
        assertMalformed(Malformation.TRUNCATED_UDP_HEADER, true);
    }

    @Test
    void udpLengthBelowHeader() {
        parse(new Bytes().ipv4(5, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 7));
        assertMalformed(Malformation.BAD_UDP_LENGTH, true);
    }

    @Test
    void udpLengthBeyondPacket() {
        parse(new Bytes().ipv4(5, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 9));
        assertMalformed(Malformation.BAD_UDP_LENGTH, true);
    }

    @Test
    void udpLengthShorterThanPacketIsFine() {
        parse(new Bytes().ipv4(5, 36, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 10).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(2, p.payloadLength());
    }

    // --- IPv6 ---

    @Test
    void ipv6Udp() {
        parse(new Bytes().ipv6(12, 17, "2001:db8::a", "ff02::1").udp(546, 547, 12).u32(7));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(40, p.networkHeaderLength());
        assertEquals(52, p.ipLength());
        assertEquals(40, p.transportOffset());
        assertEquals(48, p.payloadOffset());
        assertEquals(4, p.payloadLength());
        assertEquals(Bytes.high("ff02::1"), p.destinationAddressHigh());
        assertEquals(Bytes.low("ff02::1"), p.destinationAddressLow());
        assertEquals(Bytes.high("2001:db8::a"), p.sourceAddressHigh());
        assertEquals(Bytes.low("2001:db8::a"), p.sourceAddressLow());
        assertFalse(p.fragment());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 43, 60})
    void ipv6OptionHeaders(int kind) {
        // an 8-byte and a 24-byte header of the same kind
        parse(new Bytes().ipv6(52, kind, "2001:db8::1", "2001:db8::2").extension(kind, 0).extension(6, 2)
                .tcp(1, 2, 5, 0));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(72, p.networkHeaderLength());
        assertEquals(72, p.transportOffset());
        assertEquals(6, p.protocol());
        assertEquals(2, p.destinationPort());
    }

    @Test
    void ipv6AuthenticationHeaderLengthIsInFourByteUnits() {
        // len 4: (4+2)*4 = 24 bytes (an (len+1)*8 reading would give 40)
        parse(new Bytes().ipv6(32, 51, "2001:db8::1", "2001:db8::2").authenticationHeader(17, 4).udp(500, 4500, 8));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(64, p.transportOffset());
        assertEquals(17, p.protocol());
        assertEquals(4500, p.destinationPort());
    }

    @Test
    void ipv6FirstFragment() {
        parse(new Bytes().ipv6(28, 44, "2001:db8::1", "2001:db8::2").fragmentHeader(17, 0, true, 0xABCDEF01)
                .udp(9, 10, 1000).zeros(12));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.fragment());
        assertFalse(p.laterFragment());
        assertTrue(p.moreFragments());
        assertEquals(0xABCDEF01L, p.fragmentId());
        assertEquals(48, p.transportOffset());
        assertEquals(10, p.destinationPort());
    }

    @Test
    void ipv6LaterFragment() {
        parse(new Bytes().ipv6(24, 44, "2001:db8::1", "2001:db8::2").fragmentHeader(6, 181, false, 5).zeros(16));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.transportOk());
        assertTrue(p.fragment());
        assertTrue(p.laterFragment());
        assertEquals(1448, p.fragmentOffset());
        assertEquals(6, p.protocol());
        assertEquals(48, p.networkHeaderLength());
        assertFalse(p.hasPorts());
        assertEquals(-1, p.transportOffset());
    }

    @Test
    void ipv6EspEndsTheChain() {
        parse(new Bytes().ipv6(24, 0, "2001:db8::1", "2001:db8::2").extension(50, 0).u32(0x100).u32(1).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(50, p.protocol());
        assertEquals(48, p.transportOffset());
        assertEquals(48, p.payloadOffset());
        assertEquals(16, p.payloadLength());
        assertFalse(p.hasPorts());
    }

    @Test
    void ipv6NoNextHeader() {
        parse(new Bytes().ipv6(8, 60, "2001:db8::1", "2001:db8::2").extension(59, 0));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(59, p.protocol());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void ipv6EveryExtensionHeaderInOneChain() {
        Bytes b = new Bytes().ipv6(8 + 16 + 24 + 8 + 16 + 8 + 20, 0, "2001:db8::1", "2001:db8::2")
                .extension(60, 0) // hop-by-hop, 8
                .extension(43, 1) // destination options, 16
                .extension(44, 2) // routing, 24
                .fragmentHeader(51, 0, false, 77) // atomic fragment, 8
                .authenticationHeader(60, 2) // AH, 16
                .extension(6, 0) // destination options, 8
                .tcp(1, 2, 5, ParsedPacket.TCP_FIN);
        parse(b);
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(40 + 80, p.networkHeaderLength());
        assertEquals(120, p.transportOffset());
        assertEquals(6, p.protocol());
        assertEquals(ParsedPacket.TCP_FIN, p.tcpFlags());
        // an atomic fragment (offset 0, no M) is not a fragment in WFP's sense
        assertFalse(p.fragment());
        assertEquals(77, p.fragmentId());
    }

    @Test
    void ipv6TruncatedExtensionHeader() {
        parse(new Bytes().ipv6(16, 0, "2001:db8::1", "2001:db8::2").u8(6, 2).zeros(14));
        assertMalformed(Malformation.TRUNCATED_EXTENSION_HEADER, true);
        assertTrue(p.hasAddresses());
    }

    @Test
    void ipv6ExtensionHeaderCutAfterItsFirstByte() {
        parse(new Bytes().ipv6(1, 43, "2001:db8::1", "2001:db8::2").u8(6));
        assertMalformed(Malformation.TRUNCATED_EXTENSION_HEADER, true);
    }

    @Test
    void ipv6TruncatedFragmentHeader() {
        parse(new Bytes().ipv6(6, 44, "2001:db8::1", "2001:db8::2").u8(17, 0, 0, 1, 0, 0));
        assertMalformed(Malformation.TRUNCATED_EXTENSION_HEADER, true);
    }

    @Test
    void ipv6TooManyExtensionHeaders() {
        Bytes b = new Bytes().ipv6(17 * 8 + 8, 60, "2001:db8::1", "2001:db8::2");
        for (int i = 0; i < 17; i++) {
            b.extension(i < 16 ? 60 : 17, 0);
        }
        parse(b.udp(1, 2, 8));
        assertMalformed(Malformation.TOO_MANY_EXTENSION_HEADERS, true);
    }

    @Test
    void ipv6PayloadLengthBeyondFrame() {
        parse(new Bytes().ipv6(100, 17, "2001:db8::1", "2001:db8::2").udp(1, 2, 100));
        assertMalformed(Malformation.BAD_IPV6_PAYLOAD_LENGTH, false);
        assertEquals(140, p.ipLength());
    }

    @Test
    void truncatedIpv6Header() {
        parse(new Bytes().u32(0x60000000).u16(0).u8(17, 64).zeros(20));
        assertMalformed(Malformation.TRUNCATED_IPV6_HEADER, false);
        assertFalse(p.hasAddresses());
    }

    @Test
    void ipv6Jumbogram() {
        // payload length 0 with a hop-by-hop header: the real length is in its option; trust the frame
        parseCut(new Bytes().ipv6(0, 0, "2001:db8::1", "2001:db8::2").extension(17, 0).udp(1, 2, 0).zeros(4),
                70_056);
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(70_000, p.payloadLength());
    }

    @Test
    void lengthZeroMeansTheFrameCapturedBeforeSegmentation() {
        // TSO/LSO at the sender, or Linux BIG TCP above 64 KiB: IPv4 total length 0, IPv6 payload length 0
        // without a hop-by-hop jumbo option; the capture holds 80 bytes of 80000
        parseCut(new Bytes().ipv4(5, 0, 0x4000, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 5, ParsedPacket.TCP_ACK)
                .zeros(40), 80_000);
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(80_000, p.ipLength());
        assertEquals(80_000 - 40, p.payloadLength());
        parseCut(new Bytes().ipv6(0, 6, "2001:db8::1", "2001:db8::2").tcp(1, 2, 5, ParsedPacket.TCP_ACK)
                .zeros(20), 80_000);
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(80_000 - 60, p.payloadLength());
        parse(new Bytes().ipv4(5, 0, 0, 6, "10.0.0.1", "10.0.0.2").tcp(1, 2, 5, 0).zeros(1400));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(1440, p.ipLength());
        assertEquals(1400, p.payloadLength());
        // a UDP tunnel (VXLAN, Geneve) around a BIG TCP packet says 0 as well
        parseCut(new Bytes().ipv4(5, 0, 0, 17, "10.0.0.1", "10.0.0.2").udp(29804, 6081, 0).zeros(40), 80_000);
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(80_000 - 28, p.payloadLength());
        // but a UDP length of 0 below 64 KiB is wrong
        parse(new Bytes().ipv4(5, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 0));
        assertEquals(Malformation.BAD_UDP_LENGTH, p.malformation());
        // and an IPv6 packet with no next header may well carry nothing
        parse(new Bytes().ipv6(0, 59, "2001:db8::1", "2001:db8::2").zeros(6));
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(40, p.ipLength());
    }

    @Test
    void noneOfTheOutcomeFieldsLeakIntoTheNextPacket() {
        parse(new Bytes().ipv6(24, 44, "2001:db8::1", "2001:db8::2").fragmentHeader(6, 181, false, 5).zeros(16));
        parse(new Bytes().ipv4(5, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 8));
        assertFalse(p.fragment());
        assertEquals(0, p.fragmentOffset());
        assertNull(p.malformation());
        assertEquals(0L, p.sourceAddressHigh());
        assertTrue(p.hasPorts());
    }
}
