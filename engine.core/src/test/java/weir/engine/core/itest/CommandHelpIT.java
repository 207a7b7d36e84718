package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.FilterEngine;

/** Every wfp: command answers --help; Gogo's own help finds the one-word ones; wfp:commands lists them all. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CommandHelpIT {
    static final List<String> COMMANDS = List.of("layers", "layer", "sublayers", "sublayer-add", "sublayer-delete",
            "providers", "filters", "filter", "filter-add", "filter-delete", "callouts", "callout-reset", "events",
            "stats", "engine", "txn-begin", "txn-commit", "txn-abort", "policy-import", "policy-export", "flows",
            "classify", "trace", "commands", "show", "version");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Gogo gogo;

    @BeforeEach
    void open() {
        gogo = new Gogo(processor);
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void theIssuesCommandsAreAllThereInScopeWfp() throws Exception {
        List<String> registered = new ArrayList<>();
        for (ServiceReference<Function> r : context.getServiceReferences(Function.class, "(osgi.command.scope=wfp)")) {
            registered.add((String) r.getProperty("osgi.command.function"));
        }
        for (String c : COMMANDS) {
            assertTrue(registered.contains(c), "wfp:" + c + " in " + registered);
        }
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() throws Exception {
        for (String c : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                String usage = gogo.print("wfp:" + c + " " + flag);
                assertTrue(usage.startsWith("wfp:" + c + " - "), usage);
                assertTrue(usage.contains("\nusage: wfp:" + c), usage);
                assertTrue(usage.contains("--help"), usage);
            }
        }
        String add = gogo.print("wfp:filter-add --help");
        for (String s : List.of("--layer LAYER", "--action ACTION", "--weight WEIGHT", "(default auto)", "EXPRESSION",
                "examples:")) {
            assertTrue(add.contains(s), s + " in\n" + add);
        }
        assertEquals(gogo.print("wfp:filter-add --help"), gogo.print("wfp:commands filter-add"));
    }

    @Test
    void everyCommandTakesNoFormat() throws Exception {
        for (String c : COMMANDS) {
            String usage = gogo.print("wfp:" + c + " --help");
            assertTrue(usage.contains("--no-format"), usage);
        }
        String sublayer = gogo.print("wfp:sublayer-add --no-format --weight 7 lan");
        assertTrue(sublayer.matches("[0-9a-f-]{36}\tlan\t7\t0\t\t"), sublayer);
        String row = gogo.print("wfp:filter-add --no-format --layer INBOUND_TRANSPORT_V4 --sublayer lan"
                + " --action BLOCK --name telnet 'local.port == 23'");
        assertEquals(gogo.print("wfp:filters --no-format"), row, "the row of wfp:filters --no-format");
        String id = row.split("\t")[0];
        List<String> detail = gogo.print("wfp:filter --no-format " + id).lines().toList();
        assertTrue(detail.contains("filter\t" + id + " 'telnet'"), detail.toString());
        assertTrue(detail.contains("condition\tIP_LOCAL_PORT\tEQUAL\tUINT16\t23"), detail.toString());
        assertEquals("BLOCK\ttrue\t" + id + "\ttelnet\tSTATIC_FILTER\tINBOUND_TRANSPORT_V4\tfalse",
                gogo.print("wfp:classify --no-format INBOUND_TRANSPORT_V4 local.port=23"));
        assertTrue(gogo.print("wfp:txn-begin --no-format").startsWith("transaction open"));
        assertTrue(gogo.print("wfp:txn-abort --no-format").startsWith("transaction aborted"));
        assertTrue(gogo.print("wfp:flows --no-format").matches("\\d+\t.*"), gogo.print("wfp:flows --no-format"));
        List<String> commands = gogo.print("wfp:commands --no-format").lines().toList();
        assertEquals(COMMANDS.size(), commands.size(), commands.toString());
        assertTrue(commands.get(0).startsWith("wfp:layers\t"), commands.get(0));
        java.nio.file.Path out = java.nio.file.Files.createTempFile("export", ".json");
        try {
            assertEquals(out + "\texported\t1\t1\t0\t0", gogo.print("wfp:policy-export --no-format " + out));
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
        String deleted = gogo.print("wfp:filter-delete --no-format " + id);
        assertTrue(deleted.matches("filter\t" + id + "\t[0-9a-f-]{36}\ttelnet"), deleted);
        assertTrue(gogo.print("wfp:sublayer-delete --no-format lan").matches("sublayer\t0\t[0-9a-f-]{36}\tlan"));
        assertTrue(gogo.print("wfp:version --no-format").startsWith("weir.engine.core "));
    }

    @Test
    void theExamplesOfFilterAddWork() throws Exception {
        // the callout object that the template's port-blocker.json adds, which the last example names
        try (weir.engine.api.EngineSession s = engine.open(weir.engine.api.SessionOptions.named("setup"))) {
            s.addCallout(weir.engine.api.CalloutObject.of(
                    java.util.UUID.fromString("d3f1e8a2-5b7c-4e9d-8a1f-2c6b0e4d7a93"), "example port blocker",
                    weir.engine.api.Layer.INBOUND_TRANSPORT_V4));
        }
        List<String> examples = gogo.print("wfp:filter-add --help").lines()
                .filter(l -> l.startsWith("  wfp:filter-add")).map(String::strip).toList();
        assertEquals(3, examples.size(), examples.toString());
        for (String example : examples) {
            gogo.run(example);
        }
        assertEquals(3, gogo.print("wfp:filters --no-format").lines().count());
    }

    @Test
    void helpOptionDoesNotRunTheCommand() throws Exception {
        gogo.print("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --help");
        assertEquals("", gogo.print("wfp:filters --no-format"));
    }

    @Test
    void gogosHelpShowsTheDescriptors() throws Exception {
        ServiceReference<?> help = context.getServiceReferences((String) null, "(osgi.command.function=help)")[0];
        assertNotNull(help, "Gogo's help command");
        String out = captured("help wfp:filters");
        assertTrue(out.contains("list filters: id, name, layer"), out);
        assertTrue(out.contains("--sorted") && out.contains("only the filters of this layer"), out);
    }

    @Test
    void commandsListsEveryCommandWithItsDescription() throws Exception {
        String list = gogo.print("wfp:commands");
        for (String c : COMMANDS) {
            assertTrue(list.contains("wfp:" + c + " "), c + " in\n" + list);
        }
        assertTrue(!list.contains("__complete"), "the completion helper is hidden");
        assertTrue(list.contains("wfp:version "), list);
        String help = captured("help");
        assertTrue(!help.contains("__complete") && help.contains("wfp:filters"), "Gogo's help: " + help);
    }

    /** What a command prints itself (Gogo's help writes to the session's output). */
    private String captured(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession s = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps)) {
            Object r = s.execute(line);
            if (r != null) {
                ps.println(s.format(r, Converter.INSPECT));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
