package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;

/** wfp:policy-import and wfp:policy-export inside Felix, with real files. */
@ExtendWith(ServiceExtension.class)
class PolicyCommandsIT {
    static final String GOOD = """
            {
              "providers": [ { "key": "5f2c8a8e-3b1d-4c8e-9a51-0c7d2e6b1a01", "name": "corp" } ],
              "sublayers": [ { "name": "lan", "weight": 4096, "provider": "corp" } ],
              "filters": [
                { "name": "ssh from lan", "layer": "INBOUND_TRANSPORT_V4", "sublayer": "lan",
                  "weight": { "range": 10 }, "when": "protocol == tcp and local.port == 22", "action": "PERMIT" },
                { "name": "no telnet", "layer": "INBOUND_TRANSPORT_V4", "weight": 1000,
                  "conditions": [ { "field": "IP_LOCAL_PORT", "value": 23 } ], "action": "BLOCK" }
              ]
            }
            """;
    static final String BAD = """
            {
              "sublayers": [ { "name": "lan", "weight": 4096 } ],
              "filters": [
                { "name": "a", "layer": "INBOUND_TRANSPORT_V5", "action": "PERMIT" },
                { "name": "b", "layer": "INBOUND_TRANSPORT_V4", "sublayer": "lna",
                  "when": "remote.prot == 1", "action": "PERMIT" }
              ]
            }
            """;

    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    @TempDir
    Path dir;
    private Gogo gogo;

    @BeforeEach
    void open() {
        gogo = new Gogo(processor);
        gogo.session().currentDir(dir);
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void importAddsEveryObjectAndSaysWhat() throws Exception {
        Files.writeString(dir.resolve("good.json"), GOOD, StandardCharsets.UTF_8);
        assertEquals("policy good.json: 2 filters, 1 sublayer, 1 provider imported",
                gogo.print("wfp:policy-import good.json"));
        assertEquals(List.of("ssh from lan", "no telnet"), filterNames());
        assertTrue(gogo.print("wfp:filters --no-format").contains("\tlan\trange:10\t"));
    }

    @Test
    void aBadFileReportsEveryErrorWithItsPlaceAndAppliesNothing() throws Exception {
        Files.writeString(dir.resolve("bad.json"), BAD, StandardCharsets.UTF_8);
        String e = gogo.fails("wfp:policy-import bad.json");
        assertEquals("wfp:policy-import: policy bad.json: 3 errors, nothing imported", e);
        List<String> errors = gogo.takeErr().lines().toList();
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("bad.json:4:29: unknown layer 'INBOUND_TRANSPORT_V5'"), errors.get(0));
        for (String line : errors) {
            assertTrue(line.matches("bad\\.json:\\d+:\\d+: .+"), line);
        }
        assertEquals(List.of(), filterNames());
        assertEquals(1, gogo.print("wfp:sublayers --no-format").lines().count(), "only the built-in sublayer");
    }

    @Test
    void anEngineRefusalAbortsTheWholeImport() throws Exception {
        Files.writeString(dir.resolve("good.json"), GOOD, StandardCharsets.UTF_8);
        gogo.run("wfp:policy-import good.json");
        CleanEngineKeepingProvider.deleteFiltersAndSubLayers(engine);
        String e = gogo.fails("wfp:policy-import good.json");
        assertEquals("wfp:policy-import: policy good.json: 1 error, nothing imported", e);
        String err = gogo.takeErr();
        assertTrue(err.matches("good\\.json:2:\\d+: ALREADY_EXISTS: provider .*\\R"), err);
        assertEquals(List.of(), filterNames());
    }

