package weir.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** D15: Java values are host-order numbers; text forms are the usual dotted/colon notation. */
class ValueTest {
    @Test
    void d15_ipv4AddressIsAHostOrderInt() {
        Value v = Value.address("192.0.2.7");
        assertEquals(new Value.UInt32(0xC0000207), v);
        assertEquals("192.0.2.7", Value.formatAddress(v));
    }

    @Test
    void d15_ipv4PrefixBecomesAnAddressAndMask() {
        Value v = Value.address("10.1.2.3/8");
        Value.V4AddrMask m = assertInstanceOf(Value.V4AddrMask.class, v);
        assertEquals(0xFF000000, m.mask());
        assertEquals(8, m.prefixLength());
        assertEquals("10.0.0.0/8", Value.format(v));
        assertEquals(0, ((Value.V4AddrMask) Value.address("0.0.0.0/0")).mask());
    }

    @Test
    void d15_ipv6AddressIsSixteenNetworkOrderBytes() {
        Value v = Value.address("2001:db8::1");
        Value.ByteArray16 b = assertInstanceOf(Value.ByteArray16.class, v);
        assertEquals(0x20, b.bytes()[0] & 0xFF);
        assertEquals(1, b.bytes()[15]);
        assertEquals("2001:db8::1", Value.format(v));
        assertEquals("2001:db8::/32", Value.format(Value.address("2001:db8::/32")));
        assertEquals("::1", Value.format(Value.address("::1")));
    }

    @Test
    void badAddressesAreRejectedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Value.address("300.1.1.1"));
        assertTrue(e.getMessage().contains("300.1.1.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Value.address("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Value.address("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Value.uint16(70000));
    }

    @Test
    void unsignedValuesPrintUnsigned() {
        assertEquals("4294967295", Value.format(Value.uint32(0xFFFF_FFFFL)));
        assertEquals("18446744073709551615", Value.format(Value.uint64(-1L)));
        assertEquals("1024..65535", Value.format(Value.range(Value.uint16(1024), Value.uint16(65535))));
    }

    @Test
    void layersHaveWfpIdsAndSchemas() {
        assertEquals(12, Layer.INBOUND_TRANSPORT_V4.layerId());
        assertEquals(4, Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_LOCAL_PORT));
        assertEquals(DataType.UINT32, Layer.INBOUND_TRANSPORT_V4.typeOf(Field.IP_LOCAL_ADDRESS));
        assertEquals(DataType.BYTE_ARRAY16, Layer.INBOUND_TRANSPORT_V6.typeOf(Field.IP_LOCAL_ADDRESS));
        assertEquals(37, Layer.ALE_AUTH_CONNECT_V4.fields().size());
        assertEquals(Layer.ALE_FLOW_ESTABLISHED_V6, Layer.byId(54));
        assertEquals(24, Layer.values().length);
        assertEquals(-1, Layer.INBOUND_IPPACKET_V4.indexOf(Field.IP_LOCAL_PORT));
    }
}
