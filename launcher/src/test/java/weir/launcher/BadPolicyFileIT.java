package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Bad input", at start: {@code weir.jar --policy} with hostile files exits 2 with FILE:LINE:COL lines
 * (never 1, never a stack trace, never an engine left dead), and a UTF-8 byte-order mark is fine.
 */
class BadPolicyFileIT {
    @TempDir
    Path dir;

    private Weir.Result start(String name, byte[] content) throws Exception {
        Files.write(dir.resolve(name), content);
        return Weir.run(dir, "--policy", name, "-c", "wfp:filters --no-format");
    }

    private static void assertRefused(Weir.Result r, Path file, String firstError) {
        assertEquals(2, r.exit(), r.toString());
        List<String> err = r.errLines();
        assertEquals(firstError, err.get(0), r.toString());
        assertTrue(err.get(err.size() - 1).startsWith("weir: policy " + file + ": "), r.toString());
        for (String line : err) {
            assertFalse(line.contains("Exception") || line.contains("Error:") || line.startsWith("\tat "), r.toString());
            assertTrue(line.length() < 400, line);
        }
    }

    @Test
    void sixThousandParenthesesInWhenExitTwoAtTheirColumn() throws Exception {
        String text = "{\"filters\": [{\"name\": \"f\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"BLOCK\",\n"
                + " \"when\": \"" + "(".repeat(6000) + "protocol == tcp" + ")".repeat(6000) + "\"}]}";
        Path file = dir.resolve("deep.json");
        assertRefused(start("deep.json", text.getBytes(StandardCharsets.UTF_8)), file, file + ":2:" + (11 + 64)
                + ": more than 64 nested parentheses and 'not's: WFP conditions are flat (an AND of per-field OR "
                + "groups); remove the extra nesting");
    }

    @Test
    void aSublayerWithoutANameExitsTwoNotOne() throws Exception {
        String text = "{\"sublayers\": [{\"weight\": 5}],\n \"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", "
                + "\"sublayer\": \"x\", \"action\": \"BLOCK\"}]}";
        Path file = dir.resolve("nameless.json");
        assertRefused(start("nameless.json", text.getBytes(StandardCharsets.UTF_8)), file,
                file + ":1:16: a sublayer needs \"name\" (e.g. \"my object\")");
    }

    @Test
    void otherEncodingsExitTwoAndAByteOrderMarkIsFine() throws Exception {
        Path utf16 = dir.resolve("utf16.json");
        assertRefused(start("utf16.json", "\uFEFF{}".getBytes(StandardCharsets.UTF_16LE)), utf16,
                utf16 + ":1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        Path latin1 = dir.resolve("latin1.json");
        assertRefused(start("latin1.json", "{\n \"x\u00e9\": 1}".getBytes(StandardCharsets.ISO_8859_1)), latin1,
                latin1 + ":2:4: byte 0xE9 is not UTF-8: save the file as UTF-8 (a policy file is UTF-8 text)");

        byte[] body = ("{\"filters\": [{\"name\": \"f\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"BLOCK\", "
                + "\"when\": \"local.port == 23\"}]}").getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[body.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bom, 3, body.length);
        Weir.Result ok = start("bom.json", bom);
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("\tlocal.port == 23\t"), ok.toString());
    }

    @Test
    void anEmptyWhenExitsTwo() throws Exception {
        String text = "{\"filters\": [{\"name\": \"f\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"BLOCK\", \"when\": \" \"}]}";
        Path file = dir.resolve("empty.json");
        assertRefused(start("empty.json", text.getBytes(StandardCharsets.UTF_8)), file, file + ":1:88: \"when\" is "
                + "empty: it would match every packet; write the conditions, or leave \"when\" out to match every packet");
    }
}
