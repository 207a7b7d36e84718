package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

class TemplateMatchTest {
    private static final Layer T4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer T6 = Layer.INBOUND_TRANSPORT_V6;
    private static final Layer CONNECT = Layer.ALE_AUTH_CONNECT_V4;

    private static Condition c(Field f, MatchType m, Value v) {
        return new Condition(f, m, v);
    }

    private static Condition port(int p) {
        return Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(p));
    }

    private static Condition ports(int lo, int hi) {
        return Condition.range(Field.IP_LOCAL_PORT, Value.uint16(lo), Value.uint16(hi));
    }

    private static boolean contains(Layer l, List<Condition> filter, List<Condition> template) {
        return TemplateMatch.fullyContains(l, filter, template);
    }

    private static boolean overlaps(Layer l, List<Condition> filter, List<Condition> template) {
        return TemplateMatch.overlaps(l, filter, template);
    }

    @Test
    void rangesAndPoints() {
        assertTrue(contains(T4, List.of(ports(1000, 2000)), List.of(port(1500))));
        assertFalse(contains(T4, List.of(ports(1000, 2000)), List.of(ports(1500, 2500))));
        assertTrue(overlaps(T4, List.of(ports(1000, 2000)), List.of(ports(1500, 2500))));
        assertFalse(overlaps(T4, List.of(ports(1000, 2000)), List.of(ports(2001, 2500))));
    }

    @Test
    void anAbsentFieldIsUnconstrained() {
        assertTrue(contains(T4, List.of(), List.of(port(80))));
        assertTrue(contains(T4, List.of(), List.of()));
        // the template without a port also selects packets with any port (and none): not contained
        assertFalse(contains(T4, List.of(port(80)), List.of()));
        assertTrue(overlaps(T4, List.of(port(80)), List.of()));
        assertTrue(overlaps(T4, List.of(port(80)), List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)))));
    }

    @Test
    void addressPrefixes() {
        List<Condition> net8 = List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8")));
        List<Condition> net16 = List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.1.0.0/16")));
        List<Condition> other = List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("11.0.0.0/8")));
        assertTrue(contains(T4, net8, net16));
        assertFalse(contains(T4, net16, net8));
        assertTrue(overlaps(T4, net16, net8));
        assertFalse(overlaps(T4, net8, other));
        // a range of addresses inside the prefix (200.x is above 2^31: unsigned order)
        assertTrue(contains(T4, List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("200.0.0.0/8"))),
                List.of(Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("200.1.0.0"), Value.address("200.2.0.0")))));
        List<Condition> v6 = List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32")));
        assertTrue(contains(T6, v6, List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8:1::7")))));
        assertFalse(contains(T6, v6, List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db9::7")))));
    }

    @Test
    void d05_orGroupsAreUnions() {
        List<Condition> webPorts = List.of(port(80), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)), port(443));
        assertTrue(contains(T4, webPorts, List.of(port(443), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)))));
        assertFalse(contains(T4, webPorts, List.of(ports(80, 443), Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)))));
        // a range covered only by two ranges together
        assertTrue(contains(T4, List.of(ports(0, 99), ports(100, 65535)), List.of(ports(50, 150))));
        assertTrue(contains(T4, List.of(ports(0, 99), ports(100, 65535)), List.of(c(Field.IP_LOCAL_PORT,
                MatchType.NOT_EQUAL, Value.uint16(7)))));
    }

    @Test
    void notEqualAndComparisons() {
        List<Condition> notSsh = List.of(c(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, Value.uint16(22)));
        assertTrue(contains(T4, notSsh, List.of(port(80))));
        assertFalse(contains(T4, notSsh, List.of(ports(20, 30))));
        assertFalse(overlaps(T4, notSsh, List.of(port(22))));
        assertTrue(contains(T4, List.of(c(Field.IP_LOCAL_PORT, MatchType.GREATER, Value.uint16(1023))),
                List.of(c(Field.IP_LOCAL_PORT, MatchType.GREATER_OR_EQUAL, Value.uint16(1024)))));
        // UINT64 is unsigned: 2^64-1 is greater than 2^63
        assertTrue(contains(T4, List.of(c(Field.IP_LOCAL_INTERFACE, MatchType.GREATER, Value.uint64(Long.MIN_VALUE))),
                List.of(Condition.equal(Field.IP_LOCAL_INTERFACE, Value.uint64(-1)))));
        assertFalse(overlaps(T4, List.of(c(Field.IP_LOCAL_INTERFACE, MatchType.LESS, Value.uint64(Long.MIN_VALUE))),
                List.of(Condition.equal(Field.IP_LOCAL_INTERFACE, Value.uint64(-1)))));
    }

    @Test
    void flagsTests() {
        List<Condition> anyOf3 = List.of(c(Field.FLAGS, MatchType.FLAGS_ANY_SET, Value.uint32(3)));
        List<Condition> all1 = List.of(c(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(1)));
        List<Condition> none1 = List.of(c(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(1)));
        assertTrue(contains(T4, anyOf3, all1));
        assertFalse(contains(T4, all1, anyOf3));
        assertFalse(overlaps(T4, none1, all1));
        assertTrue(overlaps(T4, none1, anyOf3));
    }

    @Test
    void d14_emptyValues() {
        List<Condition> noApp = List.of(Condition.equal(Field.ALE_APP_ID, Value.empty()));
        List<Condition> chrome = List.of(c(Field.ALE_APP_ID, MatchType.PREFIX, Value.blobOfString("chrome.exe")));
        assertFalse(overlaps(CONNECT, noApp, chrome));
        assertTrue(contains(CONNECT, noApp, noApp));
        // NOT_EQUAL does not match an EMPTY value (rule 35): the EMPTY packet is outside it
        assertFalse(overlaps(CONNECT, noApp, List.of(c(Field.ALE_APP_ID, MatchType.NOT_EQUAL, Value.blobOfString("x")))));
        assertFalse(contains(CONNECT, List.of(c(Field.IP_LOCAL_PORT, MatchType.NOT_EQUAL, Value.uint16(1))),
                List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.empty()))));
    }

    @Test
    void rule17_suffixTestsOnBlobsAndStrings() {
        List<Condition> chrome = List.of(c(Field.ALE_APP_ID, MatchType.PREFIX, Value.blobOfString("chrome.exe")));
        List<Condition> exact = List.of(Condition.equal(Field.ALE_APP_ID,
                Value.blobOfString("\\device\\harddiskvolume1\\program files\\chrome.exe")));
        assertTrue(contains(CONNECT, chrome, exact));
        assertFalse(contains(CONNECT, exact, chrome));
        assertTrue(overlaps(CONNECT, exact, chrome));
        List<Condition> example = List.of(c(Field.PEER_NAME, MatchType.PREFIX, Value.string(".example.com")));
        assertTrue(contains(CONNECT, example, List.of(Condition.equal(Field.PEER_NAME, Value.string("www.example.com")))));
        assertTrue(contains(CONNECT, example, List.of(c(Field.PEER_NAME, MatchType.PREFIX, Value.string("x.example.com")))));
        List<Condition> upper = List.of(c(Field.PEER_NAME, MatchType.EQUAL_CASE_INSENSITIVE, Value.string("WWW.EXAMPLE.COM")));
        assertTrue(overlaps(CONNECT, example, upper));
        assertFalse(contains(CONNECT, example, upper));
        List<Condition> notExample = List.of(c(Field.PEER_NAME, MatchType.NOT_PREFIX, Value.string(".com")));
        assertFalse(overlaps(CONNECT, example, notExample));
        assertTrue(contains(CONNECT, List.of(c(Field.PEER_NAME, MatchType.NOT_PREFIX, Value.string("example.com"))),
                notExample));
        assertTrue(overlaps(CONNECT, List.of(c(Field.PEER_NAME, MatchType.GREATER, Value.string("m"))), example));
        assertTrue(overlaps(CONNECT, List.of(c(Field.PEER_NAME, MatchType.LESS, Value.string("b"))), example));
        assertFalse(overlaps(CONNECT, List.of(c(Field.PEER_NAME, MatchType.LESS, Value.string(""))), example));
    }

    @Test
    void templateFieldNotInTheLayerSelectsNothing() {
        assertFalse(contains(Layer.INBOUND_IPPACKET_V4, List.of(), List.of(port(80))));
        assertFalse(overlaps(Layer.INBOUND_IPPACKET_V4, List.of(), List.of(port(80))));
    }

    // ---- exhaustive cross-check against brute force on two UINT8 fields (257 x 257 packets, EMPTY included) ----

    private static final Field A = Field.IP_PROTOCOL;
    private static final Field B = Field.IP_LOCAL_ADDRESS_TYPE;

    /** The condition's meaning, written out plainly; -1 is EMPTY. */
    private static boolean holds(Condition c, int v) {
        if (c.value() instanceof Value.Empty) {
            return v < 0;
        }
        if (v < 0) {
            return false;
        }
        if (c.value() instanceof Value.Range r) {
            return ((Value.UInt8) r.low()).value() <= v && v <= ((Value.UInt8) r.high()).value();
        }
        int x = ((Value.UInt8) c.value()).value();
        return switch (c.matchType()) {
            case EQUAL -> v == x;
            case GREATER -> v > x;
            case LESS -> v < x;
            case GREATER_OR_EQUAL -> v >= x;
            case LESS_OR_EQUAL -> v <= x;
            case NOT_EQUAL -> v != x;
            case FLAGS_ALL_SET -> (v & x) == x;
            case FLAGS_ANY_SET -> (v & x) != 0;
            case FLAGS_NONE_SET -> (v & x) == 0;
            default -> throw new AssertionError();
        };
    }

    private static boolean matches(List<Condition> cs, int a, int b) {
        boolean anyA = false;
        boolean hasA = false;
        boolean anyB = false;
        boolean hasB = false;
        for (Condition c : cs) {
            if (c.field() == A) {
                hasA = true;
                anyA |= holds(c, a);
            } else {
                hasB = true;
                anyB |= holds(c, b);
            }
        }
        return (!hasA || anyA) && (!hasB || anyB);
    }

    private static Condition random(Random r) {
        Field f = r.nextBoolean() ? A : B;
        MatchType[] types = {MatchType.EQUAL, MatchType.GREATER, MatchType.LESS, MatchType.GREATER_OR_EQUAL,
            MatchType.LESS_OR_EQUAL, MatchType.NOT_EQUAL, MatchType.FLAGS_ALL_SET, MatchType.FLAGS_ANY_SET,
            MatchType.FLAGS_NONE_SET, MatchType.RANGE};
        MatchType m = types[r.nextInt(types.length)];
        int x = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(16) * (r.nextBoolean() ? 1 : 16);
        if (m == MatchType.RANGE) {
            int y = Math.min(255, x + r.nextInt(64));
            return Condition.range(f, Value.uint8(x), Value.uint8(y));
        }
        if (m == MatchType.EQUAL && r.nextInt(10) == 0) {
            return Condition.equal(f, Value.empty());
        }
        return new Condition(f, m, Value.uint8(x));
    }

    @Test
    void numericSetsAgreeWithBruteForce() {
        Random r = new Random(7);
        Layer l = Layer.INBOUND_TRANSPORT_V4;
        for (int round = 0; round < 300; round++) {
            List<Condition> f = new ArrayList<>();
            List<Condition> t = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                f.add(random(r));
            }
            for (int i = r.nextInt(4); i > 0; i--) {
                t.add(random(r));
            }
            boolean contained = true;
            boolean overlap = false;
            for (int a = -1; a < 256; a++) {
                for (int b = -1; b < 256; b++) {
                    boolean inF = matches(f, a, b);
                    boolean inT = matches(t, a, b);
                    contained &= !inT || inF;
                    overlap |= inT && inF;
                }
            }
            assertEquals(contained, TemplateMatch.fullyContains(l, f, t), "contains f=" + f + " t=" + t);
            assertEquals(overlap, TemplateMatch.overlaps(l, f, t), "overlaps f=" + f + " t=" + t);
        }
    }
}
