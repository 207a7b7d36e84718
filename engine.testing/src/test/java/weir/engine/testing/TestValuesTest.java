package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import weir.engine.api.ConditionFlag;
import weir.engine.api.DataType;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;
import weir.engine.core.classify.PacketValues;

/**
 * TestValues hold what the engine's own IncomingValues hold, slot for slot, and refuse what they refuse; filled
 * from a packet, they hold what the shim's rules put there.
 */
class TestValuesTest {

    @Test
    void theBuilderFillsTheSlotsAShimFillsAsTheEngineKeepsThem() {
        Layer l = Layer.INBOUND_TRANSPORT_V4;
        TestValues t = TestValues.at(l).tcp().local("10.0.0.2", 22).remote("198.51.100.7", 40000)
                .flags(ConditionFlag.IS_LOOPBACK);
        IncomingValues engine = new PacketValues(l);
        engine.set(Field.IP_PROTOCOL, Value.uint8(6));
        engine.set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"));
        engine.set(Field.IP_LOCAL_PORT, Value.uint16(22));
        engine.set(Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"));
        engine.set(Field.IP_REMOTE_PORT, Value.uint16(40000));
        engine.set(Field.FLAGS, Value.uint32(1));
        for (int i = 0; i < l.fields().size(); i++) {
            assertEquals(engine.type(i), t.type(i), l.fields().get(i).toString());
            assertEquals(engine.getLong(i), t.getLong(i), l.fields().get(i).toString());
            assertEquals(engine.get(i), t.get(i), l.fields().get(i).toString());
        }
        assertEquals(0x0A000002L, t.getLong(l.indexOf(Field.IP_LOCAL_ADDRESS)), "host order, zero-extended");
    }

    @Test
    void ipv6AddressesAreTwoLongsAsInTheEngine() {
        Layer l = Layer.OUTBOUND_TRANSPORT_V6;
        TestValues t = TestValues.at(l).udp().local("2001:db8::2", 53000).remote("2001:db8::53", 53);
        PacketValues engine = new PacketValues(l);
        engine.set(Field.IP_LOCAL_ADDRESS, Value.address("2001:db8::2"));
        int i = l.indexOf(Field.IP_LOCAL_ADDRESS);
        assertEquals(DataType.BYTE_ARRAY16, t.type(i));
        assertEquals(engine.getHigh(i), t.getHigh(i));
        assertEquals(engine.getLow(i), t.getLow(i));
        assertEquals("2001:db8::2", Value.format(t.get(i)));
    }

    @Test
    void icmpKeepsTypeAndCodeInThePortSlots() {
        TestValues t = TestValues.at(Layer.OUTBOUND_TRANSPORT_V6).icmp().local("2001:db8::2", 128)
                .remote("2001:db8::1", 0);
        assertEquals(58, t.getLong(Layer.OUTBOUND_TRANSPORT_V6.indexOf(Field.IP_PROTOCOL)));
        assertEquals(128, t.getLong(Layer.OUTBOUND_TRANSPORT_V6.indexOf(Field.IP_LOCAL_PORT)));
    }

    @Test
    void wrongTypesAndMissingFieldsAreRefusedAsTheEngineRefusesThem() {
        TestValues t = TestValues.at(Layer.INBOUND_TRANSPORT_V4);
        WfpException e = assertThrows(WfpException.class, () -> t.set(Field.IP_LOCAL_PORT, Value.uint32(22)));
        assertEquals(ErrorCode.TYPE_MISMATCH, e.error());
        assertThrows(WfpException.class, () -> new PacketValues(Layer.INBOUND_TRANSPORT_V4)
                .set(Field.IP_LOCAL_PORT, Value.uint32(22)));
        assertThrows(IllegalArgumentException.class, () -> t.with(Field.IP_LOCAL_PORT, 70000));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> t.with(Field.ALE_APP_ID, "x"));
        assertTrue(none.getMessage().contains("has no field ALE_APP_ID"), none.getMessage());
        assertThrows(WfpException.class, () -> t.with(Field.IP_REMOTE_ADDRESS, "10.0.0.0/8"),
                "a packet has one address, not a prefix");
    }

