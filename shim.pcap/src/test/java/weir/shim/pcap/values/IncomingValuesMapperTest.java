package weir.shim.pcap.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import weir.engine.api.ConditionFlag;
import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.shim.pcap.ArrayIncomingValues;
import weir.shim.pcap.Bytes;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.packet.PacketParser;
import weir.shim.pcap.packet.ParsedPacket;

/** From a parsed packet and a direction to each layer's incoming values. */
class IncomingValuesMapperTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();
    private final IncomingValuesMapper mapper = new IncomingValuesMapper();

    private ParsedPacket parse(Bytes frame) {
        byte[] a = frame.toArray();
        parser.parse(a, 0, a.length, a.length, LinkType.RAW, p);
        return p;
    }

    private IncomingValues fill(Layer layer, PacketDirection direction, long interfaceIndex, int flags) {
        IncomingValues v = new ArrayIncomingValues(layer);
        assertTrue(mapper.fill(v, p, direction, interfaceIndex, flags));
        return v;
    }

    private static long value(IncomingValues v, Field f) {
        int i = v.layer().indexOf(f);
        assertTrue(i >= 0, v.layer() + " has no " + f);
        assertFalse(v.isEmpty(i), f + " is EMPTY at " + v.layer());
        return v.getLong(i);
    }

    private static long u4(String address) {
        return Integer.toUnsignedLong(Bytes.v4(address));
    }

    private static boolean empty(IncomingValues v, Field f) {
        return v.isEmpty(v.layer().indexOf(f));
    }

    /** Fields the mapping leaves EMPTY, whatever the packet. */
    private static void assertOthersEmpty(IncomingValues v, Set<Field> filled) {
        for (int i = 0; i < v.size(); i++) {
            Field f = v.layer().fields().get(i);
            if (!filled.contains(f)) {
                assertTrue(v.isEmpty(i), f + " should be EMPTY at " + v.layer());
            }
        }
    }

    private void tcp4() {
        parse(new Bytes().ipv4(5, 40, 0, 6, "192.0.2.10", "198.51.100.20").tcp(50000, 443, 5, ParsedPacket.TCP_SYN));
    }

    @Test
    void inboundTransportTcp() {
        tcp4();
        IncomingValues v = fill(Layer.INBOUND_TRANSPORT_V4, PacketDirection.INBOUND, 3, 0);
        assertEquals(6, value(v, Field.IP_PROTOCOL));
        assertEquals(u4("198.51.100.20"), value(v, Field.IP_LOCAL_ADDRESS));
        assertEquals(u4("192.0.2.10"), value(v, Field.IP_REMOTE_ADDRESS));
        assertEquals(443, value(v, Field.IP_LOCAL_PORT));
        assertEquals(50000, value(v, Field.IP_REMOTE_PORT));
        assertEquals(AddressType.UNICAST, value(v, Field.IP_LOCAL_ADDRESS_TYPE));
        assertEquals(3, value(v, Field.INTERFACE_INDEX));
        assertEquals(0, value(v, Field.FLAGS));
        assertEquals(DataType.UINT32, v.type(v.layer().indexOf(Field.IP_LOCAL_ADDRESS)));
        assertEquals(DataType.UINT16, v.type(v.layer().indexOf(Field.IP_LOCAL_PORT)));
        assertEquals(DataType.UINT8, v.type(v.layer().indexOf(Field.IP_PROTOCOL)));
        assertOthersEmpty(v, EnumSet.of(Field.IP_PROTOCOL, Field.IP_LOCAL_ADDRESS, Field.IP_REMOTE_ADDRESS,
                Field.IP_LOCAL_PORT, Field.IP_REMOTE_PORT, Field.IP_LOCAL_ADDRESS_TYPE, Field.INTERFACE_INDEX,
                Field.FLAGS));
    }

    @Test
    void outboundTransportSwapsAddressesAndPorts() {
        tcp4();
        IncomingValues v = fill(Layer.OUTBOUND_TRANSPORT_V4, PacketDirection.OUTBOUND, 3, 0);
        assertEquals(u4("192.0.2.10"), value(v, Field.IP_LOCAL_ADDRESS));
        assertEquals(u4("198.51.100.20"), value(v, Field.IP_REMOTE_ADDRESS));
        assertEquals(50000, value(v, Field.IP_LOCAL_PORT));
        assertEquals(443, value(v, Field.IP_REMOTE_PORT));
        assertEquals(AddressType.UNICAST, value(v, Field.IP_DESTINATION_ADDRESS_TYPE));
    }

    @Test
    void unknownInterfaceIndexIsEmpty() {
        tcp4();
        IncomingValues v = fill(Layer.INBOUND_TRANSPORT_V4, PacketDirection.INBOUND, -1, 0);
        assertTrue(empty(v, Field.INTERFACE_INDEX));
    }

    @Test
    void addressTypes() {
        parse(new Bytes().ipv4(5, 28, 0, 17, "192.0.2.1", "255.255.255.255").udp(68, 67, 8));
        assertEquals(AddressType.BROADCAST,
                value(fill(Layer.INBOUND_IPPACKET_V4, PacketDirection.INBOUND, 1, 0), Field.IP_LOCAL_ADDRESS_TYPE));
        assertEquals(AddressType.BROADCAST, value(fill(Layer.IPFORWARD_V4, PacketDirection.FORWARD, 1, 0),
                Field.IP_DESTINATION_ADDRESS_TYPE));
        parse(new Bytes().ipv4(5, 28, 0, 17, "0.0.0.0", "224.0.0.251").udp(5353, 5353, 8));
        assertEquals(AddressType.MULTICAST,
                value(fill(Layer.OUTBOUND_TRANSPORT_V4, PacketDirection.OUTBOUND, 1, 0),
                        Field.IP_DESTINATION_ADDRESS_TYPE));
        assertEquals(AddressType.UNSPECIFIED,
                value(fill(Layer.OUTBOUND_TRANSPORT_V4, PacketDirection.OUTBOUND, 1, 0), Field.IP_LOCAL_ADDRESS_TYPE));
        parse(new Bytes().ipv6(8, 17, "::", "ff02::fb").udp(5353, 5353, 8));
        assertEquals(AddressType.MULTICAST,
                value(fill(Layer.INBOUND_TRANSPORT_V6, PacketDirection.INBOUND, 1, 0), Field.IP_LOCAL_ADDRESS_TYPE));
        assertEquals(AddressType.UNSPECIFIED,
                value(fill(Layer.OUTBOUND_TRANSPORT_V6, PacketDirection.OUTBOUND, 1, 0), Field.IP_LOCAL_ADDRESS_TYPE));
    }

    @Test
    void ipv6AddressesAreTwoLongs() {
        parse(new Bytes().ipv6(20, 6, "2001:db8::1", "2001:db8:ffff::2").tcp(1234, 22, 5, ParsedPacket.TCP_ACK));
        IncomingValues v = fill(Layer.INBOUND_TRANSPORT_V6, PacketDirection.INBOUND, 2, 0);
        int local = v.layer().indexOf(Field.IP_LOCAL_ADDRESS);
        assertEquals(DataType.BYTE_ARRAY16, v.type(local));
        assertEquals(Bytes.high("2001:db8:ffff::2"), v.getHigh(local));
        assertEquals(Bytes.low("2001:db8:ffff::2"), v.getLow(local));
        int remote = v.layer().indexOf(Field.IP_REMOTE_ADDRESS);
        assertEquals(Bytes.high("2001:db8::1"), v.getHigh(remote));
        assertEquals(22, value(v, Field.IP_LOCAL_PORT));
    }

    @Test
    void ipVersionMustMatchTheLayer() {
        tcp4();
        IncomingValues v = new ArrayIncomingValues(Layer.INBOUND_TRANSPORT_V6);
        v.setLong(v.layer().indexOf(Field.FLAGS), 1);
        assertFalse(mapper.fill(v, p, PacketDirection.INBOUND, 1, 0));
        for (int i = 0; i < v.size(); i++) {
            assertTrue(v.isEmpty(i));
        }
    }

    @Test
    void nonIpFillsNothing() {
        byte[] arp = new Bytes().ethernet(0x0806).zeros(28).toArray();
        parser.parse(arp, 0, arp.length, arp.length, LinkType.ETHERNET, p);
        assertFalse(mapper.fill(new ArrayIncomingValues(Layer.INBOUND_IPPACKET_V4), p, PacketDirection.INBOUND, 1, 0));
    }

    @Test
    void icmpTypeAndCodeGoToThePortSlotsWhateverTheDirection() {
        parse(new Bytes().ipv4(5, 28, 0, 1, "10.0.0.1", "10.0.0.2").icmp(8, 0));
        for (PacketDirection d : PacketDirection.values()) {
            IncomingValues in = fill(Layer.INBOUND_TRANSPORT_V4, d, 1, 0);
            assertEquals(8, value(in, Field.IP_LOCAL_PORT));
            assertEquals(0, value(in, Field.IP_REMOTE_PORT));
            IncomingValues ale = fill(Layer.ALE_AUTH_CONNECT_V4, d, 1, 0);
            assertEquals(8, value(ale, Field.IP_LOCAL_PORT));
            assertEquals(1, value(ale, Field.IP_PROTOCOL));
        }
    }

    @Test
    void laterFragmentHasEmptyPortsAndIsAFragment() {
        parse(new Bytes().ipv4(5, 36, 185, 17, "10.0.0.1", "10.0.0.2").zeros(16));
        IncomingValues v = fill(Layer.INBOUND_TRANSPORT_V4, PacketDirection.INBOUND, 1, 0);
        assertTrue(empty(v, Field.IP_LOCAL_PORT));
        assertTrue(empty(v, Field.IP_REMOTE_PORT));
        assertEquals(17, value(v, Field.IP_PROTOCOL));
        assertEquals(ConditionFlag.IS_FRAGMENT.code(), value(v, Field.FLAGS));
    }

    @Test
    void firstFragmentHasPortsAndIsAFragment() {
        parse(new Bytes().ipv6(24, 44, "2001:db8::1", "2001:db8::2").fragmentHeader(17, 0, true, 1).udp(7, 9, 2000)
                .zeros(8));
        IncomingValues v = fill(Layer.INBOUND_TRANSPORT_V6, PacketDirection.INBOUND, 1, 0);
        assertEquals(9, value(v, Field.IP_LOCAL_PORT));
        assertEquals(ConditionFlag.IS_FRAGMENT.code(), value(v, Field.FLAGS));
    }

    @Test
    void loopbackAndInputFlags() {
        parse(new Bytes().ipv4(5, 40, 0, 6, "127.0.0.1", "127.0.0.1").tcp(1, 2, 5, ParsedPacket.TCP_SYN));
        IncomingValues v = fill(Layer.ALE_AUTH_RECV_ACCEPT_V4, PacketDirection.INBOUND, 1,
                ConditionFlag.IS_REAUTHORIZE.code());
        assertEquals(ConditionFlag.IS_LOOPBACK.code() | ConditionFlag.IS_REAUTHORIZE.code(), value(v, Field.FLAGS));
    }

    @Test
    void directionField() {
        tcp4();
        assertEquals(1, value(fill(Layer.STREAM_V4, PacketDirection.INBOUND, 1, 0), Field.DIRECTION));
        assertEquals(0, value(fill(Layer.STREAM_V4, PacketDirection.OUTBOUND, 1, 0), Field.DIRECTION));
        assertEquals(1, value(fill(Layer.DATAGRAM_DATA_V4, PacketDirection.FORWARD, 1, 0), Field.DIRECTION));
        assertEquals(0, value(fill(Layer.ALE_FLOW_ESTABLISHED_V4, PacketDirection.OUTBOUND, 1, 0), Field.DIRECTION));
    }

    @Test
    void ipForwardUsesSourceAndDestination() {
        tcp4();
        IncomingValues v = fill(Layer.IPFORWARD_V4, PacketDirection.FORWARD, 4, 0);
        assertEquals(u4("192.0.2.10"), value(v, Field.IP_SOURCE_ADDRESS));
        assertEquals(u4("198.51.100.20"), value(v, Field.IP_DESTINATION_ADDRESS));
        assertEquals(4, value(v, Field.SOURCE_INTERFACE_INDEX));
        assertEquals(0, value(v, Field.FLAGS));
        assertOthersEmpty(v, EnumSet.of(Field.IP_SOURCE_ADDRESS, Field.IP_DESTINATION_ADDRESS,
                Field.IP_DESTINATION_ADDRESS_TYPE, Field.SOURCE_INTERFACE_INDEX, Field.FLAGS));
    }

    @Test
    void arrivalAndNextHopInterfaces() {
        tcp4();
        IncomingValues accept = fill(Layer.ALE_AUTH_RECV_ACCEPT_V4, PacketDirection.INBOUND, 5, 0);
        assertEquals(5, value(accept, Field.ARRIVAL_INTERFACE_INDEX));
        assertTrue(empty(accept, Field.NEXTHOP_INTERFACE_INDEX));
        IncomingValues connect = fill(Layer.ALE_AUTH_CONNECT_V4, PacketDirection.OUTBOUND, 5, 0);
        assertEquals(5, value(connect, Field.NEXTHOP_INTERFACE_INDEX));
        assertTrue(empty(connect, Field.ARRIVAL_INTERFACE_INDEX));
        assertEquals(5, value(connect, Field.INTERFACE_INDEX));
        assertTrue(empty(connect, Field.ALE_APP_ID));
        assertTrue(empty(connect, Field.ALE_USER_ID));
    }

    @Test
    void inboundIcmpErrorDescribesTheQuotedPacketFromThisHost() {
        // this host 10.0.0.1 sent UDP :5353 -> 10.0.0.9:53; the error comes back in
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 3)
                .ipv4(5, 60, 0, 17, "10.0.0.1", "10.0.0.9").udp(5353, 53, 40));
        IncomingValues v = fill(Layer.INBOUND_ICMP_ERROR_V4, PacketDirection.INBOUND, 2, 0);
        assertEquals(17, value(v, Field.EMBEDDED_PROTOCOL));
        assertEquals(u4("10.0.0.9"), value(v, Field.EMBEDDED_REMOTE_ADDRESS));
        assertEquals(AddressType.UNICAST, value(v, Field.EMBEDDED_LOCAL_ADDRESS_TYPE));
        assertEquals(5353, value(v, Field.EMBEDDED_LOCAL_PORT));
        assertEquals(53, value(v, Field.EMBEDDED_REMOTE_PORT));
        assertEquals(3, value(v, Field.ICMP_TYPE));
        assertEquals(3, value(v, Field.ICMP_CODE));
        assertEquals(u4("10.0.0.1"), value(v, Field.IP_LOCAL_ADDRESS));
        assertEquals(u4("10.0.0.9"), value(v, Field.IP_REMOTE_ADDRESS));
        assertEquals(2, value(v, Field.INTERFACE_INDEX));
        assertEquals(2, value(v, Field.ARRIVAL_INTERFACE_INDEX));
        assertEquals(0, value(v, Field.FLAGS));
    }

    @Test
    void outboundIcmpErrorQuotesAPacketThisHostReceived() {
        // 10.0.0.9 sent UDP :4444 -> this host 10.0.0.1:161; this host answers port unreachable
        parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.1", "10.0.0.9").icmp(3, 3)
                .ipv4(5, 60, 0, 17, "10.0.0.9", "10.0.0.1").udp(4444, 161, 40));
        IncomingValues in = fill(Layer.INBOUND_ICMP_ERROR_V4, PacketDirection.OUTBOUND, 2, 0);
        assertEquals(161, value(in, Field.EMBEDDED_LOCAL_PORT));
        assertEquals(4444, value(in, Field.EMBEDDED_REMOTE_PORT));
        assertEquals(u4("10.0.0.9"), value(in, Field.EMBEDDED_REMOTE_ADDRESS));
        IncomingValues out = fill(Layer.OUTBOUND_ICMP_ERROR_V4, PacketDirection.OUTBOUND, 2, 0);
        assertEquals(3, value(out, Field.ICMP_TYPE));
        assertEquals(u4("10.0.0.1"), value(out, Field.IP_LOCAL_ADDRESS));
        assertEquals(AddressType.UNICAST, value(out, Field.IP_LOCAL_ADDRESS_TYPE));
    }

    @Test
    void icmpv6ErrorEmbeddedAddressIsTwoLongs() {
        parse(new Bytes().ipv6(8 + 40 + 8, 58, "2001:db8::9", "2001:db8::1").icmp(1, 4)
                .ipv6(8, 17, "2001:db8::1", "2001:db8::9").udp(546, 547, 8));
        IncomingValues v = fill(Layer.INBOUND_ICMP_ERROR_V6, PacketDirection.INBOUND, 1, 0);
        int i = v.layer().indexOf(Field.EMBEDDED_REMOTE_ADDRESS);
        assertEquals(Bytes.high("2001:db8::9"), v.getHigh(i));
        assertEquals(Bytes.low("2001:db8::9"), v.getLow(i));
        assertEquals(546, value(v, Field.EMBEDDED_LOCAL_PORT));
        assertEquals(1, value(v, Field.ICMP_TYPE));
        assertEquals(4, value(v, Field.ICMP_CODE));
    }

    @Test
    void icmpErrorWithoutQuoteLeavesEmbeddedFieldsEmpty() {
        parse(new Bytes().ipv4(5, 40, 0, 1, "10.0.0.9", "10.0.0.1").icmp(11, 0).u8(0x45).zeros(11));
        IncomingValues v = fill(Layer.INBOUND_ICMP_ERROR_V4, PacketDirection.INBOUND, 1, 0);
        assertTrue(empty(v, Field.EMBEDDED_PROTOCOL));
        assertTrue(empty(v, Field.EMBEDDED_REMOTE_ADDRESS));
        assertEquals(11, value(v, Field.ICMP_TYPE));
    }

    /** Every layer, every direction: each slot filled has its field's type, and refilling clears the last packet. */
    @ParameterizedTest
    @EnumSource(Layer.class)
    void everyLayerGetsItsAddressesProtocolAndFlags(Layer layer) {
        if (layer.ipVersion() == IpVersion.V4) {
            parse(new Bytes().ipv4(5, 56, 0, 1, "10.0.0.9", "10.0.0.1").icmp(3, 3)
                    .ipv4(5, 60, 0, 17, "10.0.0.1", "10.0.0.9").udp(5353, 53, 40));
        } else {
            parse(new Bytes().ipv6(8 + 40 + 8, 58, "2001:db8::9", "2001:db8::1").icmp(1, 4)
                    .ipv6(8, 17, "2001:db8::1", "2001:db8::9").udp(546, 547, 8));
        }
        IncomingValues v = new ArrayIncomingValues(layer);
        for (PacketDirection d : PacketDirection.values()) {
            assertTrue(mapper.fill(v, p, d, 1, 0));
            int filled = 0;
            for (int i = 0; i < v.size(); i++) {
                if (!v.isEmpty(i)) {
                    assertEquals(layer.typeOf(i), v.type(i), layer.fields().get(i).toString());
                    filled++;
                }
            }
            assertTrue(filled >= 3, layer + " got only " + filled + " values");
            assertFalse(empty(v, Field.FLAGS));
            for (Field address : new Field[] {Field.IP_LOCAL_ADDRESS, Field.IP_SOURCE_ADDRESS}) {
                if (layer.indexOf(address) >= 0) {
                    assertFalse(empty(v, address));
                }
            }
        }
    }
}
