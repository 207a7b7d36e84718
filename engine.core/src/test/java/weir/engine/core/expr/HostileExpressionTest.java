package weir.engine.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.Layer;

/**
 * Expressions written to hurt: deep nesting, control characters, huge tokens. Each is one clear line with its
 * column, never a StackOverflowError, never the whole token echoed.
 */
class HostileExpressionTest {
    private static final Layer IN4 = Layer.INBOUND_TRANSPORT_V4;

    private static ExpressionException refused(String text) {
        return assertThrows(ExpressionException.class, () -> ConditionParser.parse(IN4, text));
    }

    @Test
    void sixThousandParenthesesAreRefusedAtTheFirstOneTooDeep() {
        String text = "(".repeat(6000) + "protocol == tcp" + ")".repeat(6000);
        ExpressionException e = refused(text);
        assertEquals(ExprParser.MAX_DEPTH + 1, e.column());
        assertTrue(e.detail().startsWith("more than 64 nested parentheses and 'not's"), e.detail());
        // the shell's case: 5,000 "((" without anything else
        assertEquals(ExprParser.MAX_DEPTH + 1, refused("((".repeat(5000)).column());
    }

    @Test
    void deepNotChainsAreRefusedToo() {
        ExpressionException e = refused("not ".repeat(10_000) + "protocol == tcp");
        assertEquals(4 * ExprParser.MAX_DEPTH + 1, e.column());
        assertTrue(e.detail().contains("nested"), e.detail());
    }

    @Test
    void nestingUpToTheLimitStillReads() {
        int d = ExprParser.MAX_DEPTH;
        String text = "(".repeat(d) + "protocol == tcp" + ")".repeat(d);
        assertEquals(ConditionParser.parse(IN4, "protocol == tcp"), ConditionParser.parse(IN4, text));
        String nots = "not not ".repeat(d / 2) + "local.port == 22";
        assertEquals(ConditionParser.parse(IN4, "local.port == 22"), ConditionParser.parse(IN4, nots));
    }

    @Test
    void controlCharactersAreRefusedWithTheirColumn() {
        ExpressionException nul = refused("protocol == tcp\0");
        assertEquals(16, nul.column());
        assertEquals("control character U+0000: an expression is printable text; remove it", nul.detail());
        assertEquals(3, refused("pr\u0007otocol == tcp").column());
        assertEquals(14, refused("app == 'a.exe\u001b'").column(), "inside a string too");
        assertEquals(9, refused("protocol\u000b== tcp").column(), "a control character that Java counts as white space");
        assertEquals(1, refused("\u0085protocol == tcp").column(), "C1 controls");
        // tab, line feed and carriage return are white space
        assertEquals(ConditionParser.parse(IN4, "protocol == tcp and local.port == 22"),
                ConditionParser.parse(IN4, "protocol\t==\ttcp\r\nand local.port == 22\n"));
    }

    @Test
    void aHugeTokenIsEchoedShort() {
        String big = "9".repeat(100_000);
        for (String text : List.of("local.port == " + big, "local.port == '" + big + "'", big + " == 1",
                "protocol " + "x".repeat(100_000) + " tcp", "app == 0x" + "f".repeat(100_001),
                "remote.addr == 1.2.3.4/" + big, "protocol == " + "tcp|".repeat(30_000) + "udp")) {
            ExpressionException e = refused(text);
            assertTrue(e.getMessage().length() < 400, e.getMessage().length() + ": " + e.getMessage().substring(0, Math.min(200, e.getMessage().length())));
            assertFalse(e.getMessage().contains("9".repeat(Echo.MAX + 1)), e.getMessage());
        }
        ExpressionException e = refused("local.port == " + big);
        assertTrue(e.detail().contains("... (100000 characters)"), e.detail());
    }

    @Test
    void aDottedTextThatIsNoIpv4AddressIsRefusedWithoutAskingTheNameService() {
        // the JDK would look 999.1.1.1 up as a host name: a DNS query from reading a policy
        for (String text : List.of("remote.addr == 999.1.1.1", "remote.addr == 1.2.3.256/8", "remote.addr in 1.2.3.4..300.1.1.1",
                "remote.addr == 10.0.0.0/255.0.0.999")) {
            ExpressionException e = refused(text);
            assertTrue(e.detail().contains("is not an IPv4 address: write four numbers 0..255"), e.detail());
        }
        assertEquals(ConditionParser.parse(IN4, "remote.addr == 10.0.0.0/8"),
                ConditionParser.parse(IN4, "remote.addr == 10.0.0.0/255.0.0.0"));
        assertEquals(1, ConditionParser.parse(IN4, "remote.addr == 255.255.255.255").size());
    }

    @Test
    void echoKeepsShortTextAndEscapesControls() {
        assertEquals("tcp", Echo.of("tcp"));
        assertEquals("a\\u0000b", Echo.of("a\0b"));
        String cut = Echo.of("x".repeat(500));
        assertTrue(cut.length() <= Echo.MAX + 30, cut);
        assertTrue(cut.endsWith("... (500 characters)"), cut);
        assertEquals(1000, Echo.line("y".repeat(5000)).length());
        assertEquals("one\\u000Aline", Echo.line("one\nline"));
    }

    @Test
    void anExpressionOfManyTestsIsNotLimited() {
        // length is not nesting: a long flat expression reads
        StringBuilder b = new StringBuilder("local.port in 1");
        for (int i = 2; i < 3000; i++) {
            b.append(',').append(i);
        }
        List<Condition> c = ConditionParser.parse(IN4, b.toString());
        assertEquals(2999, c.size());
        StringBuilder or = new StringBuilder("local.port == 1");
        for (int i = 2; i < 3000; i++) {
            or.append(" or local.port == ").append(i);
        }
        assertEquals(2999, ConditionParser.parse(IN4, or.toString()).size());
    }
}
