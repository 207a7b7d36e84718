package weir.shim.pcap.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.shim.pcap.Bytes;
import weir.shim.pcap.capture.LinkType;

/** ICMP and ICMPv6: type and code in the port slots, errors versus information, the quoted packet. */
class IcmpParseTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    private ParsedPacket parse(Bytes frame) {
        byte[] a = frame.toArray();
        parser.parse(a, 0, a.length, a.length, LinkType.RAW, p);
        return p;
    }

    @Test
    void echoRequest() {
        parse(new Bytes().ipv4(5, 36, 0, 1, "10.0.0.1", "10.0.0.2").icmp(8, 0).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.icmp());
        assertFalse(p.icmpError());
        assertEquals(8, p.icmpType());
        assertEquals(0, p.icmpCode());
        assertEquals(8, p.sourcePort());
        assertEquals(0, p.destinationPort());
        assertTrue(p.hasPorts());
        assertEquals(28, p.payloadOffset());
        assertEquals(8, p.payloadLength());
        assertFalse(p.embedded().ok());
    }

    @Test
    void icmpCutShort() {
        parse(new Bytes().ipv4(5, 24, 0, 1, "10.0.0.1", "10.0.0.2").u8(8, 0, 0, 0));
        assertEquals(Malformation.TRUNCATED_ICMP_HEADER, p.malformation());
        assertTrue(p.networkOk());
        assertFalse(p.transportOk());
        assertFalse(p.icmp());
    }

    @Test
    void icmpOverIpv6IsNotIcmpv6() {
        parse(new Bytes().ipv6(8, 1, "2001:db8::1", "2001:db8::2").icmp(8, 0));
        assertEquals(PacketStatus.OK, p.status());
        assertFalse(p.icmp());
        assertFalse(p.hasPorts());
    }

    @Test
    void portUnreachableQuotesUdp() {
        // this host (10.0.0.1) sent UDP 10.0.0.1:5353 -> 10.0.0.9:53; 10.0.0.9 answers port unreachable
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 3)
                .ipv4(5, 60, 0, 17, "10.0.0.1", "10.0.0.9").udp(5353, 53, 40));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.icmpError());
        assertEquals(3, p.icmpType());
        assertEquals(3, p.icmpCode());
        EmbeddedPacket e = p.embedded();
        assertTrue(e.ok());
        assertEquals(28, e.offset());
        assertEquals(4, e.ipVersion());
        assertEquals(17, e.protocol());
        assertEquals(Bytes.v4("10.0.0.1"), e.sourceAddress4());
        assertEquals(Bytes.v4("10.0.0.9"), e.destinationAddress4());
        assertTrue(e.hasPorts());
        assertEquals(5353, e.sourcePort());
        assertEquals(53, e.destinationPort());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void ipv4ErrorTypes(int type) {
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(type, 0)
                .ipv4(6, 60, 0, 6, "10.0.0.1", "10.0.0.9").u16(4000).u16(80));
        assertTrue(p.icmpError());
        assertTrue(p.embedded().ok());
        assertEquals(6, p.embedded().protocol());
        assertEquals(4000, p.embedded().sourcePort());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 13, 14})
    void ipv4InformationalTypes(int type) {
        parse(new Bytes().ipv4(5, 28, 0, 1, "10.0.0.1", "10.0.0.2").icmp(type, 0));
        assertFalse(p.icmpError());
    }

    @Test
    void quotedPacketWithoutItsPorts() {
        parse(new Bytes().ipv4(5, 50, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 1)
                .ipv4(5, 60, 0, 6, "10.0.0.1", "10.0.0.9").u16(4000));
        assertEquals(Malformation.TRUNCATED_EMBEDDED_PACKET, p.malformation());
        assertTrue(p.transportOk());
        assertTrue(p.embedded().ok());
        assertFalse(p.embedded().hasPorts());
        assertEquals(3, p.icmpType());
    }

    @Test
    void quotedHeaderCutShort() {
        parse(new Bytes().ipv4(5, 40, 0, 1, "10.0.0.9", "10.0.0.1").icmp(11, 0).u8(0x45).zeros(11));
        assertEquals(Malformation.TRUNCATED_EMBEDDED_PACKET, p.malformation());
        assertFalse(p.embedded().ok());
        assertTrue(p.transportOk());
    }

    @Test
    void quotedPacketOfTheOtherVersion() {
        parse(new Bytes().ipv4(5, 68, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 0)
                .ipv6(8, 17, "2001:db8::1", "2001:db8::2"));
        assertEquals(Malformation.BAD_EMBEDDED_PACKET, p.malformation());
        assertFalse(p.embedded().ok());
    }

    @Test
    void quotedLaterFragmentHasNoPorts() {
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(11, 1)
                .ipv4(5, 1000, 100, 17, "10.0.0.1", "10.0.0.9").zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.embedded().ok());
        assertFalse(p.embedded().hasPorts());
    }

    @Test
    void quotedEchoHasTypeAndCodeInThePortSlots() {
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(11, 0)
                .ipv4(5, 84, 0, 1, "10.0.0.1", "10.0.0.8").icmp(8, 0));
        assertTrue(p.embedded().hasPorts());
        assertEquals(1, p.embedded().protocol());
        assertEquals(8, p.embedded().sourcePort());
        assertEquals(0, p.embedded().destinationPort());
    }

    @Test
    void icmpv6Echo() {
        parse(new Bytes().ipv6(16, 58, "2001:db8::1", "2001:db8::2").icmp(128, 0).zeros(8));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.icmp());
        assertFalse(p.icmpError());
        assertEquals(128, p.icmpType());
        assertEquals(58, p.protocol());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void icmpv6ErrorsQuoteTheirPacketThroughItsExtensionHeaders(int type) {
        parse(new Bytes().ipv6(8 + 40 + 8 + 8, 58, "2001:db8::9", "2001:db8::1").icmp(type, 0)
                .ipv6(100, 60, "2001:db8::1", "2001:db8::9").extension(6, 0).u16(33000).u16(22).u32(0));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.icmpError());
        EmbeddedPacket e = p.embedded();
        assertTrue(e.ok());
        assertEquals(6, e.ipVersion());
        assertEquals(6, e.protocol());
        assertEquals(Bytes.low("2001:db8::1"), e.sourceAddressLow());
        assertEquals(Bytes.low("2001:db8::9"), e.destinationAddressLow());
        assertEquals(33000, e.sourcePort());
        assertEquals(22, e.destinationPort());
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 133, 135, 136, 143})
    void icmpv6InformationalTypes(int type) {
        parse(new Bytes().ipv6(8, 58, "fe80::1", "ff02::1").icmp(type, 0));
        assertFalse(p.icmpError());
        assertTrue(p.icmp());
    }

    @Test
    void icmpv6QuoteCutInsideItsChainIsNotMalformed() {
        // RFC 4443 quotes as much as fits: a chain that runs out just leaves the ports unknown
        parse(new Bytes().ipv6(8 + 40 + 4, 58, "2001:db8::9", "2001:db8::1").icmp(1, 4)
                .ipv6(100, 0, "2001:db8::1", "2001:db8::9").u8(6, 3, 0, 0));
        assertEquals(PacketStatus.OK, p.status());
        assertTrue(p.embedded().ok());
        assertFalse(p.embedded().hasPorts());
    }

    @Test
    void icmpv6QuoteOfIpv4IsBad() {
        parse(new Bytes().ipv6(8 + 28, 58, "2001:db8::9", "2001:db8::1").icmp(1, 0)
                .ipv4(5, 28, 0, 17, "10.0.0.1", "10.0.0.2").udp(1, 2, 8));
        assertEquals(Malformation.BAD_EMBEDDED_PACKET, p.malformation());
    }

    @Test
    void icmpv6ErrorWithNothingQuoted() {
        parse(new Bytes().ipv6(8, 58, "2001:db8::9", "2001:db8::1").icmp(3, 0));
        assertEquals(Malformation.TRUNCATED_EMBEDDED_PACKET, p.malformation());
        assertTrue(p.transportOk());
    }
}
