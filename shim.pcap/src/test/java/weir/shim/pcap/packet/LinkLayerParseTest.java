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

/** Every link type the shim parses, with VLAN tags, LLC/SNAP and both byte orders of the BSD loopback. */
class LinkLayerParseTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    private ParsedPacket parse(int linkType, Bytes frame) {
        // parse from inside a larger array, so every offset must be relative to the frame's start
        byte[] f = frame.toArray();
        byte[] a = new byte[f.length + 10];
        System.arraycopy(f, 0, a, 7, f.length);
        parser.parse(a, 7, f.length, f.length, linkType, p);
        return p;
    }

    /** IPv4 + UDP 10.0.0.1:1000 -> 10.0.0.2:53 with 4 bytes of payload (32 bytes). */
    private static Bytes udp4(Bytes b) {
        return b.ipv4(5, 32, 0, 17, "10.0.0.1", "10.0.0.2").udp(1000, 53, 12).u32(0xCAFEBABE);
    }

    private static Bytes tcp6(Bytes b) {
        return b.ipv6(20, 6, "2001:db8::1", "2001:db8::2").tcp(40000, 443, 5, ParsedPacket.TCP_SYN);
    }

    private void assertUdp4(int networkOffset) {
        assertEquals(PacketStatus.OK, p.status());
        assertNull(p.malformation());
        assertTrue(p.networkOk());
        assertTrue(p.transportOk());
        assertEquals(4, p.ipVersion());
        assertEquals(7 + networkOffset, p.networkOffset());
        assertEquals(7 + networkOffset + 20, p.transportOffset());
        assertEquals(7 + networkOffset + 28, p.payloadOffset());
        assertEquals(4, p.payloadLength());
        assertEquals(Bytes.v4("10.0.0.1"), p.sourceAddress4());
        assertEquals(Bytes.v4("10.0.0.2"), p.destinationAddress4());
        assertEquals(17, p.protocol());
        assertEquals(1000, p.sourcePort());
        assertEquals(53, p.destinationPort());
    }

    private void assertTcp6(int networkOffset) {
        assertEquals(PacketStatus.OK, p.status());
        assertEquals(6, p.ipVersion());
        assertEquals(7 + networkOffset, p.networkOffset());
        assertEquals(7 + networkOffset + 40, p.transportOffset());
        assertEquals(Bytes.high("2001:db8::1"), p.sourceAddressHigh());
        assertEquals(Bytes.low("2001:db8::1"), p.sourceAddressLow());
        assertEquals(Bytes.low("2001:db8::2"), p.destinationAddressLow());
        assertEquals(6, p.protocol());
        assertEquals(443, p.destinationPort());
        assertEquals(ParsedPacket.TCP_SYN, p.tcpFlags());
    }

    @Test
    void ethernetIpv4() {
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(0x0800)));
        assertUdp4(14);
        assertEquals(0x0800, p.linkProtocol());
        assertEquals(0, p.vlanCount());
        assertEquals(-1, p.outerVlan());
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(0x0800)).zeros(14));
        assertUdp4(14);
        assertEquals(60, p.length());
    }

    @Test
    void ethernetIpv6() {
        parse(LinkType.ETHERNET, tcp6(new Bytes().ethernet(0x86DD)));
        assertTcp6(14);
    }

    @Test
    void vlan8021q() {
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(0x8100).tag(0x2064, 0x0800)));
        assertUdp4(18);
        assertEquals(1, p.vlanCount());
        assertEquals(100, p.outerVlan());
        assertEquals(-1, p.innerVlan());
    }

    @Test
    void qinq8021ad() {
        parse(LinkType.ETHERNET, tcp6(new Bytes().ethernet(0x88A8).tag(200, 0x8100).tag(0x1000 | 300, 0x86DD)));
        assertTcp6(22);
        assertEquals(2, p.vlanCount());
        assertEquals(200, p.outerVlan());
        assertEquals(300, p.innerVlan());
    }

    @Test
    void oldQinqTagType() {
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(0x9100).tag(7, 0x8100).tag(8, 0x0800)));
        assertUdp4(22);
        assertEquals(7, p.outerVlan());
    }

    @Test
    void tooManyVlanTags() {
        Bytes b = new Bytes().ethernet(0x8100);
        for (int i = 0; i < 9; i++) {
            b.tag(i, 0x8100);
        }
        parse(LinkType.ETHERNET, udp4(b));
        assertEquals(Malformation.TOO_MANY_VLAN_TAGS, p.malformation());
        assertFalse(p.networkOk());
    }

    @Test
    void truncatedVlanTag() {
        parse(LinkType.ETHERNET, new Bytes().ethernet(0x8100).u16(5));
        assertEquals(PacketStatus.MALFORMED, p.status());
        assertEquals(Malformation.TRUNCATED_LINK_HEADER, p.malformation());
    }

    @Test
    void truncatedEthernetHeader() {
        parse(LinkType.ETHERNET, new Bytes().u8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8));
        assertEquals(Malformation.TRUNCATED_LINK_HEADER, p.malformation());
        assertEquals(0, p.ipVersion());
    }

    @Test
    void arpIsNotIp() {
        parse(LinkType.ETHERNET, new Bytes().ethernet(0x0806).zeros(28));
        assertEquals(PacketStatus.NOT_IP, p.status());
        assertEquals(0x0806, p.linkProtocol());
        assertNull(p.malformation());
    }

    @Test
    void vlanTaggedArpIsNotIp() {
        parse(LinkType.ETHERNET, new Bytes().ethernet(0x8100).tag(9, 0x0806).zeros(28));
        assertEquals(PacketStatus.NOT_IP, p.status());
        assertEquals(9, p.outerVlan());
    }

    @Test
    void llcWithoutSnapIsNotIp() {
        // 802.3 length field, then STP's LLC header 42 42 03
        parse(LinkType.ETHERNET, new Bytes().ethernet(38).u8(0x42, 0x42, 0x03).zeros(35));
        assertEquals(PacketStatus.NOT_IP, p.status());
        assertEquals(38, p.linkProtocol());
    }

    @Test
    void llcSnapCarriesIpv4() {
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(40).u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(0x0800)));
        assertUdp4(22);
    }

    @Test
    void ipVersionMustMatchTheEtherType() {
        parse(LinkType.ETHERNET, tcp6(new Bytes().ethernet(0x0800)));
        assertEquals(Malformation.BAD_IP_VERSION, p.malformation());
        parse(LinkType.ETHERNET, udp4(new Bytes().ethernet(0x86DD)));
        assertEquals(Malformation.BAD_IP_VERSION, p.malformation());
    }

    /** Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
    private static Bytes sll(int packetType, int arphrd, int protocol) {
        return new Bytes().u16(packetType).u16(arphrd).u16(6).u8(2, 0, 0, 0, 0, 9, 0, 0).u16(protocol);
    }

    @Test
    void linuxSll() {
        parse(LinkType.LINUX_SLL, udp4(sll(4, 1, 0x0800)));
        assertUdp4(16);
        assertEquals(4, p.linkPacketType());
        assertEquals(-1, p.linkInterfaceIndex());
    }

    @Test
    void linuxSllWithVlan() {
        parse(LinkType.LINUX_SLL, tcp6(sll(0, 1, 0x8100).tag(42, 0x86DD)));
        assertTcp6(20);
        assertEquals(42, p.outerVlan());
        assertEquals(0, p.linkPacketType());
    }

    @Test
    void linuxSllNetlinkIsNotIp() {
        parse(LinkType.LINUX_SLL, udp4(sll(4, 824, 0x0800)));
        assertEquals(PacketStatus.NOT_IP, p.status());
    }

    @Test
    void linuxSllLlcSnap() {
        parse(LinkType.LINUX_SLL, udp4(sll(0, 1, 4).u8(0xAA, 0xAA, 0x03, 0, 0, 0).u16(0x0800)));
        assertUdp4(24);
    }

    @Test
    void truncatedLinuxSll() {
        parse(LinkType.LINUX_SLL, new Bytes().zeros(15));
        assertEquals(Malformation.TRUNCATED_LINK_HEADER, p.malformation());
    }

    /** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 bytes. */
    private static Bytes sll2(int protocol, int ifindex, int packetType) {
        return new Bytes().u16(protocol).u16(0).u32(ifindex).u16(1).u8(packetType, 6).u8(2, 0, 0, 0, 0, 9, 0, 0);
    }

    @Test
    void linuxSll2() {
        parse(LinkType.LINUX_SLL2, tcp6(sll2(0x86DD, 7, 4)));
        assertTcp6(20);
        assertEquals(7, p.linkInterfaceIndex());
        assertEquals(4, p.linkPacketType());
        parse(LinkType.LINUX_SLL2, udp4(sll2(0x0800, 0xFFFFFFFE, 0)));
        assertUdp4(20);
        assertEquals(0xFFFFFFFEL, p.linkInterfaceIndex());
    }

    @Test
    void truncatedLinuxSll2() {
        parse(LinkType.LINUX_SLL2, new Bytes().zeros(19));
        assertEquals(Malformation.TRUNCATED_LINK_HEADER, p.malformation());
    }

    @Test
    void bsdNullInEitherByteOrder() {
        parse(LinkType.NULL, udp4(new Bytes().u8(2, 0, 0, 0)));
        assertUdp4(4);
        assertEquals(2, p.linkProtocol());
        parse(LinkType.NULL, udp4(new Bytes().u8(0, 0, 0, 2)));
        assertUdp4(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 30})
    void bsdNullAndLoopIpv6Families(int family) {
        parse(LinkType.NULL, tcp6(new Bytes().u8(family, 0, 0, 0)));
        assertTcp6(4);
        assertEquals(family, p.linkProtocol());
        parse(LinkType.LOOP, tcp6(new Bytes().u8(0, 0, 0, family)));
        assertTcp6(4);
        parse(LinkType.LOOP, tcp6(new Bytes().u8(family, 0, 0, 0)));
        assertTcp6(4);
    }

    @Test
    void bsdLoopIpv4() {
        parse(LinkType.LOOP, udp4(new Bytes().u8(0, 0, 0, 2)));
        assertUdp4(4);
    }

    @Test
    void bsdNullOtherFamilyIsNotIp() {
        parse(LinkType.NULL, new Bytes().u8(7, 0, 0, 0).zeros(30));
        assertEquals(PacketStatus.NOT_IP, p.status());
        assertEquals(7, p.linkProtocol());
        // AF 10 is not AF_INET6 on the BSDs that write these headers
        parse(LinkType.LOOP, tcp6(new Bytes().u8(0, 0, 0, 10)));
        assertEquals(PacketStatus.NOT_IP, p.status());
    }

    @Test
    void truncatedBsdNull() {
        parse(LinkType.NULL, new Bytes().u8(2, 0, 0));
        assertEquals(Malformation.TRUNCATED_LINK_HEADER, p.malformation());
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.DLT_RAW})
    void rawIpEitherVersion(int linkType) {
        parse(linkType, udp4(new Bytes()));
        assertUdp4(0);
        assertEquals(-1, p.linkProtocol());
        parse(linkType, tcp6(new Bytes()));
        assertTcp6(0);
    }

    @Test
    void rawIpv4AndIpv6LinkTypesInsistOnTheirVersion() {
        parse(LinkType.IPV4, udp4(new Bytes()));
        assertUdp4(0);
        parse(LinkType.IPV6, tcp6(new Bytes()));
        assertTcp6(0);
        parse(LinkType.IPV4, tcp6(new Bytes()));
        assertEquals(Malformation.BAD_IP_VERSION, p.malformation());
        parse(LinkType.IPV6, udp4(new Bytes()));
        assertEquals(Malformation.BAD_IP_VERSION, p.malformation());
    }

    @Test
    void rawWithAnotherVersionIsMalformed() {
        parse(LinkType.RAW, new Bytes().u8(0x50).zeros(30));
        assertEquals(Malformation.BAD_IP_VERSION, p.malformation());
        parse(LinkType.RAW, new Bytes());
        assertEquals(PacketStatus.MALFORMED, p.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {105, 127, 9, 104, 65535})
    void otherLinkTypesAreUnsupported(int linkType) {
        parse(linkType, udp4(new Bytes().ethernet(0x0800)));
        assertEquals(PacketStatus.UNSUPPORTED_LINK_TYPE, p.status());
        assertEquals(linkType, p.linkType());
        assertFalse(p.networkOk());
        assertEquals(-1, p.networkOffset());
    }
}
