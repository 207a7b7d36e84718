package weir.engine.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.core.expr.ConditionParser;

/** Policy files that read well: the documented example, and each form a member can take. */
class PolicyFileTest {
    private static final UUID PROVIDER = UUID.fromString("5f2c8a8e-3b1d-4c8e-9a51-0c7d2e6b1a01");
    private static final UUID LAN = UUID.fromString("9d0b6a3e-7c41-4f0a-8b9e-2a6c5d4e3f02");
    private static final UUID LOGGER = UUID.fromString("b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03");

    /** The first ```json block of POLICY.md: the documentation's example must stay valid. */
    static String documentedExample() throws IOException {
        String doc = Files.readString(Path.of("POLICY.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```json\n") + "```json\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static Filter filter(Policy p, String name) {
        return p.filters().stream().map(Policy.Entry::object).filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDocumentedExampleReads() throws IOException {
        Policy p = PolicyFile.parse("POLICY.md", documentedExample());
        assertEquals(1, p.providers().size());
        assertEquals(2, p.subLayers().size());
        assertEquals(1, p.callouts().size());
        assertEquals(7, p.filters().size());

        assertTrue(p.providers().get(0).object().persistent());
        SubLayer lan = p.subLayers().get(0).object();
        assertEquals(LAN, lan.subLayerKey());
        assertEquals(4096, lan.weight());
        assertEquals(PROVIDER, lan.providerKey());
        SubLayer monitoring = p.subLayers().get(1).object();
        assertNotNull(monitoring.subLayerKey(), "a keyless sublayer gets a key");
        CalloutObject logger = p.callouts().get(0).object();
        assertEquals(new CalloutObject(LOGGER, logger.displayData(), false, false, PROVIDER,
                Layer.ALE_FLOW_ESTABLISHED_V4, false, 0), logger);

        Filter ssh = filter(p, "ssh from lan");
        assertEquals(Layer.INBOUND_TRANSPORT_V4, ssh.layer());
        assertEquals(LAN, ssh.subLayerKey());
        assertEquals(PROVIDER, ssh.providerKey());
        assertEquals(Weight.range(10), ssh.weight());
        assertEquals(Set.of(FilterFlag.CLEAR_ACTION_RIGHT, FilterFlag.PERSISTENT), ssh.flags());
        assertEquals(ConditionParser.parse(Layer.INBOUND_TRANSPORT_V4,
                "protocol == tcp and local.port == 22 and remote.addr == 10.0.0.0/8"), ssh.conditions());

        Filter telnet = filter(p, "no telnet");
        assertEquals(LAN, telnet.subLayerKey(), "a sublayer named by key");
        assertEquals(Weight.exact(1000), telnet.weight());
        assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23))), telnet.conditions());
        assertEquals(ActionType.BLOCK, telnet.action().type());

        assertEquals(Weight.auto(), filter(p, "web out").weight());
        assertNull(filter(p, "web out").subLayerKey(), "no sublayer: the layer's default");

        Filter log = filter(p, "log new flows");
        assertEquals(monitoring.subLayerKey(), log.subLayerKey());
        assertEquals(ActionType.CALLOUT_INSPECTION, log.action().type());
        assertEquals(LOGGER, log.action().calloutKey());
        assertEquals(7L, log.rawContext());

        Filter dns = filter(p, "dns from the servers");
        assertEquals(List.of(Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.0/24")),
                Condition.range(Field.IP_REMOTE_PORT, Value.uint16(53), Value.uint16(53)),
                new Condition(Field.FLAGS, MatchType.FLAGS_NONE_SET, Value.uint32(0x21))), dns.conditions());
    }

    @Test
    void theDocumentedErrorsAreWhatWeirSays() throws IOException {
        String doc = Files.readString(Path.of("POLICY.md"), StandardCharsets.UTF_8);
        int section = doc.indexOf("## Errors");
        int fileStart = doc.indexOf("```\n", section) + 4;
        int fileEnd = doc.indexOf("```", fileStart);
        int saysStart = doc.indexOf("```\n", fileEnd + 3) + 4;
        int saysEnd = doc.indexOf("```", saysStart);
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> PolicyFile.parse("policy.json", doc.substring(fileStart, fileEnd)));
        assertEquals(doc.substring(saysStart, saysEnd).strip(), e.getMessage());
    }

    @Test
    void positionsOfObjectsAndMembersAreKept() {
        String t = "{\n  \"filters\": [\n    {\"name\": \"a\", \"layer\": \"STREAM_V4\", \"action\": \"PERMIT\"}\n  ]\n}\n";
        Policy.Entry<Filter> e = PolicyFile.parse("p.json", t).filters().get(0);
        assertEquals(new Loc(3, 5), e.loc());
        assertEquals(new Loc(3, 28), e.at("layer"));
        assertEquals(new Loc(3, 5), e.at("sublayer"), "absent member: the object's '{'");
    }

    @Test
    void conditionValueForms() {
        String t = """
                {"filters": [{"name": "v", "layer": "ALE_AUTH_CONNECT_V6", "action": "BLOCK", "conditions": [
                  {"field": "IP_LOCAL_ADDRESS", "value": null},
                  {"field": "IP_REMOTE_ADDRESS", "value": "2001:db8::/32"},
                  {"field": "IP_PROTOCOL", "value": "udp"},
                  {"field": "IP_REMOTE_PORT", "match": "range", "value": {"low": "0x400", "high": 65535}},
                  {"field": "FLAGS", "match": "FLAGS_ANY_SET", "value": "IS_LOOPBACK|0x20"},
                  {"field": "ALE_APP_ID", "match": "PREFIX", "value": "svchost.exe"},
                  {"field": "ALE_APP_ID", "value": "0x00ff"},
                  {"field": "PEER_NAME", "match": "EQUAL_CASE_INSENSITIVE", "value": "Example.COM"}
                ]}]}
                """;
        Filter f = PolicyFile.parse("p.json", t).filters().get(0).object();
        assertEquals(List.of(Condition.equal(Field.IP_LOCAL_ADDRESS, Value.empty()),
                Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("2001:db8::/32")),
                Condition.equal(Field.IP_PROTOCOL, Value.uint8(17)),
                Condition.range(Field.IP_REMOTE_PORT, Value.uint16(1024), Value.uint16(65535)),
                new Condition(Field.FLAGS, MatchType.FLAGS_ANY_SET, Value.uint32(0x21)),
                new Condition(Field.ALE_APP_ID, MatchType.PREFIX, Value.blobOfString("svchost.exe")),
                Condition.equal(Field.ALE_APP_ID, Value.blob(new byte[] {0, (byte) 0xff})),
                new Condition(Field.PEER_NAME, MatchType.EQUAL_CASE_INSENSITIVE, Value.string("Example.COM"))),
                f.conditions());
    }

    @Test
    void referencesByKeyMayPointOutsideTheFile() {
        UUID elsewhere = UUID.fromString("11111111-2222-3333-4444-555555555555");
        String t = "{\"filters\": [{\"name\": \"a\", \"layer\": \"STREAM_V4\", \"sublayer\": \"{" + elsewhere + "}\","
                + " \"provider\": \"" + elsewhere + "\", \"action\": {\"type\": \"CALLOUT_TERMINATING\", \"callout\": \""
                + elsewhere + "\"}, \"flags\": [\"permit_if_callout_unregistered\"]}]}";
        Filter f = PolicyFile.parse("p.json", t).filters().get(0).object();
        assertEquals(elsewhere, f.subLayerKey());
        assertEquals(elsewhere, f.providerKey());
        assertEquals(elsewhere, f.action().calloutKey());
        assertEquals(Set.of(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED), f.flags());
    }

    @Test
    void keylessObjectsGetFreshKeysAndNamesMayPointForward() {
        String t = """
                {
                  "filters": [{"name": "f", "layer": "STREAM_V4", "sublayer": "s2", "action": "PERMIT", "weight": "auto"}],
                  "sublayers": [{"name": "s1", "provider": "p"}, {"name": "s2", "weight": 7}],
                  "providers": [{"name": "p", "serviceName": "svc", "data": "0x0102"}],
                }
                """;
        Policy p = PolicyFile.parse("p.json", t);
        UUID s1 = p.subLayers().get(0).object().subLayerKey();
        UUID s2 = p.subLayers().get(1).object().subLayerKey();
        assertNotEquals(s1, s2);
        assertEquals(s2, p.filters().get(0).object().subLayerKey());
        assertEquals(p.providers().get(0).object().providerKey(), p.subLayers().get(0).object().providerKey());
        assertEquals("svc", p.providers().get(0).object().serviceName());
        assertEquals(2, p.providers().get(0).object().providerData().length);
        assertNull(p.filters().get(0).object().filterKey(), "a keyless filter is keyed by the engine");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("policy.json");
        Files.writeString(f, documentedExample());
        assertEquals(11, PolicyFile.read(f).size());
        Files.writeString(f, "{\"filters\": [{\"name\": \"a\", \"layer\": \"NOPE\", \"action\": \"PERMIT\"}]}");
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class, () -> PolicyFile.read(f));
        assertEquals(List.of(new PolicyError(f.toString(), new Loc(1, 37), "unknown layer 'NOPE'; layers are WFP's names "
                + "without FWPM_LAYER_, e.g. INBOUND_TRANSPORT_V4, ALE_AUTH_CONNECT_V6 (wfp:layers lists them)")), e.errors());
    }
}
