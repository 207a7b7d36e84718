package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.engine.api.Condition;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

class ConditionValidatorTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer T6 = Layer.INBOUND_TRANSPORT_V6;

    private static ErrorCode error(Layer layer, Condition... c) {
        return assertThrows(WfpException.class, () -> ConditionValidator.validate(layer, "f", List.of(c))).error();
    }

    private static void ok(Layer layer, Condition... c) {
        assertDoesNotThrow(() -> ConditionValidator.validate(layer, "f", List.of(c)));
    }

    @Test
    void rule16_uint16ValueOnUint32FieldIsTypeMismatch() {
        WfpException e = assertThrows(WfpException.class, () -> ConditionValidator.validate(T4, "ssh",
                List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
                        Condition.equal(Field.FLAGS, Value.uint16(1)))));
        assertEquals(ErrorCode.TYPE_MISMATCH, e.error());
        // one line naming the filter, the condition's position and field, the types and the fix
        assertTrue(e.getMessage().contains("'ssh'"), e.getMessage());
        assertTrue(e.getMessage().contains("condition 2 FLAGS"), e.getMessage());
        assertTrue(e.getMessage().contains("UINT32") && e.getMessage().contains("UINT16"), e.getMessage());
        assertTrue(e.getMessage().contains("Value.uint32"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void rule16_uint32ValueOnPortIsTypeMismatch() {
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T4, Condition.equal(Field.IP_LOCAL_PORT, Value.uint32(22))));
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T4, Condition.equal(Field.IP_PROTOCOL, Value.uint16(6))));
    }

    @Test
    void fieldNotInLayerIsConditionNotFound() {
        assertEquals(ErrorCode.CONDITION_NOT_FOUND,
                error(Layer.INBOUND_IPPACKET_V4, Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))));
    }

    @Test
    void icmpTypeIsTheLocalPortKey() {
        // FWPM_CONDITION_ICMP_TYPE is a #define of IP_LOCAL_PORT's GUID: either name reaches the slot
        ok(Layer.OUTBOUND_ICMP_ERROR_V4, Condition.equal(Field.ICMP_TYPE, Value.uint16(3)));
        ok(Layer.OUTBOUND_ICMP_ERROR_V4, Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(3)));
    }

    @Test
    void addressFieldsTakeTheirLayersAddressTypeOrAMask() {
        ok(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.1")));
        ok(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8")));
        ok(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::1")));
        ok(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32")));
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8"))));
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32"))));
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::1"))));
        // a mask is for address fields only, even where the field is a UINT32
        assertEquals(ErrorCode.TYPE_MISMATCH, error(T4, Condition.equal(Field.FLAGS, Value.address("10.0.0.0/8"))));
    }

    @Test
    void v4MaskMustBeContiguous() {
        assertEquals(ErrorCode.INVALID_NET_MASK,
                error(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V4AddrMask(0x0A000000, 0xFF00FF00))));
        ok(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V4AddrMask(0, 0)));
        ok(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V4AddrMask(1, -1)));
    }

    @Test
    void v6PrefixIs0To128() {
        assertEquals(ErrorCode.INVALID_NET_MASK,
                error(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V6AddrMask(new byte[16], 129))));
        assertEquals(ErrorCode.INVALID_NET_MASK,
                error(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V6AddrMask(new byte[16], -1))));
        ok(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V6AddrMask(new byte[16], 128)));
    }

    @Test
    void masksAreTestedWithEqualOnly() {
        assertEquals(ErrorCode.MATCH_TYPE_MISMATCH, error(T4,
                new Condition(Field.IP_REMOTE_ADDRESS, MatchType.NOT_EQUAL, Value.address("10.0.0.0/8"))));
    }

    @Test
    void d11_rangeLowMustNotExceedHigh() {
        assertEquals(ErrorCode.INVALID_RANGE,
                error(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(90), Value.uint16(80))));
        ok(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(80), Value.uint16(80)));
        // UINT64 bounds are unsigned: 1 .. 2^64-1 is a valid range
        ok(T4, Condition.range(Field.IP_LOCAL_INTERFACE, Value.uint64(1), Value.uint64(-1)));
        assertEquals(ErrorCode.INVALID_RANGE,
                error(T4, Condition.range(Field.IP_LOCAL_INTERFACE, Value.uint64(-1), Value.uint64(1))));
        // IPv4 addresses as UINT32: 200.0.0.0 is above 10.0.0.0 although its int is negative
        ok(T4, Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0"), Value.address("200.0.0.0")));
        assertEquals(ErrorCode.INVALID_RANGE,
                error(T4, Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("200.0.0.0"), Value.address("10.0.0.0"))));
        assertEquals(ErrorCode.INVALID_RANGE, error(T6, Condition.range(Field.IP_REMOTE_ADDRESS,
                Value.address("ff00::"), Value.address("2001:db8::"))));
    }

    @Test
    void rangeBoundsHaveTheFieldsType() {
        assertEquals(ErrorCode.TYPE_MISMATCH,
                error(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint32(80), Value.uint32(90))));
        assertEquals(ErrorCode.TYPE_MISMATCH,
                error(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(80), Value.uint32(90))));
    }

    @Test
    void rangeValueAndRangeMatchGoTogether() {
        assertEquals(ErrorCode.MATCH_TYPE_MISMATCH, error(T4,
                new Condition(Field.IP_LOCAL_PORT, MatchType.EQUAL, Value.range(Value.uint16(1), Value.uint16(2)))));
        assertEquals(ErrorCode.MATCH_TYPE_MISMATCH,
                error(T4, new Condition(Field.IP_LOCAL_PORT, MatchType.RANGE, Value.uint16(1))));
    }

    @Test
    void d14_emptyValueOnlyWithEqual() {
        ok(T4, Condition.equal(Field.IP_LOCAL_PORT, Value.empty()));
        assertEquals(ErrorCode.MATCH_TYPE_MISMATCH,
                error(T4, new Condition(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, Value.empty())));
    }

    @Test
    void securityIdentitiesAreNotSupported() {
        assertEquals(ErrorCode.NOT_SUPPORTED, error(Layer.ALE_AUTH_CONNECT_V4,
                Condition.equal(Field.ALE_USER_ID, new Value.SecurityDescriptor(new byte[] {1}))));
        assertEquals(ErrorCode.NOT_SUPPORTED,
                error(Layer.ALE_AUTH_CONNECT_V4, Condition.equal(Field.ALE_PACKAGE_ID, new Value.Sid(new byte[] {1}))));
        WfpException e = assertThrows(WfpException.class, () -> ConditionValidator.validate(T4, "x",
                List.of(Condition.equal(Field.IP_LOCAL_PORT, new Value.Sid(new byte[] {1})))));
        assertEquals(ErrorCode.NOT_SUPPORTED, e.error());
        assertTrue(e.getMessage().contains("remove the condition"), e.getMessage());
    }

    @Test
    void d05_sameFieldMayRepeatAnywhere() {
        ok(T4, Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
                Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23)));
    }

    /** Match type against data type, per MatchType's javadoc: one row per field type, one column per match type. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // field              EQ GT LT GE LE FA FY FN CI NE PF NP
        "IP_PROTOCOL,         1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0",
        "IP_LOCAL_PORT,       1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0",
        "FLAGS,               1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0",
        "IP_LOCAL_INTERFACE,  1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0",
        "IP_REMOTE_ADDRESS6,  1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0",
        "ALE_APP_ID,          1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1",
        "PEER_NAME,           1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1",
    })
    void matchTypeAgainstDataType(String field, int eq, int gt, int lt, int ge, int le, int fa, int fy, int fn,
            int ci, int ne, int pf, int np) {
        Layer layer = field.endsWith("6") ? Layer.ALE_AUTH_CONNECT_V6 : Layer.ALE_AUTH_CONNECT_V4;
        Field f = Field.valueOf(field.endsWith("6") ? field.substring(0, field.length() - 1) : field);
        Value v = switch (layer.typeOf(f)) {
            case UINT8 -> Value.uint8(6);
            case UINT16 -> Value.uint16(6);
            case UINT32 -> Value.uint32(6);
            case UINT64 -> Value.uint64(6);
            case BYTE_ARRAY16 -> Value.address("2001:db8::1");
            case BYTE_BLOB -> Value.blobOfString("app.exe");
            default -> Value.string("host");
        };
        MatchType[] types = {MatchType.EQUAL, MatchType.GREATER, MatchType.LESS, MatchType.GREATER_OR_EQUAL,
            MatchType.LESS_OR_EQUAL, MatchType.FLAGS_ALL_SET, MatchType.FLAGS_ANY_SET, MatchType.FLAGS_NONE_SET,
            MatchType.EQUAL_CASE_INSENSITIVE, MatchType.NOT_EQUAL, MatchType.PREFIX, MatchType.NOT_PREFIX};
        int[] allowed = {eq, gt, lt, ge, le, fa, fy, fn, ci, ne, pf, np};
        for (int i = 0; i < types.length; i++) {
            Condition c = new Condition(f, types[i], v);
            if (allowed[i] == 1) {
                ok(layer, c);
            } else {
                assertEquals(ErrorCode.MATCH_TYPE_MISMATCH, error(layer, c), c.toString());
            }
        }
        // RANGE: on every sortable type here, with a RANGE value
        ok(layer, Condition.range(f, v, v));
    }
}
