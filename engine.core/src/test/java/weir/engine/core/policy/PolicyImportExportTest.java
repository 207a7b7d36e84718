package weir.engine.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.api.Weight;
import weir.engine.core.expr.ConditionParser;

/** Import and export against the real engine: all or nothing, positions of engine errors, round trips. */
class PolicyImportExportTest {
    private final RealEngine a = new RealEngine();
    private final RealEngine b = new RealEngine();
    private final EngineSession sa = a.open();
    private final EngineSession sb = b.open();

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static Policy example() throws IOException {
        return PolicyFile.parse("example.json", PolicyFileTest.documentedExample());
    }

    @Test
    void theDocumentedExampleImportsAndClassifies() throws IOException {
        PolicyImporter.Result r = PolicyImporter.apply(sa, example());
        assertEquals(7, r.filters().size());
        assertEquals(7, sa.filters().size());
        assertEquals(3, sa.subLayers().size(), "two of the file's and the built-in one");
        Filter telnet = sa.filters().stream().filter(f -> f.name().equals("no telnet")).findFirst().orElseThrow();

        // the imported filters are live: a TCP packet to port 23 is blocked by "no telnet"
        Layer l = Layer.INBOUND_TRANSPORT_V4;
        IncomingValues v = a.classifier.newIncomingValues(l)
                .set(Field.IP_PROTOCOL, Value.uint8(6))
                .set(Field.IP_LOCAL_ADDRESS, Value.address("192.0.2.1"))
                .set(Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.9"))
                .set(Field.IP_LOCAL_PORT, Value.uint16(23))
                .set(Field.IP_REMOTE_PORT, Value.uint16(40000));
        Verdict out = a.classifier.newVerdict();
        a.classifier.classify(l, v, a.classifier.newMetadata(), null, out);
        assertEquals(ActionType.BLOCK, out.action());
        assertEquals(telnet.filterId(), out.filterId());
    }

    @Test
    void exportImportsBackToTheSameState() throws IOException {
        PolicyImporter.apply(sa, example());
        roundTrip();
    }

    @Test
    void exportOfObjectsTheLanguageCannotPrintInOrderImportsBackToTheSameState() {
        Provider p1 = sa.addProvider(new Provider(UUID.randomUUID(), new DisplayData("corp", "with data"), true, false,
                new byte[] {1, 2, 3}, "corpsvc"));
        Provider p2 = sa.addProvider(Provider.of(UUID.randomUUID(), "twin"));
        sa.addProvider(Provider.of(UUID.randomUUID(), "twin"));
        SubLayer persistent = sa.addSubLayer(new SubLayer(UUID.randomUUID(), DisplayData.of("persistent"), true,
                p1.providerKey(), new byte[] {9}, 100));
        SubLayer twin = sa.addSubLayer(SubLayer.of(UUID.randomUUID(), "twin", 5).withProvider(p2.providerKey()));
        sa.addSubLayer(SubLayer.of(UUID.randomUUID(), "twin", 6));
        SubLayer guidNamed = sa.addSubLayer(SubLayer.of(UUID.randomUUID(), "11111111-2222-3333-4444-555555555555", 7));
        CalloutObject c4 = sa.addCallout(CalloutObject.of(UUID.randomUUID(), "inspect", Layer.INBOUND_TRANSPORT_V4));
        CalloutObject c6 = sa.addCallout(CalloutObject.of(UUID.randomUUID(), "decide", Layer.ALE_AUTH_CONNECT_V6));

        // conditions out of schema order: exported as a "conditions" list to keep the order
        sa.addFilter(Filter.of("ssh", Layer.INBOUND_TRANSPORT_V4, FilterAction.permit())
                .withKey(UUID.randomUUID())
                .withSubLayer(persistent.subLayerKey()).withProvider(p1.providerKey(), new byte[] {4, 5})
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
                        Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)))
                .withWeight(Weight.exact(0xF000_0000_0000_0001L))
                .withFlags(FilterFlag.PERSISTENT, FilterFlag.CLEAR_ACTION_RIGHT)
                .withRawContext(-1L));
        sa.addFilter(Filter.of("decide web", Layer.ALE_AUTH_CONNECT_V6, FilterAction.calloutTerminating(c6.calloutKey()))
                .withConditions(ConditionParser.parse(Layer.ALE_AUTH_CONNECT_V6,
                        "app endswith \"\\device\\x.exe\" and remote.addr == 2001:db8::/32 and remote.port in 80,443"))
                .withWeight(Weight.range(3))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED));
        sa.addFilter(Filter.of("ssh", Layer.INBOUND_TRANSPORT_V4, FilterAction.calloutInspection(c4.calloutKey()))
                .withSubLayer(twin.subLayerKey())
                .withConditions(ConditionParser.parse(Layer.INBOUND_TRANSPORT_V4,
                        "flags has any IS_LOOPBACK|IS_FRAGMENT and (remote.port < 10 or remote.port > 20)")));
        sa.addFilter(Filter.of("oddities", Layer.ALE_AUTH_CONNECT_V4, FilterAction.block())
                .withSubLayer(guidNamed.subLayerKey())
                .withConditions(Condition.equal(Field.ALE_APP_ID, Value.blob(new byte[] {0, 1, (byte) 0xff})),
                        new Condition(Field.PEER_NAME, MatchType.EQUAL_CASE_INSENSITIVE, Value.string("Example.COM")),
                        Condition.range(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.1"), Value.address("10.0.0.9")),
                        new Condition(Field.IP_REMOTE_ADDRESS, MatchType.GREATER, Value.address("192.0.2.0"))));
        String text = roundTrip();
        assertTrue(text.contains("\"conditions\""), "the out-of-order filter keeps its list");
        assertTrue(text.contains("\"when\": \"app endswith"), text);
        assertTrue(text.contains("\"sublayer\": \"" + twin.subLayerKey() + "\""), "a duplicate name is referred to by key");
        assertTrue(text.contains("\"sublayer\": \"" + guidNamed.subLayerKey() + "\""), "a GUID-like name by key");
        assertTrue(text.contains("\"sublayer\": \"persistent\""), "a unique name by name");
    }

    /** Exports {@code a}, imports the text into the fresh {@code b}: same state, and the same export again. */
    private String roundTrip() {
        String text = PolicyExporter.export(sa);
        PolicyImporter.apply(sb, PolicyFile.parse("export.json", text));
        assertEquals(RealEngine.State.of(sa), RealEngine.State.of(sb), text);
        assertEquals(text, PolicyExporter.export(sb));
        return text;
    }

    @Test
    void aFileWhoseThirdFilterFailsLeavesTheEngineUnchanged() {
        sa.addFilter(Filter.of("already here", Layer.STREAM_V4, FilterAction.permit()));
        RealEngine.State before = RealEngine.State.of(sa);
        String missing = "0badc0de-0000-4000-8000-000000000000";
        String t = "{\n"
                + "  \"sublayers\": [{\"name\": \"s\", \"weight\": 9}],\n"
                + "  \"filters\": [\n"
                + "    {\"name\": \"one\", \"layer\": \"STREAM_V4\", \"sublayer\": \"s\", \"action\": \"PERMIT\"},\n"
                + "    {\"name\": \"two\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\", \"when\": \"local.port == 1\"},\n"
                + "    {\"name\": \"three\", \"layer\": \"STREAM_V4\", \"sublayer\": \"" + missing + "\", \"action\": \"BLOCK\"},\n"
                + "    {\"name\": \"four\", \"layer\": \"STREAM_V4\", \"action\": \"BLOCK\"}\n"
                + "  ]\n}\n";
        Policy p = PolicyFile.parse("p.json", t);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyImporter.apply(sa, p));
        assertEquals(1, e.errors().size());
        int col = t.split("\n")[5].indexOf("\"" + missing) + 1;
        assertTrue(e.getMessage().startsWith("p.json:6:" + col + ": SUBLAYER_NOT_FOUND: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(before, RealEngine.State.of(sa));
        assertFalse(sa.inTransaction());
    }

    @Test
    void engineErrorsNameFileLineAndColumnOfTheObject() throws IOException {
        Policy example = example();
        PolicyImporter.apply(sa, example);
        RealEngine.State before = RealEngine.State.of(sa);
        // the same keys again: the first object, the provider, already exists
        PolicyException again = assertThrows(PolicyException.class, () -> PolicyImporter.apply(sa, example));
        Loc providerKey = example.providers().get(0).at("key");
        assertTrue(again.getMessage().startsWith("example.json:" + providerKey + ": ALREADY_EXISTS: "), again.getMessage());
        assertEquals(before, RealEngine.State.of(sa));

        // a persistent filter in a sublayer that is not: WFP's lifetime rule, said at the filter
        String t = "{\"sublayers\": [{\"name\": \"s\"}],\n"
                + " \"filters\": [{\"name\": \"p\", \"layer\": \"STREAM_V4\", \"sublayer\": \"s\", \"action\": \"PERMIT\", \"persistent\": true}]}";
        PolicyException life = assertThrows(PolicyException.class, () -> PolicyImporter.apply(sb, PolicyFile.parse("l.json", t)));
        int col = t.split("\n")[1].indexOf("{\"name\": \"p\"") + 1;
        assertTrue(life.getMessage().startsWith("l.json:2:" + col + ": LIFETIME_MISMATCH: "), life.getMessage());
        assertEquals(1, sb.subLayers().size(), "only the built-in sublayer: the file's was rolled back");
    }

    @Test
    void importNeedsATransactionOfItsOwn() throws IOException {
        Policy example = example();
        sa.beginTransaction(false);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyImporter.apply(sa, example));
        assertEquals(List.of(new PolicyError("example.json", new Loc(1, 1), "a transaction is open in this session: "
                + "commit or abort it first (an import is a transaction of its own)")), e.errors());
        assertTrue(sa.inTransaction(), "the caller's transaction is left alone");
        sa.abort();
    }

    @Test
    void writesAFileThatReadsBack(@TempDir Path dir) throws IOException {
        PolicyImporter.apply(sa, example());
        Path f = dir.resolve("out.json");
        PolicyExporter.write(sa, f);
        PolicyImporter.apply(sb, PolicyFile.read(f));
        assertEquals(RealEngine.State.of(sa), RealEngine.State.of(sb));
    }

    @Test
    void anEmptyEngineExportsAnEmptyPolicy() {
        String text = PolicyExporter.export(sa);
        assertEquals("{\n  \"version\": 1,\n  \"providers\": [],\n  \"sublayers\": [],\n  \"callouts\": [],\n  \"filters\": []\n}\n",
                text);
        assertEquals(0, PolicyFile.parse("e.json", text).size());
    }
}
