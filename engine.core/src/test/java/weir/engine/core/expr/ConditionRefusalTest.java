package weir.engine.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import weir.engine.api.Layer;

/** Every refusal, with the column it points at and the reason it gives. */
class ConditionRefusalTest {
    private static final Layer IN4 = Layer.INBOUND_TRANSPORT_V4;
    private static final Layer CONNECT4 = Layer.ALE_AUTH_CONNECT_V4;
    private static final Layer CONNECT6 = Layer.ALE_AUTH_CONNECT_V6;

    static Stream<Arguments> refusals() {
        return Stream.of(
                // what WFP conditions cannot express
                Arguments.of(IN4, "local.port == 22 or remote.port == 22", 18,
                        "'or' joins tests of different fields (local.port, remote.port): WFP ORs only conditions on the same field; split it into several filters"),
                Arguments.of(IN4, "protocol == tcp and (local.port == 22 || remote.port == 22)", 39, "'or' joins tests of different fields"),
                Arguments.of(IN4, "not (local.port == 1 or local.port == 2)", 1, "'not' over a group of tests cannot be expressed"),
                Arguments.of(IN4, "!(local.port == 1 and protocol == tcp)", 1, "'not' over a group of tests cannot be expressed"),
                Arguments.of(IN4, "not local.port in 1,2", 1, "would be an AND of != tests of one field"),
                Arguments.of(IN4, "local.port == 1 or local.port == 2 and protocol == tcp", 17,
                        "'or' joins a group of tests joined by 'and'"),
                Arguments.of(IN4, "(local.port == 2 and protocol == tcp) or local.port == 1", 39,
                        "'or' joins a group of tests joined by 'and'"),
                Arguments.of(IN4, "local.port >= 1024 and local.port <= 2000", 24,
                        "local.port is tested again here (first at col 1), joined by 'and': WFP ORs all conditions on one field (D5)"),
                Arguments.of(IN4, "true", 1, "'true' is not a WFP condition: leave the expression empty to match everything"),
                Arguments.of(IN4, "local.port == 1 and false", 21, "'false' cannot be expressed"),
                Arguments.of(IN4, "not true", 1, "'false' cannot be expressed"),
                Arguments.of(IN4, "local.port == 1 ? protocol == tcp : protocol == udp", 17, "(a ? b : c) cannot be expressed"),
                Arguments.of(IN4, "not remote.addr == 10.0.0.0/8", 1,
                        "'not' cannot negate a prefix: WFP has no \"not in prefix\" match; for \"not in 10.0.0.0/8\" write remote.addr < 10.0.0.0 or remote.addr > 10.255.255.255"),
                Arguments.of(CONNECT6, "not app ieq \"x\"", 9, "'ieq' compares UNICODE_STRING fields only"),
                Arguments.of(CONNECT4, "not PEER_NAME ieq \"x\"", 1, "'not' cannot invert 'ieq'"),
                // fields
                Arguments.of(IN4, "protocol == tcp and remote.prot == 80", 21,
                        "unknown field 'remote.prot' at INBOUND_TRANSPORT_V4 (did you mean remote.port?)"),
                Arguments.of(IN4, "src.addr == 192.0.2.1", 1,
                        "src.addr (IP_SOURCE_ADDRESS) is not a field of INBOUND_TRANSPORT_V4; its fields are: protocol, local.addr, remote.addr, local.addr.type, local.port, remote.port,"),
                Arguments.of(IN4, "DIRECTION == inbound", 1, "DIRECTION is not a field of INBOUND_TRANSPORT_V4; its fields are: protocol,"),
                Arguments.of(IN4, "bogus == 1", 1, "unknown field 'bogus' at INBOUND_TRANSPORT_V4; its fields are: protocol,"),
                Arguments.of(Layer.STREAM_V4, "icmp.type == 8", 1, "icmp.type (ICMP_TYPE) is not a field of STREAM_V4"),
                // bad values, per type
                Arguments.of(IN4, "protocol == tcpp", 13, "'tcpp' is not a value of protocol: write a number 0..255 or a protocol name (icmp, igmp, tcp, udp, gre, esp, ah, icmpv6, sctp) (did you mean tcp?)"),
                Arguments.of(IN4, "local.port == http", 15, "'http' is not a value of local.port: write a number 0..65535"),
                Arguments.of(IN4, "if.index == 1.5", 13, "'1.5' is not a value of if.index: write a number 0..4294967295"),
                Arguments.of(IN4, "local.if == x", 13, "'x' is not a value of local.if: write a number 0..18446744073709551615"),
                Arguments.of(IN4, "flags has IS_LOOPBAK", 11, "'IS_LOOPBAK' is not a value of flags: write a number 0..4294967295 or a flag name"),
                Arguments.of(IN4, "protocol == tcp|udp", 13, "'tcp|udp': '|' combines bits; protocol takes one protocol"),
                Arguments.of(IN4, "local.port == \"80\"", 15, "\"80\" is a string but local.port is UINT16 (0..65535): write it without quotes"),
                Arguments.of(IN4, "remote.addr == 10.0.0.256", 16, "'10.0.0.256' is not an IPv4 address: write four numbers 0..255"),
                Arguments.of(IN4, "remote.addr == 10", 16, "'10' is not a value of remote.addr: write an IPv4 address"),
                Arguments.of(IN4, "remote.addr == 2001:db8::1", 16,
                        "'2001:db8::1' is an IPv6 address but remote.addr is an IPv4 address (UINT32) at INBOUND_TRANSPORT_V4: use the _V6 layer for IPv6"),
                Arguments.of(CONNECT6, "remote.addr == 192.0.2.1", 16, "remote.addr is an IPv6 address (BYTE_ARRAY16) at ALE_AUTH_CONNECT_V6"),
                Arguments.of(CONNECT4, "app == svchost.exe", 8, "'svchost.exe' is not a value of app (BYTE_BLOB): write a quoted string"),
                Arguments.of(CONNECT4, "app == 0x123", 8, "'0x123' has an odd number of hex digits"),
                Arguments.of(CONNECT4, "PEER_NAME == example", 14, "'example' is not a value of PEER_NAME (UNICODE_STRING): put the text in quotes"),
                // out of range
                Arguments.of(IN4, "protocol == 256", 13, "256 is out of range: protocol is UINT8 (0..255)"),
                Arguments.of(IN4, "remote.port == 70000", 16, "70000 is out of range: remote.port is UINT16 (0..65535)"),
                Arguments.of(IN4, "remote.port in 1..65536", 19, "65536 is out of range: remote.port is UINT16 (0..65535)"),
                Arguments.of(IN4, "if.index == 4294967296", 13, "4294967296 is out of range: if.index is UINT32 (0..4294967295)"),
                Arguments.of(IN4, "local.if == 18446744073709551616", 13, "is out of range: local.if is UINT64 (0..18446744073709551615)"),
                Arguments.of(IN4, "local.port == -1", 15, "-1 is out of range: local.port is UINT16"),
                Arguments.of(IN4, "remote.addr == 10.0.0.0/33", 16, "an IPv4 prefix length is 0..32"),
                // match type against field type
                Arguments.of(CONNECT4, "app ieq \"x\"", 5, "'ieq' compares UNICODE_STRING fields only; app is BYTE_BLOB"),
                Arguments.of(IN4, "local.port endswith 1", 12, "'endswith' tests the end of strings and blobs only; local.port is UINT16"),
                Arguments.of(CONNECT4, "app has 0x01", 5, "'has' tests bits of unsigned integer fields; app is BYTE_BLOB"),
                Arguments.of(IN4, "remote.addr != 10.0.0.0/8", 13,
                        "'!=' cannot take a prefix: WFP matches an address mask only with EQUAL (== or in); for \"not in 10.0.0.0/8\" write remote.addr < 10.0.0.0 or remote.addr > 10.255.255.255"),
                Arguments.of(IN4, "remote.addr in 10.0.0.0/8..11.0.0.0", 16, "'in lo..hi' cannot take a prefix"),
                Arguments.of(IN4, "local.addr != empty", 12, "'!=' cannot compare with empty"),
                Arguments.of(IN4, "remote.port in 100..10", 16, "the range 100..10 is empty: its low end is above its high end"),
                // syntax
                Arguments.of(CONNECT4, "app == \"svchost.exe", 8, "unterminated string: add the closing \""),
                Arguments.of(IN4, "remote.port == 80 443", 19, "unexpected '443' after a complete test: join tests with 'and'"),
                Arguments.of(IN4, "remote.port == 80)", 18, "unexpected ')' after a complete test"),
                Arguments.of(IN4, "(remote.port == 80", 19, "expected ')' to close the '(' at col 1, found the end"),
                Arguments.of(IN4, "remote.port", 12, "expected an operator after remote.port"),
                Arguments.of(IN4, "remote.port 80", 13, "'80' is not an operator; after remote.port write one of =="),
                Arguments.of(IN4, "remote.port ==", 15, "expected a value for remote.port after '==', found the end"),
                Arguments.of(IN4, "remote.port == 80 and", 22, "expected a test (field operator value) at the end"),
                Arguments.of(IN4, "remote.port == 80 # comment", 19, "unexpected character '#'"),
                Arguments.of(IN4, "remote.port == 80 & protocol == tcp", 19, "unexpected '&': join tests with 'and' or '&&'"),
                Arguments.of(IN4, "flags has IS_LOOPBACK|", 23, "expected a flag name or number after '|', found the end"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refused(Layer layer, String text, int col, String reason) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ConditionParser.parse(layer, text));
        assertEquals(col, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("col " + col + ": "), e.getMessage());
        assertTrue(e.detail().contains(reason), () -> "expected '" + reason + "' in: " + e.detail());
    }

    @Test
    void messagesAreOneLine() {
        refusals().forEach(a -> {
            Object[] x = a.get();
            ExpressionException e = assertThrows(ExpressionException.class,
                    () -> ConditionParser.parse((Layer) x[0], (String) x[1]));
            assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
        });
    }
}
