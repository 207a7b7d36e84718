package weir.engine.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/** Printing conditions back: the canonical form, and parse(print(c)) == canonical(c) for everything. */
class ConditionPrinterTest {
    private static final Layer IN4 = Layer.INBOUND_TRANSPORT_V4;

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiterString = " ;; ", value = {
        "INBOUND_TRANSPORT_V4 ;; local.port == 22 and protocol == tcp ;; protocol == tcp and local.port == 22",
        "INBOUND_TRANSPORT_V4 ;; remote.port == 80 or remote.port == 443 ;; remote.port in 80,443",
        "INBOUND_TRANSPORT_V4 ;; local.port in 1024 .. 65535 ;; local.port in 1024..65535",
        "INBOUND_TRANSPORT_V4 ;; remote.addr == 10.0.0.0/8 && protocol == 17 ;; protocol == udp and remote.addr == 10.0.0.0/8",
        "INBOUND_TRANSPORT_V4 ;; flags has is_loopback|0x20 ;; flags has IS_LOOPBACK|IS_FRAGMENT",
        "INBOUND_TRANSPORT_V4 ;; not flags has any IS_LOOPBACK ;; flags has none IS_LOOPBACK",
        "INBOUND_TRANSPORT_V4 ;; remote.port > 20 or remote.port < 10 ;; remote.port > 20 or remote.port < 10",
        "INBOUND_TRANSPORT_V4 ;; protocol == tcp and (remote.port > 20 or remote.port < 10) ;; protocol == tcp and (remote.port > 20 or remote.port < 10)",
        "INBOUND_TRANSPORT_V4 ;; remote.port == 1 or remote.port > 9 or remote.port == 3 or remote.port == 4 ;; remote.port == 1 or remote.port > 9 or remote.port in 3,4",
        "INBOUND_TRANSPORT_V4 ;; IP_LOCAL_PORT == 0x16 ;; local.port == 22",
        "INBOUND_TRANSPORT_V4 ;; icmp.type == 8 ;; local.port == 8",
        "INBOUND_TRANSPORT_V6 ;; icmp.code == 0 and protocol == icmpv6 and icmp.type in 128,129 ;; protocol == icmpv6 and icmp.type in 128,129 and icmp.code == 0",
        "ALE_AUTH_CONNECT_V4 ;; protocol == icmp and local.port == 8 ;; icmp.type == 8 and protocol == icmp",
        "INBOUND_TRANSPORT_V4 ;; protocol in icmp,tcp and local.port == 8 ;; protocol in icmp,tcp and local.port == 8",
        "INBOUND_TRANSPORT_V4 ;; COMPARTMENT_ID == 1 ;; COMPARTMENT_ID == 1",
        "INBOUND_TRANSPORT_V4 ;; local.addr == empty ;; local.addr == empty",
        "INBOUND_ICMP_ERROR_V4 ;; icmp.code == 4 and icmp.type == 3 ;; icmp.type == 3 and icmp.code == 4",
        "STREAM_V6 ;; direction == inbound and remote.addr == 2001:DB8:0::/32 ;; remote.addr == 2001:db8::/32 and direction == inbound",
        "ALE_AUTH_CONNECT_V4 ;; app endswith 'svchost.exe' ;; app endswith \"svchost.exe\"",
        "ALE_AUTH_CONNECT_V4 ;; app == '\\device\\x.exe' ;; app == \"\\device\\x.exe\"",
        "ALE_AUTH_CONNECT_V4 ;; app != 0x00ff ;; app != 0x00ff",
        "ALE_AUTH_CONNECT_V4 ;; PEER_NAME ieq \"Example.COM\" ;; PEER_NAME ieq \"Example.COM\"",
        "IPFORWARD_V4 ;; dst.addr in 192.0.2.0/24, 198.51.100.7 and src.addr == 10.1.2.3/8 ;; src.addr == 10.1.2.3/8 and dst.addr in 192.0.2.0/24,198.51.100.7",
        "INBOUND_TRANSPORT_V4 ;; '' ;; ''"})
    void printsTheCanonicalForm(Layer layer, String text, String printed) {
        String in = text == null ? "" : text;
        String out = printed == null ? "" : printed;
        List<Condition> c = ConditionParser.parse(layer, in);
        assertEquals(out, ConditionPrinter.print(layer, c));
        // and the printed form is a fixed point
        assertEquals(c, ConditionParser.parse(layer, out));
        assertEquals(out, ConditionPrinter.print(layer, ConditionParser.parse(layer, out)));
    }

    @Test
    void groupsFollowTheSchemaOrderAndKeepTheirOwnOrder() {
        List<Condition> c = List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(2)),
                Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(1)));
        assertEquals(List.of(c.get(1), c.get(0), c.get(2)), ConditionPrinter.canonical(IN4, c));
        assertEquals("protocol == tcp and local.port in 2,1", ConditionPrinter.print(IN4, c));
        assertEquals(ConditionPrinter.canonical(IN4, c), ConditionParser.parse(IN4, ConditionPrinter.print(IN4, c)));
    }

    @Test
    void everyConditionTheEngineCanHoldPrintsParseably() {
        Set<String> covered = new HashSet<>();
        int n = 0;
        for (Layer layer : Layer.values()) {
            for (Field f : layer.fields()) {
                for (Condition c : conditions(layer, f)) {
                    List<Condition> one = List.of(c);
                    String text = ConditionPrinter.print(layer, one);
                    assertEquals(one, ConditionParser.parse(layer, text), () -> layer + ": " + text);
                    covered.add(c.matchType() + "/" + (c.value() instanceof Value.Range r ? "RANGE(" + r.low().type() + ")" : c.value().type()));
                    n++;
                }
            }
        }
        assertTrue(n > 5000, "only " + n + " conditions");
        // every match type, and every data type the fields have (SIDs and tokens are NOT_SUPPORTED in conditions)
        for (MatchType m : MatchType.values()) {
            assertTrue(covered.stream().anyMatch(s -> s.startsWith(m + "/")), m.toString());
        }
        for (DataType t : EnumSet.of(DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64,
                DataType.BYTE_ARRAY16, DataType.BYTE_BLOB, DataType.UNICODE_STRING, DataType.V4_ADDR_MASK,
                DataType.V6_ADDR_MASK, DataType.EMPTY)) {
            assertTrue(covered.contains("EQUAL/" + t), t.toString());
        }
        for (DataType t : EnumSet.of(DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64,
                DataType.BYTE_ARRAY16, DataType.BYTE_BLOB, DataType.UNICODE_STRING)) {
            assertTrue(covered.contains("RANGE/RANGE(" + t + ")"), t.toString());
            assertTrue(covered.contains("NOT_EQUAL/" + t), t.toString());
        }
    }

    @Test
    void mixedListsRoundTripAsCanonical() {
        Random r = new Random(42);
        for (Layer layer : Layer.values()) {
            List<Condition> pool = new ArrayList<>();
            for (Field f : layer.fields()) {
                pool.addAll(conditions(layer, f));
            }
            for (int k = 0; k < 200; k++) {
                List<Condition> c = new ArrayList<>();
                int size = 1 + r.nextInt(6);
                for (int j = 0; j < size; j++) {
                    c.add(pool.get(r.nextInt(pool.size())));
                }
                String text = ConditionPrinter.print(layer, c);
                assertEquals(ConditionPrinter.canonical(layer, c), ConditionParser.parse(layer, text), () -> layer + ": " + text);
            }
        }
    }

    /** Every condition on {@code f} at {@code layer} that WFP's match rules allow, over sample values. */
    static List<Condition> conditions(Layer layer, Field f) {
        List<Value> values = samples(layer, f);
        List<Condition> out = new ArrayList<>();
        for (MatchType m : MatchType.values()) {
            List<Value> vs = m == MatchType.RANGE ? ranges(values) : values;
            for (Value v : vs) {
                if (MatchRules.check(layer, f, f.name(), m, m.name(), v) == null) {
                    out.add(new Condition(f, m, v));
                }
            }
        }
        return out;
    }

    private static List<Value> ranges(List<Value> values) {
        List<Value> out = new ArrayList<>();
        for (Value lo : values) {
            for (Value hi : values) {
                if (lo.type() == hi.type() && MatchRules.compare(lo, hi) <= 0) {
                    out.add(Value.range(lo, hi));
                }
            }
        }
        return out;
    }

    static List<Value> samples(Layer layer, Field f) {
        List<Value> v = new ArrayList<>(List.of(Value.empty()));
        switch (layer.typeOf(f)) {
            case UINT8 -> v.addAll(List.of(Value.uint8(0), Value.uint8(6), Value.uint8(58), Value.uint8(255)));
            case UINT16 -> v.addAll(List.of(Value.uint16(0), Value.uint16(22), Value.uint16(65535)));
            case UINT32 -> {
                if (f.isAddress()) {
                    v.addAll(List.of(Value.uint32(0), Value.address("192.0.2.7"), Value.address("255.255.255.255"),
                            new Value.V4AddrMask(0x0A010203, 0xFF000000), new Value.V4AddrMask(0, 0),
                            new Value.V4AddrMask(0x0A010203, -1), new Value.V4AddrMask(0x0A010203, 0xFF00FF00)));
                } else {
                    v.addAll(List.of(Value.uint32(0), Value.uint32(1), Value.uint32(0x21), Value.uint32(0x80000801L),
                            Value.uint32(0xFFFFFFFFL)));
                }
            }
            case UINT64 -> v.addAll(List.of(Value.uint64(0), Value.uint64(1), Value.uint64(Long.MIN_VALUE), Value.uint64(-1L)));
            case BYTE_ARRAY16 -> v.addAll(List.of(Value.address("::"), Value.address("2001:db8::1"),
                    Value.address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Value.address("::ffff:192.0.2.1"),
                    Value.address("2001:db8::1/0"), Value.address("2001:db8::/64"), Value.address("2001:db8::1/128")));
            case BYTE_BLOB -> v.addAll(List.of(Value.blob(new byte[0]), Value.blob(new byte[] {0, 1, 2, (byte) 0xff}),
                    Value.blobOfString("\\device\\harddiskvolume2\\x.exe"), Value.blobOfString("a\"b\\"),
                    Value.blob(new byte[] {0x41, 0, 0, 0}), Value.blob(new byte[] {0x41, 0, 0x42, 0})));
            case UNICODE_STRING -> v.addAll(List.of(Value.string(""), Value.string("Example.COM"),
                    Value.string("a \"q\" \\ b\\"), Value.string("\\device\\"), Value.string("'single'")));
            default -> {
                // SID and token fields: conditions on them are NOT_SUPPORTED by the engine
            }
        }
        return v;
    }
}