    @Test
    void emptySlotsReadAsTheEngineReadsThem() {
        TestValues t = TestValues.at(Layer.INBOUND_TRANSPORT_V4).tcp();
        int port = Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_LOCAL_PORT);
        assertTrue(t.isEmpty(port));
        assertEquals(0, t.getLong(port));
        assertEquals(Value.empty(), t.get(port));
        t.local("10.0.0.2", 22).without(Field.IP_LOCAL_PORT);
        assertTrue(t.isEmpty(port));
        assertTrue(t.clear().isEmpty(Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_PROTOCOL)));
    }

    @Test
    void fromAPacketTheLocalEndFollowsTheDirection() {
        TestPacket syn = TestPacket.tcp("198.51.100.7", 40000, "10.0.0.2", 22, TestPacket.SYN, "");
        assertSameSlots(engine(Layer.INBOUND_TRANSPORT_V4, Field.IP_PROTOCOL, Value.uint8(6),
                Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"),
                Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"),
                Field.IP_LOCAL_ADDRESS_TYPE, Value.uint8(1), Field.IP_LOCAL_PORT, Value.uint16(22),
                Field.IP_REMOTE_PORT, Value.uint16(40000), Field.FLAGS, Value.uint32(0)),
                TestValues.of(Layer.INBOUND_TRANSPORT_V4, syn, Direction.INBOUND));
        assertSameSlots(engine(Layer.OUTBOUND_TRANSPORT_V4, Field.IP_PROTOCOL, Value.uint8(6),
                Field.IP_LOCAL_ADDRESS, Value.address("198.51.100.7"),
                Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.2"),
                Field.IP_LOCAL_ADDRESS_TYPE, Value.uint8(1), Field.IP_LOCAL_PORT, Value.uint16(40000),
                Field.IP_REMOTE_PORT, Value.uint16(22), Field.IP_DESTINATION_ADDRESS_TYPE, Value.uint8(1),
                Field.FLAGS, Value.uint32(0)),
                TestValues.of(Layer.OUTBOUND_TRANSPORT_V4, syn, Direction.OUTBOUND));
    }

    @Test
    void fromAnIcmpPacketTypeAndCodeTakeThePortSlotsWhateverTheDirection() {
        TestPacket ping = TestPacket.echo("2001:db8::7", "2001:db8::2", true, 7, 1);
        for (Direction d : Direction.values()) {
            Layer l = d == Direction.INBOUND ? Layer.INBOUND_TRANSPORT_V6 : Layer.OUTBOUND_TRANSPORT_V6;
            TestValues v = TestValues.of(l, ping, d);
            assertEquals(58, v.getLong(l.indexOf(Field.IP_PROTOCOL)));
            assertEquals(128, v.getLong(l.indexOf(Field.IP_LOCAL_PORT)), d.toString());
            assertEquals(0, v.getLong(l.indexOf(Field.IP_REMOTE_PORT)), d.toString());
            assertTrue(!v.isEmpty(l.indexOf(Field.IP_REMOTE_PORT)), "code 0 is a value, not EMPTY");
        }
    }

    @Test
    void anIcmpErrorsEmbeddedFieldsDescribeTheQuotedPacketFromThisHost() {
        // this host (10.0.0.2) sent a UDP query; the server's error comes in
        TestPacket sent = TestPacket.udp("10.0.0.2", 5000, "198.51.100.7", 53, "q");
        TestPacket error = TestPacket.icmp("198.51.100.7", "10.0.0.2", 3, 3, sent.ipBytes());
        assertSameSlots(engine(Layer.INBOUND_ICMP_ERROR_V4, Field.EMBEDDED_PROTOCOL, Value.uint8(17),
                Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"),
                Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"),
                Field.EMBEDDED_REMOTE_ADDRESS, Value.address("198.51.100.7"), Field.EMBEDDED_LOCAL_ADDRESS_TYPE,
                Value.uint8(1), Field.EMBEDDED_LOCAL_PORT, Value.uint16(5000), Field.EMBEDDED_REMOTE_PORT,
                Value.uint16(53), Field.ICMP_TYPE, Value.uint16(3), Field.ICMP_CODE, Value.uint16(3),
                Field.FLAGS, Value.uint32(0)),
                TestValues.of(Layer.INBOUND_ICMP_ERROR_V4, error, Direction.INBOUND));
        // this host's error about a packet it received goes out: the quote's destination is the local end
        TestPacket received = TestPacket.udp("198.51.100.7", 53000, "10.0.0.2", 161, "q");
        TestValues out = TestValues.of(Layer.OUTBOUND_ICMP_ERROR_V4,
                TestPacket.icmp("10.0.0.2", "198.51.100.7", 3, 3, received.ipBytes()), Direction.OUTBOUND);
        assertEquals(3, out.getLong(Layer.OUTBOUND_ICMP_ERROR_V4.indexOf(Field.ICMP_TYPE)));
        assertEquals(Value.address("198.51.100.7"),
                out.get(Layer.OUTBOUND_ICMP_ERROR_V4.indexOf(Field.IP_REMOTE_ADDRESS)));
    }

    @Test
    void flagsAddressTypesAndFragmentsAreTheShims() {
        byte[] first = TestPacket.udp("127.0.0.1", 5, "224.0.0.251", 5353, "xyz").ipBytes();
        first[6] = 0x20; // more fragments
        Layer l = Layer.OUTBOUND_TRANSPORT_V4;
        TestValues v = TestValues.of(l, TestPacket.ip(first), Direction.OUTBOUND);
        assertEquals(ConditionFlag.IS_LOOPBACK.code() | ConditionFlag.IS_FRAGMENT.code(),
                v.getLong(l.indexOf(Field.FLAGS)));
        assertEquals(5353, v.getLong(l.indexOf(Field.IP_REMOTE_PORT)), "the first fragment carries the ports");
        assertEquals(3, v.getLong(l.indexOf(Field.IP_DESTINATION_ADDRESS_TYPE)), "multicast");
        byte[] later = first.clone();
        later[6] = 0;
        later[7] = 1;
        TestValues w = TestValues.of(l, TestPacket.ip(later), Direction.OUTBOUND);
        assertTrue(w.isEmpty(l.indexOf(Field.IP_LOCAL_PORT)) && w.isEmpty(l.indexOf(Field.IP_REMOTE_PORT)),
                "a later fragment has no ports (D14)");
        assertEquals(17, w.getLong(l.indexOf(Field.IP_PROTOCOL)));
        TestValues fwd = TestValues.of(Layer.IPFORWARD_V4,
                TestPacket.udp("10.0.0.2", 68, "255.255.255.255", 67, ""), Direction.INBOUND);
        assertEquals(Value.address("255.255.255.255"),
                fwd.get(Layer.IPFORWARD_V4.indexOf(Field.IP_DESTINATION_ADDRESS)));
        assertEquals(Value.address("10.0.0.2"), fwd.get(Layer.IPFORWARD_V4.indexOf(Field.IP_SOURCE_ADDRESS)));
        assertEquals(4, fwd.getLong(Layer.IPFORWARD_V4.indexOf(Field.IP_DESTINATION_ADDRESS_TYPE)), "broadcast");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> TestValues.of(
                Layer.INBOUND_TRANSPORT_V4, TestPacket.echo("2001:db8::7", "2001:db8::2", true, 1, 1),
                Direction.INBOUND));
        assertTrue(wrong.getMessage().contains("an IPv6 packet cannot be classified at INBOUND_TRANSPORT_V4"),
                wrong.getMessage());
    }

    /** The engine's own IncomingValues with these fields set (field, value, field, value, ...). */
    private static IncomingValues engine(Layer l, Object... fieldsAndValues) {
        IncomingValues v = new PacketValues(l);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            v.set((Field) fieldsAndValues[i], (Value) fieldsAndValues[i + 1]);
        }
        return v;
    }

    private static void assertSameSlots(IncomingValues engine, IncomingValues kit) {
        Layer l = engine.layer();
        for (int i = 0; i < l.fields().size(); i++) {
            assertEquals(engine.type(i), kit.type(i), l + " " + l.fields().get(i));
            assertEquals(engine.get(i), kit.get(i), l + " " + l.fields().get(i));
        }
    }
}
