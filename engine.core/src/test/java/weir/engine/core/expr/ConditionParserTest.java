package weir.engine.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.ConditionFlag;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/** Each operator and value form maps to exactly the WFP condition it names. */
class ConditionParserTest {
    private static final Layer IN4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer CONNECT6 = Layer.ALE_AUTH_CONNECT_V6;

    private static List<Condition> parse(Layer l, String s) {
        return ConditionParser.parse(l, s);
    }

    private static Condition c(Field f, MatchType m, Value v) {
        return new Condition(f, m, v);
    }

    @Test
    void emptyExpressionIsNoConditions() {
        assertEquals(List.of(), parse(IN4, ""));
        assertEquals(List.of(), parse(IN4, "   \t "));
    }

    @Test
    void comparisonOperators() {
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))), parse(IN4, "local.port == 22"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22))), parse(IN4, "local.port = 22"));
        assertEquals(List.of(c(Field.IP_REMOTE_PORT, MatchType.NOT_EQUAL, Value.uint16(53))), parse(IN4, "remote.port != 53"));
        assertEquals(List.of(c(Field.IP_REMOTE_PORT, MatchType.LESS, Value.uint16(1024))), parse(IN4, "remote.port < 1024"));
        assertEquals(List.of(c(Field.IP_REMOTE_PORT, MatchType.GREATER, Value.uint16(1023))), parse(IN4, "remote.port > 1023"));
        assertEquals(List.of(c(Field.IP_REMOTE_PORT, MatchType.LESS_OR_EQUAL, Value.uint16(9))), parse(IN4, "remote.port <= 9"));
        assertEquals(List.of(c(Field.IP_REMOTE_PORT, MatchType.GREATER_OR_EQUAL, Value.uint16(9))), parse(IN4, "remote.port >= 9"));
    }

    @Test
    void inListIsAnOrGroupOfEqualConditions() {
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(80)),
                Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(443))), parse(IN4, "remote.port in 80,443"));
        assertEquals(parse(IN4, "remote.port in 80, 443"), parse(IN4, "remote.port == 80 or remote.port == 443"));
        assertEquals(parse(IN4, "remote.port in 80,443"), parse(IN4, "remote.port == 80 || remote.port == 443"));
    }

    @Test
    void inRangeIsOneInclusiveRangeCondition() {
        assertEquals(List.of(Condition.range(Field.IP_LOCAL_PORT, Value.uint16(1024), Value.uint16(65535))),
                parse(IN4, "local.port in 1024..65535"));
        assertEquals(List.of(Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.1"), Value.address("10.0.0.9"))),
                parse(IN4, "remote.addr in 10.0.0.1..10.0.0.9"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
                Condition.range(Field.IP_LOCAL_PORT, Value.uint16(8000), Value.uint16(8080))),
                parse(IN4, "local.port in 22, 8000..8080"));
    }

    @Test
    void addressesAndPrefixes() {
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V4AddrMask(0x0A000000, 0xFF000000))),
                parse(IN4, "remote.addr == 10.0.0.0/8"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_ADDRESS, Value.uint32(0xC0000207L))),
                parse(IN4, "local.addr == 192.0.2.7"));
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, new Value.V4AddrMask(0x0A010203, 0xFF00FF00))),
                parse(IN4, "remote.addr == 10.1.2.3/255.0.255.0"));
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32"))),
                parse(CONNECT6, "remote.addr == 2001:db8::/32"));
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("::1"))),
                parse(CONNECT6, "remote.addr == ::1"));
        assertEquals(List.of(Condition.equal(Field.IP_SOURCE_ADDRESS, Value.address("192.0.2.1")),
                Condition.equal(Field.IP_DESTINATION_ADDRESS, Value.address("198.51.100.0/24"))),
                parse(Layer.IPFORWARD_V4, "dst.addr == 198.51.100.0/24 and src.addr == 192.0.2.1"));
    }

    @Test
    void flagTests() {
        int loop = ConditionFlag.IS_LOOPBACK.code();
        int frag = ConditionFlag.IS_FRAGMENT.code();
        assertEquals(List.of(c(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(loop))), parse(IN4, "flags has IS_LOOPBACK"));
        assertEquals(List.of(c(Field.FLAGS, MatchType.FLAGS_ALL_SET, Value.uint32(loop | frag))),
                parse(IN4, "flags has IS_LOOPBACK|IS_FRAGMENT"));
        assertEquals(parse(IN4, "flags has all is_loopback | 0x20"), parse(IN4, "flags has IS_LOOPBACK|IS_FRAGMENT"));
        assertEquals(List.of(c(Field.FLAGS, MatchType.FLAGS_ANY_SET, Value.uint32(loop | frag))),
                parse(IN4, "flags has any IS_LOOPBACK|IS_FRAGMENT"));
        assertEquals(List.of(c(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(loop))), parse(IN4, "flags has none IS_LOOPBACK"));
        assertEquals(List.of(Condition.equal(Field.FLAGS, Value.uint32(0x800 | loop))), parse(IN4, "flags == IS_LOOPBACK|0x800"));
        assertEquals(List.of(c(Field.INTERFACE_INDEX, MatchType.FLAGS_ANY_SET, Value.uint32(3))), parse(IN4, "if.index has any 0x3"));
    }

    @Test
    void stringAndBlobTests() {
        Layer l = Layer.ALE_AUTH_CONNECT_V4;
        assertEquals(List.of(c(Field.ALE_APP_ID, MatchType.PREFIX, Value.blobOfString("svchost.exe"))),
                parse(l, "app endswith \"svchost.exe\""));
        assertEquals(List.of(c(Field.ALE_APP_ID, MatchType.NOT_PREFIX, Value.blobOfString("svchost.exe"))),
                parse(l, "app not endswith 'svchost.exe'"));
        assertEquals(List.of(Condition.equal(Field.ALE_APP_ID, Value.blobOfString("\\device\\harddiskvolume2\\x.exe"))),
                parse(l, "app == \"\\device\\harddiskvolume2\\x.exe\""));
        assertEquals(List.of(Condition.equal(Field.ALE_APP_ID, Value.blob(new byte[] {1, 2, (byte) 0xff}))),
                parse(l, "app == 0x0102ff"));
        assertEquals(List.of(c(Field.PEER_NAME, MatchType.EQUAL_CASE_INSENSITIVE, Value.string("Example.COM"))),
                parse(l, "PEER_NAME ieq \"Example.COM\""));
        assertEquals(List.of(Condition.equal(Field.PEER_NAME, Value.string("a \"q\" \\ b"))),
                parse(l, "PEER_NAME == \"a \\\"q\\\" \\\\ b\""));
    }

    @Test
    void namedValues() {
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6))), parse(IN4, "protocol == tcp"));
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(17))), parse(IN4, "protocol == UDP"));
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(58))), parse(Layer.INBOUND_TRANSPORT_V6, "protocol == icmpv6"));
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(0x2f))), parse(IN4, "protocol == 0x2f"));
        assertEquals(List.of(Condition.equal(Field.DIRECTION, Value.uint32(1))), parse(Layer.STREAM_V4, "direction == inbound"));
        assertEquals(List.of(Condition.equal(Field.DIRECTION, Value.uint32(0))), parse(Layer.STREAM_V4, "direction == outbound"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_ADDRESS_TYPE, Value.uint8(3))), parse(IN4, "local.addr.type == multicast"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_ADDRESS, Value.empty())), parse(IN4, "local.addr == empty"));
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_INTERFACE, Value.uint64(-1L))),
                parse(IN4, "local.if == 18446744073709551615"));
    }

    @Test
    void fieldsByWfpNameAndIcmpAliases() {
        assertEquals(parse(IN4, "local.port == 22"), parse(IN4, "IP_LOCAL_PORT == 22"));
        assertEquals(parse(IN4, "local.port == 22"), parse(IN4, "ip_local_port == 22"));
        // at transport and ALE layers ICMP type and code travel in the port slots
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(8)), Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(0))),
                parse(IN4, "icmp.type == 8 and icmp.code == 0"));
        // the ICMP error layers have ICMP_TYPE/ICMP_CODE fields of their own
        assertEquals(List.of(Condition.equal(Field.ICMP_TYPE, Value.uint16(3))), parse(Layer.INBOUND_ICMP_ERROR_V4, "icmp.type == 3"));
        assertEquals(List.of(Condition.equal(Field.EMBEDDED_PROTOCOL, Value.uint8(17)),
                Condition.equal(Field.EMBEDDED_REMOTE_PORT, Value.uint16(53))),
                parse(Layer.INBOUND_ICMP_ERROR_V4, "embedded.remote.port == 53 && embedded.protocol == udp"));
    }

    @Test
    void andCombinesFieldsAndOutputIsInSchemaOrder() {
        List<Condition> expected = List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8")),
                Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)));
        assertEquals(expected, parse(IN4, "protocol == tcp and local.port == 22 and remote.addr == 10.0.0.0/8"));
        assertEquals(expected, parse(IN4, "local.port == 22 && remote.addr == 10.0.0.0/8 && protocol == tcp"));
        assertEquals(expected, parse(IN4, "(local.port == 22 and (remote.addr == 10.0.0.0/8)) and protocol == tcp"));
    }

    @Test
    void parenthesesAroundOneFieldsOrGroup() {
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(17)),
                c(Field.IP_REMOTE_PORT, MatchType.LESS, Value.uint16(10)),
                c(Field.IP_REMOTE_PORT, MatchType.GREATER, Value.uint16(20))),
                parse(IN4, "(remote.port < 10 or remote.port > 20) and protocol == udp"));
        assertEquals(parse(IN4, "remote.port in 1,2,3"), parse(IN4, "remote.port == 1 or (remote.port == 2 or remote.port == 3)"));
    }

    @Test
    void notInvertsOneTest() {
        assertEquals(parse(IN4, "remote.port != 80"), parse(IN4, "not remote.port == 80"));
        assertEquals(parse(IN4, "remote.port == 80"), parse(IN4, "!remote.port != 80"));
        assertEquals(parse(IN4, "remote.port >= 80"), parse(IN4, "not remote.port < 80"));
        assertEquals(parse(IN4, "remote.port <= 80"), parse(IN4, "not (remote.port > 80)"));
        assertEquals(parse(IN4, "remote.port < 1 or remote.port > 5"), parse(IN4, "not remote.port in 1..5"));
        assertEquals(parse(IN4, "flags has none IS_LOOPBACK"), parse(IN4, "not flags has any IS_LOOPBACK"));
        assertEquals(parse(IN4, "flags has none IS_LOOPBACK or flags has none IS_FRAGMENT"),
                parse(IN4, "not flags has IS_LOOPBACK|IS_FRAGMENT"));
        assertEquals(parse(IN4, "remote.port == 80"), parse(IN4, "not not remote.port == 80"));
        assertEquals(parse(Layer.ALE_AUTH_CONNECT_V4, "app not endswith \"x.exe\""),
                parse(Layer.ALE_AUTH_CONNECT_V4, "not app endswith \"x.exe\""));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(parse(IN4, "protocol == tcp and remote.port in 80,443"),
                parse(IN4, "protocol == tcp AND remote.port IN 80,443"));
    }
}
