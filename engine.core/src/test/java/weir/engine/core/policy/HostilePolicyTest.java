package weir.engine.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.EngineSession;
import weir.engine.core.expr.Echo;

/**
 * Policy files written to hurt (issue 11, "Bad input"): every one yields FILE:LINE:COL errors in Weir's words,
 * short, one line each; never another exception, never a library's internals.
 */
class HostilePolicyTest {

    private static List<String> errors(String text) {
        return errors(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> errors(byte[] bytes) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFile.parse("p.json", bytes));
        List<String> lines = e.errors().stream().map(PolicyError::toString).toList();
        for (String l : lines) {
            assertTrue(l.matches("p\\.json:\\d+:\\d+: .+"), l);
            assertTrue(l.length() < 600, "too long: " + l.length());
            for (String internal : List.of("StreamReadConstraints", "REDACTED", "`", "Jackson", "jackson", "Exception",
                    "Feature", "\n")) {
                assertFalse(l.contains(internal), internal + " in: " + l);
            }
        }
        return lines;
    }

    private static String filter(String when) {
        return "{\n  \"filters\": [\n    {\"name\": \"f\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"BLOCK\",\n"
                + "     \"when\": \"" + when + "\"}\n  ]\n}\n";
    }

    @Test
    void whenNestingSixThousandParenthesesIsAnErrorInsideTheString() {
        String text = filter("(".repeat(6000) + "protocol == tcp" + ")".repeat(6000));
        List<String> e = errors(text);
        // line 4 is `     "when": "(((...`: the string's content starts at col 15; the 65th '(' is too deep
        assertEquals(List.of("p.json:4:" + (15 + 64) + ": more than 64 nested parentheses and 'not's: WFP conditions "
                + "are flat (an AND of per-field OR groups); remove the extra nesting"), e);
    }

