package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

class PacketValuesTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;

    @Test
    void everySlotStartsEmpty() {
        PacketValues v = new PacketValues(T4);
        assertEquals(T4.fields().size(), v.size());
        for (int i = 0; i < v.size(); i++) {
            assertTrue(v.isEmpty(i));
            assertEquals(DataType.EMPTY, v.type(i));
        }
    }

    @Test
    void d15_ipv4AddressIsItsIntInHostOrder() {
        PacketValues v = new PacketValues(T4);
        int addr = Value.address("203.0.113.9") instanceof Value.UInt32 u ? u.value() : 0;
        int i = T4.indexOf(Field.IP_REMOTE_ADDRESS);
        v.setLong(i, addr); // negative int: accepted, read back unsigned
        assertEquals(Integer.toUnsignedLong(addr), v.getLong(i));
        assertEquals(Value.address("203.0.113.9"), v.get(i));
        assertEquals(DataType.UINT32, v.type(i));
    }

    @Test
    void integersMustFitTheirField() {
        PacketValues v = new PacketValues(T4);
        int port = T4.indexOf(Field.IP_LOCAL_PORT);
        v.setLong(port, 65535);
        assertEquals(65535, v.getLong(port));
        assertThrows(IllegalArgumentException.class, () -> v.setLong(port, 65536));
        assertThrows(IllegalArgumentException.class, () -> v.setLong(T4.indexOf(Field.IP_PROTOCOL), 300));
        assertThrows(IllegalArgumentException.class, () -> v.setV6(port, 1, 2));
    }

    @Test
    void setValueNeedsTheFieldsType() {
        PacketValues v = new PacketValues(T4);
        WfpException e = assertThrows(WfpException.class, () -> v.set(Field.IP_LOCAL_PORT, Value.uint32(22)));
        assertEquals(ErrorCode.TYPE_MISMATCH, e.error());
        v.set(Field.IP_LOCAL_PORT, Value.uint16(22));
        v.set(Field.IP_LOCAL_PORT, Value.empty());
        assertTrue(v.isEmpty(T4.indexOf(Field.IP_LOCAL_PORT)));
    }

    @Test
    void v6AddressesAreTwoLongs() {
        Layer l = Layer.INBOUND_TRANSPORT_V6;
        PacketValues v = new PacketValues(l);
        v.set(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::ff:1"));
        int i = l.indexOf(Field.IP_REMOTE_ADDRESS);
        assertEquals(0x20010db800000000L, v.getHigh(i));
        assertEquals(0x0000000000ff0001L, v.getLow(i));
        assertEquals(Value.address("2001:db8::ff:1"), v.get(i));
    }

    @Test
    void blobsStringsAndClear() {
        Layer l = Layer.ALE_AUTH_CONNECT_V4;
        PacketValues v = new PacketValues(l);
        byte[] app = "x".getBytes();
        v.setBytes(l.indexOf(Field.ALE_APP_ID), app);
        v.setString(l.indexOf(Field.PEER_NAME), "example.com");
        assertArrayEquals(app, v.getBytes(l.indexOf(Field.ALE_APP_ID)));
        assertEquals(Value.string("example.com"), v.get(l.indexOf(Field.PEER_NAME)));
        v.clear();
        assertTrue(v.isEmpty(l.indexOf(Field.ALE_APP_ID)));
        assertEquals(null, v.getString(l.indexOf(Field.PEER_NAME)));
    }
}
