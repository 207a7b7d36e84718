package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** {@code --policy FILE} at start, and the what-if classifier against the policy it loaded. */
class PolicyIT {
    static final String POLICY = """
            {
              "providers": [ { "name": "corp" } ],
              "sublayers": [ { "name": "lan", "weight": 65535, "provider": "corp" } ],
              "filters": [
                { "name": "from lan", "layer": "INBOUND_TRANSPORT_V4", "sublayer": "lan",
                  "when": "remote.addr == 10.0.0.0/8", "action": "PERMIT", "flags": ["CLEAR_ACTION_RIGHT"] },
                { "name": "no telnet", "layer": "INBOUND_TRANSPORT_V4", "weight": 10,
                  "when": "protocol == tcp and local.port == 23", "action": "BLOCK" }
              ]
            }
            """;
    static final String BAD = """
            {
              "filters": [
                { "name": "a", "layer": "INBOUND_TRANSPORT_V5", "action": "PERMIT" },
                { "name": "b", "layer": "INBOUND_TRANSPORT_V4",
                  "when": "remote.prot == 1", "action": "PERMIT" },
                { "name": "c", "layer": "DATAGRAM_DATA_V4",
                  "conditions": [ { "field": "IP_REMOTE_PORT", "value": 70000 } ], "action": "PERMIT" }
              ]
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aGoodFileIsImportedAtStartAndSaysSo() throws Exception {
        Path file = write("policy.json", POLICY);
        Weir.Result r = Weir.run(dir, "--policy", "policy.json", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        List<String> out = r.out().strip().lines().toList();
        // standard output carries only what was asked for; the import's line is a message, on standard error
        assertEquals(List.of("weir: policy " + file + ": 2 filters, 1 sublayer, 1 provider, 0 callouts imported"),
                r.errLines());
        assertEquals(2, out.size(), r.toString());
        assertTrue(out.get(0).startsWith("1\tfrom lan\tINBOUND_TRANSPORT_V4\tlan\t"), r.toString());
        assertTrue(out.get(1).startsWith("2\tno telnet\tINBOUND_TRANSPORT_V4\tFWPM_SUBLAYER_UNIVERSAL\t10\t"),
                r.toString());
    }

    @Test
    void aBadFileListsEveryErrorAppliesNothingAndExitsTwo() throws Exception {
        Path file = write("bad.json", BAD);
        Weir.Result r = Weir.run(dir, "--policy", "bad.json", "-c", "wfp:filters");
        assertEquals(2, r.exit(), r.toString());
        List<String> err = r.errLines();
        assertEquals(List.of(
                file + ":3:29: unknown layer 'INBOUND_TRANSPORT_V5' (did you mean INBOUND_TRANSPORT_V4?)",
                file + ":5:16: unknown field 'remote.prot' at INBOUND_TRANSPORT_V4 (did you mean remote.port?)",
                file + ":7:61: 70000 is out of range: IP_REMOTE_PORT is UINT16 (0..65535)",
                "weir: policy " + file + ": 3 errors; nothing was imported"), err);
        assertFalse(r.out().contains("ID"), "the command did not run: " + r);
    }

    @Test
    void aBadFileEndsAnInteractiveStartTooWithExitTwo() throws Exception {
        write("bad.json", BAD);
        try (Weir weir = Weir.start(dir, "--policy", "bad.json")) {
            Weir.Result r = weir.awaitExit(Weir.EXIT); // standard input stays open: the bad file alone ends Weir
            assertEquals(2, r.exit(), r.toString());
            assertEquals(4, r.errLines().size(), r.toString());
        }
    }

    @Test
    void theReadmesExampleImports() throws Exception {
        // failsafe runs in the launcher module; the README is the repository's
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```json\n", readme.indexOf("## Policy files")) + "```json\n".length();
        Path file = write("readme.json", readme.substring(start, readme.indexOf("```", start)));
        Weir.Result r = Weir.run(dir, "--policy", "readme.json", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("weir: policy " + file + ": 3 filters, 2 sublayers, 1 provider, 1 callout imported"),
                r.errLines());
    }

    @Test
    void classifyWhatIfAgainstThePolicy() throws Exception {
        write("policy.json", POLICY);
        try (Weir weir = Weir.start(dir, "--policy", "policy.json")) {
            Map<String, Object> blocked = json(weir.query("wfp:classify --json INBOUND_TRANSPORT_V4 protocol=tcp"
                    + " local.port=23 remote.addr=198.51.100.7"));
            assertEquals("BLOCK", blocked.get("action"));
            assertEquals(Boolean.TRUE, blocked.get("hard"));
            assertEquals(2L, blocked.get("filterId"));
            assertEquals("no telnet", blocked.get("filterName"));
            assertEquals(Boolean.FALSE, blocked.get("vetoed"));

            Map<String, Object> lan = json(weir.query("wfp:classify --json INBOUND_TRANSPORT_V4 protocol=tcp"
                    + " local.port=23 remote.addr=10.0.0.9"));
            assertEquals("PERMIT", lan.get("action"));
            assertEquals(Boolean.TRUE, lan.get("hard"));
            assertEquals("from lan", lan.get("filterName"));

            Map<String, Object> nothing = json(weir.query("wfp:classify --json INBOUND_TRANSPORT_V4 protocol=udp"
                    + " local.port=53 remote.addr=198.51.100.7"));
            assertEquals("PERMIT", nothing.get("action"));
            assertEquals(0L, nothing.get("filterId"));
            assertNull(nothing.get("filterName"));
            assertEquals("NO_MATCH", nothing.get("reason"));

            String trace = weir.query("wfp:classify --trace INBOUND_TRANSPORT_V4 protocol=tcp local.port=23"
                    + " remote.addr=10.0.0.9");
            assertTrue(trace.contains("sublayer 'lan' weight 65535"), trace);
            assertTrue(trace.contains("sublayer 'FWPM_SUBLAYER_UNIVERSAL' weight 32768"), trace);
            assertTrue(trace.indexOf("'lan'") < trace.indexOf("FWPM_SUBLAYER_UNIVERSAL"), "evaluation order: " + trace);
            assertTrue(trace.contains("no write right"), trace);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toAbsolutePath();
    }

    /** The one JSON object a --json command prints (its top-level members; nested ones are skipped). */
    static Map<String, Object> json(String text) throws Exception {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(text.strip())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), text);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (p.nextToken()) {
                    case VALUE_STRING -> out.put(name, p.getText());
                    case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
                    case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getBooleanValue());
                    case VALUE_NULL -> out.put(name, null);
                    default -> p.skipChildren();
                }
            }
            assertNull(p.nextToken(), "one JSON object: " + text);
        }
        return out;
    }
}
