package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.ConditionFlag;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/** Spec §10 rules 15–19, D5, D11, D14, and the semantics of all thirteen match types. */
class MatchingRulesTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer T6 = Layer.INBOUND_TRANSPORT_V6;
    private static final Layer C4 = Layer.ALE_AUTH_CONNECT_V4;

    /** Whether a single BLOCK filter with these conditions blocks a packet with these values. */
    private static boolean matches(Layer layer, Condition[] conditions, Object... fieldValuePairs) {
        TestEngine e = new TestEngine(layer);
        e.add(Filter.of("f", layer, FilterAction.block()).withConditions(conditions));
        IncomingValues v = e.values();
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            v.set((Field) fieldValuePairs[i], (Value) fieldValuePairs[i + 1]);
        }
        return e.classify(v).action() == ActionType.BLOCK;
    }

    private static boolean matches(Layer layer, Condition c, Field f, Value v) {
        return matches(layer, new Condition[] {c}, f, v);
    }

    private static Condition c(Field f, MatchType m, Value v) {
        return new Condition(f, m, v);
    }

    private static Value port(int p) {
        return Value.uint16(p);
    }

    @Test
    void rule15_differentFieldsAndSameFieldsOr() {
        Condition[] web = {Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)), Condition.equal(Field.IP_LOCAL_PORT, port(80)),
            Condition.equal(Field.IP_LOCAL_PORT, port(443))};
        assertTrue(matches(T4, web, Field.IP_PROTOCOL, Value.uint8(6), Field.IP_LOCAL_PORT, port(443)));
        assertTrue(matches(T4, web, Field.IP_PROTOCOL, Value.uint8(6), Field.IP_LOCAL_PORT, port(80)));
        assertFalse(matches(T4, web, Field.IP_PROTOCOL, Value.uint8(17), Field.IP_LOCAL_PORT, port(80)));
        assertFalse(matches(T4, web, Field.IP_PROTOCOL, Value.uint8(6), Field.IP_LOCAL_PORT, port(8080)));
    }

    @Test
    void rule15_noConditionsMatchesEverything() {
        assertTrue(matches(T4, new Condition[0]));
        assertTrue(matches(T4, new Condition[0], Field.IP_LOCAL_PORT, port(1)));
    }

    @Test
    void d05_sameFieldConditionsAreOredWhereverTheyStand() {
        Condition[] split = {Condition.equal(Field.IP_LOCAL_PORT, port(80)), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
            Condition.equal(Field.IP_LOCAL_PORT, port(443))};
        assertTrue(matches(T4, split, Field.IP_PROTOCOL, Value.uint8(6), Field.IP_LOCAL_PORT, port(443)));
        assertFalse(matches(T4, split, Field.IP_PROTOCOL, Value.uint8(17), Field.IP_LOCAL_PORT, port(443)));
    }

    @Test
    void rule16_aUint32AddressNeverMatchesAnotherIPVersion() {
        // the same numbers in another type are not equal: a V4 filter does not see V6 traffic
        assertTrue(matches(T4, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("0.0.0.1")), Field.IP_REMOTE_ADDRESS,
                Value.address("0.0.0.1")));
        assertFalse(matches(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("::1")), Field.IP_REMOTE_ADDRESS,
                Value.address("::2")));
    }

    @Test
    void rule17_prefixIsASuffixTest() {
        Condition exampleCom = c(Field.PEER_NAME, MatchType.PREFIX, Value.string(".example.com"));
        assertTrue(matches(C4, exampleCom, Field.PEER_NAME, Value.string("www.example.com")));
        assertFalse(matches(C4, exampleCom, Field.PEER_NAME, Value.string(".example.com.evil")));
        assertFalse(matches(C4, c(Field.PEER_NAME, MatchType.PREFIX, Value.string("www")), Field.PEER_NAME,
                Value.string("www.example.com")));
        Condition notCom = c(Field.PEER_NAME, MatchType.NOT_PREFIX, Value.string(".com"));
        assertTrue(matches(C4, notCom, Field.PEER_NAME, Value.string("example.org")));
        assertFalse(matches(C4, notCom, Field.PEER_NAME, Value.string("example.com")));
        // blobs: ALE_APP_ID ends with the program's name (UTF-16LE, NUL-terminated, as WFP stores it)
        Condition chrome = c(Field.ALE_APP_ID, MatchType.PREFIX, Value.blobOfString("\\chrome.exe"));
        assertTrue(matches(C4, chrome, Field.ALE_APP_ID, Value.blobOfString("\\device\\harddiskvolume2\\apps\\chrome.exe")));
        assertFalse(matches(C4, chrome, Field.ALE_APP_ID, Value.blobOfString("\\chrome.exe.bak")));
        assertTrue(matches(C4, c(Field.ALE_APP_ID, MatchType.NOT_PREFIX, Value.blobOfString("\\chrome.exe")),
                Field.ALE_APP_ID, Value.blobOfString("\\firefox.exe")));
    }

    @Test
    void rule18_flagsTests() {
        int loopFrag = ConditionFlag.IS_LOOPBACK.code() | ConditionFlag.IS_FRAGMENT.code();
        Value loopOnly = Value.uint32(ConditionFlag.IS_LOOPBACK.code());
        Value both = Value.uint32(loopFrag | ConditionFlag.IS_REAUTHORIZE.code());
        Value neither = Value.uint32(ConditionFlag.IS_REAUTHORIZE.code());
        Condition all = c(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(loopFrag));
        Condition any = c(Field.FLAGS, MatchType.FLAGS_ANY_SET, Value.uint32(loopFrag));
        Condition none = c(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(loopFrag));
        assertTrue(matches(T4, all, Field.FLAGS, both));
        assertFalse(matches(T4, all, Field.FLAGS, loopOnly));
        assertTrue(matches(T4, any, Field.FLAGS, loopOnly));
        assertFalse(matches(T4, any, Field.FLAGS, neither));
        assertTrue(matches(T4, none, Field.FLAGS, neither));
        assertFalse(matches(T4, none, Field.FLAGS, loopOnly));
        // bit 31 of a UINT32 is an ordinary flag bit
        assertTrue(matches(T4, c(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(0x8000_0000L)), Field.FLAGS,
                Value.uint32(0xFFFF_FFFFL)));
    }

    @Test
    void rule19_ipv4AndPortsInHostOrderIpv6AsBytes() {
        TestEngine e = new TestEngine(T4);
        e.add(Filter.of("net", T4, FilterAction.block()).withConditions(
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.0/24")),
                Condition.equal(Field.IP_REMOTE_PORT, port(0x1F90))));
        IncomingValues v = e.values();
        v.setLong(T4.indexOf(Field.IP_REMOTE_ADDRESS), (192 << 24) | (0 << 16) | (2 << 8) | 7); // 192.0.2.7, an int
        v.setLong(T4.indexOf(Field.IP_REMOTE_PORT), 8080); // 0x1F90, not byte-swapped
        assertEquals(ActionType.BLOCK, e.classify(v).action());

        TestEngine e6 = new TestEngine(T6);
        e6.add(Filter.of("net6", T6, FilterAction.block()).withConditions(
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32"))));
        IncomingValues w = e6.values();
        w.setV6(T6.indexOf(Field.IP_REMOTE_ADDRESS), 0x20010db8_00000000L, 1);
        assertEquals(ActionType.BLOCK, e6.classify(w).action());
        w.setV6(T6.indexOf(Field.IP_REMOTE_ADDRESS), 0x20010db9_00000000L, 1);
        assertEquals(ActionType.PERMIT, e6.classify(w).action());
    }

    @Test
    void d11_rangesIncludeBothEnds() {
        Condition r = Condition.range(Field.IP_LOCAL_PORT, port(80), port(90));
        assertTrue(matches(T4, r, Field.IP_LOCAL_PORT, port(80)));
        assertTrue(matches(T4, r, Field.IP_LOCAL_PORT, port(90)));
        assertFalse(matches(T4, r, Field.IP_LOCAL_PORT, port(79)));
        assertFalse(matches(T4, r, Field.IP_LOCAL_PORT, port(91)));
    }

    @Test
    void d14_aConditionOnAnEmptyValueDoesNotMatch() {
        // rule 35: not even the negative tests
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, port(22)), Field.IP_PROTOCOL, Value.uint8(6)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.LESS, port(1024)), Field.IP_PROTOCOL, Value.uint8(6)));
        assertFalse(matches(C4, c(Field.PEER_NAME, MatchType.NOT_PREFIX, Value.string(".com")), Field.IP_PROTOCOL,
                Value.uint8(6)));
        assertFalse(matches(T4, new Condition[] {c(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(1))}));
        // EQUAL EMPTY matches an EMPTY value (a non-first fragment has no ports) and nothing else
        Condition noPort = Condition.equal(Field.IP_LOCAL_PORT, Value.empty());
        assertTrue(matches(T4, noPort, Field.FLAGS, Value.uint32(ConditionFlag.IS_FRAGMENT.code())));
        assertFalse(matches(T4, noPort, Field.IP_LOCAL_PORT, port(0)));
    }

    @Test
    void comparisonsOnPorts() {
        assertTrue(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.GREATER, port(1023)), Field.IP_LOCAL_PORT, port(1024)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.GREATER, port(1023)), Field.IP_LOCAL_PORT, port(1023)));
        assertTrue(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.GREATER_OR_EQUAL, port(1023)), Field.IP_LOCAL_PORT, port(1023)));
        assertTrue(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.LESS, port(1024)), Field.IP_LOCAL_PORT, port(1023)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.LESS, port(1024)), Field.IP_LOCAL_PORT, port(1024)));
        assertTrue(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.LESS_OR_EQUAL, port(1024)), Field.IP_LOCAL_PORT, port(1024)));
        assertTrue(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, port(22)), Field.IP_LOCAL_PORT, port(23)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, port(22)), Field.IP_LOCAL_PORT, port(22)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.GREATER, port(65535)), Field.IP_LOCAL_PORT, port(65535)));
        assertFalse(matches(T4, c(Field.IP_LOCAL_PORT, MatchType.LESS, port(0)), Field.IP_LOCAL_PORT, port(0)));
    }

    @Test
    void uint32AndUint64CompareUnsigned() {
        // 200.0.0.1 is above 10.0.0.1 although its int is negative
        assertTrue(matches(T4, c(Field.IP_REMOTE_ADDRESS, MatchType.GREATER, Value.address("10.0.0.1")),
                Field.IP_REMOTE_ADDRESS, Value.address("200.0.0.1")));
        Condition big = c(Field.IP_LOCAL_INTERFACE, MatchType.GREATER, Value.uint64(Long.MAX_VALUE));
        assertTrue(matches(T4, big, Field.IP_LOCAL_INTERFACE, Value.uint64(-1L)));
        assertFalse(matches(T4, big, Field.IP_LOCAL_INTERFACE, Value.uint64(7)));
        assertTrue(matches(T4, Condition.range(Field.IP_LOCAL_INTERFACE, Value.uint64(1), Value.uint64(-2L)),
                Field.IP_LOCAL_INTERFACE, Value.uint64(Long.MIN_VALUE)));
        assertFalse(matches(T4, Condition.range(Field.IP_LOCAL_INTERFACE, Value.uint64(1), Value.uint64(-2L)),
                Field.IP_LOCAL_INTERFACE, Value.uint64(-1L)));
    }

    @Test
    void ipv6ComparesAsUnsigned128Bits() {
        Condition gt = c(Field.IP_REMOTE_ADDRESS, MatchType.GREATER, Value.address("7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(matches(T6, gt, Field.IP_REMOTE_ADDRESS, Value.address("8000::")));
        assertFalse(matches(T6, gt, Field.IP_REMOTE_ADDRESS, Value.address("::1")));
        Condition range = Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::ffff:ffff:ffff:ffff"),
                Value.address("2001:db8:0:1::"));
        assertTrue(matches(T6, range, Field.IP_REMOTE_ADDRESS, Value.address("2001:db8:0:1::")));
        assertTrue(matches(T6, range, Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::ffff:ffff:ffff:ffff")));
        assertFalse(matches(T6, range, Field.IP_REMOTE_ADDRESS, Value.address("2001:db8:0:1::1")));
        assertTrue(matches(T6, c(Field.IP_REMOTE_ADDRESS, MatchType.LESS, Value.address("::1:0:0:0")),
                Field.IP_REMOTE_ADDRESS, Value.address("::ffff:ffff:ffff")));
        assertTrue(matches(T6, c(Field.IP_REMOTE_ADDRESS, MatchType.NOT_EQUAL, Value.address("::1")),
                Field.IP_REMOTE_ADDRESS, Value.address("::2")));
        assertTrue(matches(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::1:0:0:1/97")),
                Field.IP_REMOTE_ADDRESS, Value.address("2001:db8:0:0:1:0:7fff:ffff")));
        assertFalse(matches(T6, Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::1:0:0:1/97")),
                Field.IP_REMOTE_ADDRESS, Value.address("2001:db8:0:0:1:0:8000:0")));
    }

    @Test
    void stringsAndBlobsCompareInOrder() {
        assertTrue(matches(C4, c(Field.PEER_NAME, MatchType.EQUAL_CASE_INSENSITIVE, Value.string("Example.COM")),
                Field.PEER_NAME, Value.string("example.com")));
        assertFalse(matches(C4, Condition.equal(Field.PEER_NAME, Value.string("Example.COM")), Field.PEER_NAME,
                Value.string("example.com")));
        assertTrue(matches(C4, c(Field.PEER_NAME, MatchType.LESS, Value.string("b")), Field.PEER_NAME, Value.string("abc")));
        assertTrue(matches(C4, Condition.range(Field.PEER_NAME, Value.string("a"), Value.string("c")), Field.PEER_NAME,
                Value.string("b")));
        assertFalse(matches(C4, Condition.range(Field.PEER_NAME, Value.string("a"), Value.string("c")), Field.PEER_NAME,
                Value.string("ca")));
        // blob order: unsigned bytes, a prefix before its extensions
        Value high = Value.blob(new byte[] {(byte) 0x80});
        assertTrue(matches(C4, c(Field.ALE_APP_ID, MatchType.GREATER, Value.blob(new byte[] {0x7F})), Field.ALE_APP_ID, high));
        assertTrue(matches(C4, c(Field.ALE_APP_ID, MatchType.LESS, Value.blob(new byte[] {1, 0})), Field.ALE_APP_ID,
                Value.blob(new byte[] {1})));
        assertTrue(matches(C4, Condition.equal(Field.ALE_APP_ID, Value.blob("x".getBytes(StandardCharsets.UTF_8))),
                Field.ALE_APP_ID, Value.blob("x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(matches(C4, c(Field.ALE_APP_ID, MatchType.NOT_EQUAL, Value.blob(new byte[] {1})), Field.ALE_APP_ID,
                Value.blob(new byte[] {2})));
    }
}