    @Test
    void jsonNestedSixThousandDeepIsAnError() {
        List<String> e = errors("{\"filters\": " + "[".repeat(6000) + "]".repeat(6000) + "}");
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("p.json:1:" + (12 + Json.MAX_DEPTH) + ": lists and objects nested more than 32 deep"),
                e.get(0));
        List<String> objects = errors("{\"a\":".repeat(5000) + "}".repeat(5000));
        assertTrue(objects.get(0).contains("nested more than 32 deep"), objects.get(0));
    }

    @Test
    void aSublayerWithoutANameIsAnErrorNotANullPointer() {
        String text = "{\n  \"sublayers\": [ {\"weight\": 5}, {\"key\": \"9d0b6a3e-7c41-4f0a-8b9e-2a6c5d4e3f02\"} ],\n"
                + "  \"filters\": [ {\"name\": \"f\", \"layer\": \"STREAM_V4\", \"sublayer\": \"lan\", \"action\": \"BLOCK\"} ]\n}\n";
        assertEquals(List.of(
                "p.json:2:18: a sublayer needs \"name\" (e.g. \"my object\")",
                "p.json:2:33: a sublayer needs \"name\" (e.g. \"my object\")",
                "p.json:3:64: no sublayer named 'lan' in this file (name a sublayer outside the file by its key)"),
                errors(text));
        // the same for providers and callouts named by a filter, a sublayer or a callout
        String more = "{\"providers\": [{}], \"callouts\": [{\"key\": \"b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03\", "
                + "\"layer\": \"STREAM_V4\"}],\n \"sublayers\": [{\"name\": \"s\", \"provider\": \"p\"}],\n"
                + " \"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"provider\": \"p\", "
                + "\"action\": {\"type\": \"CALLOUT_TERMINATING\", \"callout\": \"c\"}}]}";
        List<String> e = errors(more);
        assertEquals(5, e.size(), e.toString());
    }

    @Test
    void everyOptionalMemberMayBeLeftOutOfEveryObject() {
        // the smallest objects: each optional member absent, and each object referring to nameless ones
        String text = "{\"providers\": [{\"name\": \"p\"}], \"sublayers\": [{\"name\": \"s\"}],"
                + " \"callouts\": [{\"key\": \"b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03\", \"name\": \"c\", \"layer\": \"STREAM_V4\"}],"
                + " \"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"},"
                + " {\"name\": \"g\", \"layer\": \"STREAM_V4\", \"action\": {\"type\": \"CALLOUT_INSPECTION\", \"callout\": \"c\"}}]}";
        Policy p = PolicyFile.parse("p.json", text.getBytes(StandardCharsets.UTF_8));
        try (RealEngine r = new RealEngine(); EngineSession s = r.open()) {
            PolicyImporter.Result res = PolicyImporter.apply(s, p);
            assertEquals(2, res.filters().size());
        }
        // and with no member at all, each object says what it needs and nothing throws
        List<String> e = errors("{\"providers\": [{}], \"sublayers\": [{}], \"callouts\": [{}], \"filters\": [{}, "
                + "{\"action\": {}}, {\"weight\": {}}, {\"conditions\": [{}, {\"value\": {}}]}]}");
        assertTrue(e.size() >= 8, e.toString());
    }

    @Test
    void d19_zeroKeysInAFileAreAssignedAndAreNoDuplicates() {
        String zero = "00000000-0000-0000-0000-000000000000";
        String text = "{\"providers\": [{\"key\": \"" + zero + "\", \"name\": \"p1\"}, {\"key\": \"" + zero + "\", \"name\": \"p2\"}],"
                + " \"sublayers\": [{\"key\": \"" + zero + "\", \"name\": \"s1\", \"provider\": \"p2\"}, {\"key\": \"{" + zero + "}\", \"name\": \"s2\"}],"
                + " \"filters\": [{\"key\": \"" + zero + "\", \"name\": \"f1\", \"layer\": \"STREAM_V4\", \"sublayer\": \"s1\", \"action\": \"BLOCK\"},"
                + " {\"key\": \"" + zero + "\", \"name\": \"f2\", \"layer\": \"STREAM_V4\", \"sublayer\": \"" + zero + "\", "
                + "\"provider\": \"" + zero + "\", \"action\": \"BLOCK\"}]}";
        Policy p = PolicyFile.parse("p.json", text.getBytes(StandardCharsets.UTF_8));
        try (RealEngine r = new RealEngine(); EngineSession s = r.open()) {
            PolicyImporter.Result res = PolicyImporter.apply(s, p);
            assertEquals(2, res.providers().size());
            assertFalse(res.providers().get(0).providerKey().equals(res.providers().get(1).providerKey()));
            assertEquals(res.providers().get(1).providerKey(), res.subLayers().get(0).providerKey());
            assertEquals(res.subLayers().get(0).subLayerKey(), res.filters().get(0).subLayerKey());
            assertEquals(weir.engine.api.Layer.SUBLAYER_UNIVERSAL, res.filters().get(1).subLayerKey(), "the default");
            assertEquals(null, res.filters().get(1).providerKey(), "no provider");
            assertFalse(res.filters().get(0).filterKey().equals(res.filters().get(1).filterKey()));
        }
        // a callout object's key is what links it to its code: the zero GUID cannot
        List<String> e = errors("{\"callouts\": [{\"key\": \"" + zero + "\", \"name\": \"c\", \"layer\": \"STREAM_V4\"}]}");
        assertEquals(List.of("p.json:1:23: a callout object needs a key of its own, not the zero GUID: the key links it "
                + "to the callout code that registers with it"), e);
    }

    @Test
    void emptyAndBlankWhenAreRefused() {
        for (String when : List.of("", "   ", "\\t\\n")) {
            assertEquals(List.of("p.json:4:14: \"when\" is empty: it would match every packet; write the conditions, "
                    + "or leave \"when\" out to match every packet"), errors(filter(when)));
        }
    }

    @Test
    void controlCharactersInWhenAreErrorsAtTheirPlace() {
        // \u0000 as a JSON escape: the column is that of the escape in the file
        List<String> e = errors(filter("protocol == tcp\\u0000"));
        assertEquals(List.of("p.json:4:30: control character U+0000: an expression is printable text; remove it"), e);
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() {
        byte[] text = "{\"filters\": []}".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        assertEquals(0, PolicyFile.parse("p.json", bom).filters().size());
    }

    @Test
    void otherEncodingsAreRefusedWithThePositionOfTheFirstBadByte() {
        assertEquals(List.of("p.json:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"),
                errors("\uFEFF{\"filters\": []}".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(List.of("p.json:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"),
                errors("\uFEFF{\"filters\": []}".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(List.of("p.json:1:2: a NUL byte: the file is not UTF-8 text (UTF-16 or UTF-32?); save it as UTF-8"),
                errors("{\"filters\": []}".getBytes(StandardCharsets.UTF_16LE)));
        // Latin-1 'é' in a name on line 3: the column counts characters, as every other error does
        byte[] latin1 = "{\n  \"filters\": [\n    {\"name\": \"caf\u00e9\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("p.json:3:18: byte 0xE9 is not UTF-8: save the file as UTF-8 (a policy file is UTF-8 text)"),
                errors(latin1));
        // after multi-byte characters on the same line the column is still in characters
        byte[] mixed = "{\"name\": \"\u00fc\u00fc\", \"x\": \"\u00ff".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[mixed.length + 1];
        System.arraycopy(mixed, 0, bad, 0, mixed.length);
        bad[mixed.length] = (byte) 0xC3; // a truncated sequence at the end
        assertEquals(List.of("p.json:1:23: byte 0xC3 is not UTF-8: save the file as UTF-8 (a policy file is UTF-8 text)"),
                errors(bad));
    }

    @Test
    void jacksonsLimitsInWeirsWords() {
        String longString = "{\"filters\": [{\"name\": \"" + "n".repeat(Json.MAX_STRING + 1) + "\"}]}";
        List<String> s = errors(longString);
        assertEquals(1, s.size(), s.toString());
        assertTrue(s.get(0).startsWith("p.json:1:") && s.get(0).contains("a string longer than 1000000 characters"), s.get(0));
        List<String> n = errors("{\"version\": " + "1".repeat(500) + "}");
        assertEquals(List.of("p.json:1:13: a number longer than 100 digits: the largest a policy holds (UINT64) has 20"), n);
        List<String> nan = errors("{\"version\": NaN}");
        assertEquals(1, nan.size());
        assertTrue(nan.get(0).startsWith("p.json:1:16: JSON syntax: Non-standard token 'NaN'"), nan.get(0));
    }

    @Test
    void aHugeTokenIsEchoedShortEverywhere() {
        String big = "x".repeat(100_000);
        for (String text : List.of(
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"" + big + "\", \"action\": \"BLOCK\"}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"" + big + "\"}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"sublayer\": \"" + big + "\"}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"key\": \"" + big + "\"}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"flags\": [\"" + big + "\"]}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"when\": \"local.port == " + big + "\"}]}",
                "{\"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"conditions\": "
                        + "[{\"field\": \"" + big + "\", \"value\": 1}, {\"field\": \"IP_LOCAL_PORT\", \"match\": \"" + big
                        + "\", \"value\": 1}, {\"field\": \"IP_LOCAL_PORT\", \"value\": \"" + big + "\"}]}]}",
                "{\"" + big + "\": 1}",
                "{\"version\": " + big + "}")) {
            for (String e : errors(text)) {
                assertFalse(e.contains("x".repeat(Echo.MAX + 1)), e.substring(0, Math.min(200, e.length())));
            }
        }
    }

    @Test
    void anEngineRefusalRepeatsAHugeNameShort() {
        String text = "{\"filters\": [{\"key\": \"0e1d2c3b-4a59-4687-a5b4-c3d2e1f00a04\", \"name\": \"" + "n".repeat(100_000)
                + "\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\"}]}";
        Policy p = PolicyFile.parse("p.json", text.getBytes(StandardCharsets.UTF_8));
        try (RealEngine r = new RealEngine(); EngineSession s = r.open()) {
            PolicyImporter.apply(s, p);
            PolicyException e = assertThrows(PolicyException.class, () -> PolicyImporter.apply(s, p));
            String line = e.errors().get(0).toString();
            assertTrue(line.startsWith("p.json:1:22: ALREADY_EXISTS: filter 'nnnn"), line.substring(0, 100));
            assertTrue(line.length() < 300, line.length() + ": " + line.substring(0, 200));
        }
    }

    @Test
    void aFileTooLargeIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}), PolicyFile.MAX_BYTES);
        }
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFile.read(f));
        assertEquals(f + ":1:1: the file has " + (PolicyFile.MAX_BYTES + 1L) + " bytes; a policy file has at most "
                + PolicyFile.MAX_BYTES + " (is it the right file?)", e.errors().get(0).toString());
        Files.delete(f);
    }
}
