package weir.engine.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import weir.engine.api.Condition;
import weir.engine.api.Layer;

/**
 * Jazzer fuzz target for the expression language (README, "Fuzzing"). Input: byte 0 picks the layer, the rest
 * is the expression (UTF-8). The invariant, for any text at any layer: it parses, and what {@link ConditionPrinter} prints of the conditions parses back to the same
 * conditions; or it is refused with an {@link ExpressionException}: one line, a column inside the text (or
 * just after it), never another exception (a StackOverflowError included).
 *
 * <p>Seeds and every input that ever failed: {@code src/test/resources/weir/engine/core/expr/
 * ExpressionFuzzTestInputs/expressionReadsBackOrIsRefusedInOneLine/}. {@code mvn verify} runs them (regression)
 * and then fuzzes for a bounded time (the {@code fuzz-*} executions of this module's pom).
 */
@Tag("expressions")
class ExpressionFuzzTest {
    private static final Layer[] LAYERS = Layer.values();

    /** The language's words, so that mutations make expressions rather than noise. */
    @DictionaryEntries({" and ", " or ", "not ", "!", "&&", "||", "==", "!=", "<=", ">=", " in ", "..", ",", "|", " has ",
        " has any ", " has none ", " ieq ", " endswith ", " not endswith ", "protocol", "tcp", "udp", "icmpv6",
        "local.port", "remote.port", "local.addr", "remote.addr", "src.addr", "dst.addr", "icmp.type", "icmp.code",
        "flags", "IS_LOOPBACK", "IS_FRAGMENT", "app", "direction", "inbound", "empty", "true", "false",
        "10.0.0.0/8", "255.255.255.255", "2001:db8::/32", "::ffff:1.2.3.4", "0x", "\"", "'", "IP_LOCAL_PORT",
        "local.addr.type", "unicast", "embedded.protocol", "if.index", "18446744073709551615", "65535", "-1"})
    @FuzzTest(maxDuration = "30s")
    void expressionReadsBackOrIsRefusedInOneLine(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Layer layer = LAYERS[(input[0] & 0xFF) % LAYERS.length];
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        List<Condition> conditions;
        try {
            conditions = ConditionParser.parse(layer, text);
        } catch (ExpressionException e) {
            assertOneLine(e, text);
            return;
        }
        String printed = ConditionPrinter.print(layer, conditions);
        List<Condition> again;
        try {
            again = ConditionParser.parse(layer, printed);
        } catch (ExpressionException e) {
            throw new AssertionError("'" + text + "' at " + layer + " prints as '" + printed
                    + "', which does not parse: " + e.getMessage(), e);
        }
        assertEquals(ConditionPrinter.canonical(layer, conditions), again,
                () -> "'" + text + "' at " + layer + " prints as '" + printed + "'");
    }

    static void assertOneLine(ExpressionException e, String text) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), () -> "more than one line: " + m);
        assertTrue(m.length() <= Echo.LINE + 20, () -> "too long: " + m.length());
        assertTrue(e.column() >= 1 && e.column() <= text.length() + 1,
                () -> "column " + e.column() + " outside a text of " + text.length() + ": " + m);
        for (int i = 0; i < m.length(); i++) {
            assertFalse(Character.isISOControl(m.charAt(i)), () -> "a control character in: " + m);
        }
    }
}