    @Test
    void exportWritesAFileThatImportsBackToTheSameState() throws Exception {
        Files.writeString(dir.resolve("good.json"), GOOD, StandardCharsets.UTF_8);
        gogo.run("wfp:policy-import good.json");
        gogo.run("wfp:filter-add --layer ALE_AUTH_CONNECT_V4 --action BLOCK --flags CLEAR_ACTION_RIGHT --name odd"
                + " 'app endswith \"svchost.exe\" and remote.port != 53'");
        List<Filter> before = filters();
        assertEquals("policy out.json: 3 filters, 1 sublayer, 1 provider exported",
                gogo.print("wfp:policy-export out.json"));
        CleanEngine.clean(engine);
        assertEquals("policy out.json: 3 filters, 1 sublayer, 1 provider imported",
                gogo.print("wfp:policy-import " + dir.resolve("out.json")).replace(dir + "/", ""));
        List<Filter> after = filters();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            Filter a = before.get(i);
            Filter b = after.get(i);
            assertEquals(a.withIds(b.filterKey(), b.subLayerKey(), b.filterId(), b.effectiveWeight()), b);
            assertEquals(a.filterKey(), b.filterKey(), "the export carries the keys");
        }
    }

    @Test
    void dashAndShowPrintTheWholeRulesetWhichImportsBackWhole() throws Exception {
        Files.writeString(dir.resolve("good.json"), GOOD, StandardCharsets.UTF_8);
        gogo.run("wfp:policy-import good.json");
        List<Filter> before = filters();
        String dash = gogo.print("wfp:policy-export -");
        assertFalse(Files.exists(dir.resolve("-")), "- is standard output, never a file of that name");
        assertEquals(dash, gogo.print("wfp:show"), "wfp:show prints the same");
        assertEquals(dash, gogo.print("wfp:show --no-format"), "the policy file is already for scripts");
        assertTrue(dash.startsWith("{") && dash.contains("\"ssh from lan\"") && dash.contains("\"lan\""), dash);
        CleanEngine.clean(engine);
        Files.writeString(dir.resolve("shown.json"), dash, StandardCharsets.UTF_8);
        assertEquals("policy shown.json: 2 filters, 1 sublayer, 1 provider imported",
                gogo.print("wfp:policy-import shown.json"));
        List<Filter> after = filters();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            Filter a = before.get(i);
            Filter b = after.get(i);
            assertEquals(a.withIds(b.filterKey(), b.subLayerKey(), b.filterId(), b.effectiveWeight()), b);
            assertEquals(a.filterKey(), b.filterKey(), "the same filter, with its key");
        }
        assertEquals(dash, gogo.print("wfp:show"), "and it shows the same again");
    }

    @Test
    void anImportIsATransactionOfItsOwn() throws Exception {
        Files.writeString(dir.resolve("good.json"), GOOD, StandardCharsets.UTF_8);
        gogo.run("wfp:txn-begin");
        gogo.fails("wfp:policy-import good.json");
        assertTrue(gogo.takeErr().contains("a transaction is open in this session: commit or abort it first"));
        gogo.run("wfp:txn-abort");
        assertEquals("wfp:policy-import: policy missing.json: cannot read it: no such file ("
                + dir.resolve("missing.json") + ")", gogo.fails("wfp:policy-import missing.json"));
    }

    private List<String> filterNames() {
        List<String> names = new ArrayList<>();
        for (Filter f : filters()) {
            names.add(f.name());
        }
        return names;
    }

    private List<Filter> filters() {
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            return s.filters();
        }
    }

    /** Leaves the provider of GOOD in the engine, so importing GOOD again meets a key that is taken. */
    static final class CleanEngineKeepingProvider {
        static void deleteFiltersAndSubLayers(FilterEngine engine) {
            try (EngineSession s = engine.open(SessionOptions.named("cleanup"))) {
                for (Filter f : s.filters()) {
                    s.deleteFilter(f.filterKey());
                }
                for (SubLayer sl : s.subLayers()) {
                    if (!Layer.SUBLAYER_UNIVERSAL.equals(sl.subLayerKey())) {
                        s.deleteSubLayer(sl.subLayerKey());
                    }
                }
            }
        }
    }
}
