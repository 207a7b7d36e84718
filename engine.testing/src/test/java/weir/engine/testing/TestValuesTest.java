package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import weir.engine.api.DataType;
import weir.engine.api.ConditionFlag;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;
import weir.engine.core.classify.PacketValues;

/** TestValues hold what the engine's own IncomingValues hold, slot for slot, and refuse what they refuse. */
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
}
