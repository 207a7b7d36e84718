package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.ConditionFlag;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;

class WeightsTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer T6 = Layer.INBOUND_TRANSPORT_V6;

    private static int bits(Layer l, Condition... c) {
        return Weights.specificity(l, List.of(c));
    }

    private static Condition port(int p) {
        return Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(p));
    }

    private static Condition remote(String a) {
        return Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address(a));
    }

    @Test
    void d03_autoWeightPrefersSpecificFilters() {
        // D3's example: 48 bits outweigh 40 bits
        List<Condition> host = List.of(port(443), remote("192.0.2.7/32"));
        List<Condition> net = List.of(port(443), remote("192.0.2.0/24"));
        assertEquals(48, Weights.specificity(T4, host));
        assertEquals(40, Weights.specificity(T4, net));
        assertTrue(Weights.autoWeight(T4, host) > Weights.autoWeight(T4, net));
        assertTrue(Weights.autoWeight(T4, net) > Weights.autoWeight(T4, List.of()));
        assertEquals(0, Weights.autoWeight(T4, List.of()));
    }

    @Test
    void d03_exactValuesCountTheFieldsWidth() {
        assertEquals(8, bits(T4, Condition.equal(Field.IP_PROTOCOL, Value.uint8(6))));
        assertEquals(16, bits(T4, port(22)));
        assertEquals(32, bits(T4, remote("10.0.0.1")));
        assertEquals(128, bits(T6, remote("2001:db8::1")));
        assertEquals(64, bits(T4, Condition.equal(Field.IP_LOCAL_INTERFACE, Value.uint64(7))));
        assertEquals(64, bits(T6, remote("2001:db8::/64")));
        assertEquals(16, bits(T4, Condition.equal(Field.IP_LOCAL_PORT, Value.empty())));
    }

    @Test
    void d03_rangesCountWidthMinusLog2OfTheirSize() {
        assertEquals(16, bits(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(80), Value.uint16(80))));
        assertEquals(15, bits(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(80), Value.uint16(81))));
        // 3 values need 2 bits: 16 - ceil(log2 3) = 14 (whole bits pinned, rounded down)
        assertEquals(14, bits(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(80), Value.uint16(82))));
        assertEquals(6, bits(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(1024), Value.uint16(2047))));
        assertEquals(0, bits(T4, Condition.range(Field.IP_LOCAL_PORT, Value.uint16(0), Value.uint16(65535))));
        // GREATER_OR_EQUAL 1024: 64512 values -> 16 - 16
        assertEquals(0, bits(T4, new Condition(Field.IP_LOCAL_PORT, MatchType.GREATER_OR_EQUAL, Value.uint16(1024))));
        // LESS 1024: 1024 values -> 6
        assertEquals(6, bits(T4, new Condition(Field.IP_LOCAL_PORT, MatchType.LESS, Value.uint16(1024))));
        assertEquals(0, bits(T4, new Condition(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, Value.uint16(22))));
    }

    @Test
    void d03_orGroupCountsItsLeastSpecificMemberAndGroupsAdd() {
        // D5: the two port conditions are one group wherever they stand
        assertEquals(16 + 8, bits(T4, port(22), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)), port(23)));
        assertEquals(6 + 8, bits(T4, port(22), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                new Condition(Field.IP_LOCAL_PORT, MatchType.LESS, Value.uint16(1024))));
    }

    @Test
    void d03_flagsTestsCountTheBitsTheyName() {
        int two = ConditionFlag.IS_LOOPBACK.code() | ConditionFlag.IS_FRAGMENT.code();
        assertEquals(2, bits(T4, new Condition(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(two))));
        assertEquals(2, bits(T4, new Condition(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(two))));
        assertEquals(1, bits(T4, new Condition(Field.FLAGS, MatchType.FLAGS_ANY_SET, Value.uint32(1))));
    }

    @Test
    void d03_autoWeightIsDeterministicAndBelow2To60() {
        List<Condition> all = List.of(port(1), remote("2001:db8::1"), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                Condition.equal(Field.IP_LOCAL_ADDRESS, Value.address("2001:db8::2")),
                Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(2)),
                Condition.equal(Field.IP_LOCAL_INTERFACE, Value.uint64(-1)));
        long w = Weights.autoWeight(T6, all);
        assertEquals(w, Weights.autoWeight(T6, List.copyOf(all)));
        assertTrue(w > 0 && w < (1L << 60), Long.toHexString(w));
        // the largest schema at full specificity still stays below 2^60
        assertTrue(Weights.autoWeight(T6, all) >>> 60 == 0);
        assertTrue(((long) Weights.MAX_SPECIFICITY << Weights.SHIFT) < (1L << 60));
        assertTrue(Layer.ALE_AUTH_CONNECT_V6.fields().size() * 128 <= Weights.MAX_SPECIFICITY);
    }

    @Test
    void rule20_weightRangeSetsTheTopFourBits() {
        List<Condition> c = List.of(port(22));
        long auto = Weights.autoWeight(T4, c);
        assertEquals((3L << 60) | auto, Weights.effectiveWeight(T4, Weight.range(3), c));
        assertEquals(15L, Weights.effectiveWeight(T4, Weight.range(15), c) >>> 60);
        assertEquals(auto, Weights.effectiveWeight(T4, Weight.range(0), c));
        assertEquals(auto, Weights.effectiveWeight(T4, Weight.auto(), c));
        assertTrue(Weights.effectiveWeight(T4, Weight.auto(), c) < (1L << 60));
    }

    @Test
    void rule20_exactWeightIsVerbatim() {
        assertEquals(-1L, Weights.effectiveWeight(T4, Weight.exact(-1L), List.of(port(22))));
        assertEquals(5L, Weights.effectiveWeight(T4, Weight.exact(5L), List.of()));
    }

    @Test
    void rule20_rangeAbove15IsInvalidWeight() {
        WfpException e = assertThrows(WfpException.class, () -> Weights.effectiveWeight(T4, Weight.range(16), List.of()));
        assertEquals(ErrorCode.INVALID_WEIGHT, e.error());
        assertEquals(ErrorCode.INVALID_WEIGHT,
                assertThrows(WfpException.class, () -> Weights.effectiveWeight(T4, Weight.range(-1), List.of())).error());
    }
}
