package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;

/**
 * Tab completion as the JLine shell does it: a Gogo session with a line reader and a {@code .completions}
 * map (what Gogo's JLine shell gives every interactive session), JLine's own {@code Completers.Completer}
 * over it, and the completion environment Gogo's shell implements (its four lines repeated here: the shell
 * bundle would read standard input inside the test framework).
 */
@ExtendWith(ServiceExtension.class)
class CompletionIT {
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    private Gogo gogo;
    private LineReader reader;
    private Completers.Completer completer;

    @BeforeEach
    void shell() throws Exception {
        gogo = new Gogo(processor);
        reader = new LineReaderImpl(
                new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
        gogo.session().put(".reader", reader);
        gogo.session().put(".completions", new HashMap<String, List<Completers.CompletionData>>());
        gogo.run("wfp:version"); // the shell runs its profile first: completions are installed before that
        completer = new Completers.Completer(new Completers.CompletionEnvironment() {
            @SuppressWarnings("unchecked")
            public Map<String, List<Completers.CompletionData>> getCompletions() {
                return (Map<String, List<Completers.CompletionData>>) gogo.session().get(".completions");
            }

            @SuppressWarnings("unchecked")
            public Set<String> getCommands() {
                return (Set<String>) gogo.session().get(".commands");
            }

            public String resolveCommand(String command) {
                return command.indexOf(':') >= 0 ? command : "wfp:" + command;
            }

            public String commandName(String command) {
                return command.substring(command.indexOf(':') + 1);
            }

            public Object evaluate(LineReader r, ParsedLine line, String func) throws Exception {
                gogo.session().put(".commandLine", line);
                return gogo.session().execute(func);
            }
        });
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    @Test
    void commandNamesWithTheirDescriptions() {
        List<Candidate> c = complete("wfp:filter");
        assertTrue(values(c).containsAll(List.of("wfp:filter", "wfp:filters", "wfp:filter-add", "wfp:filter-delete")),
                values(c).toString());
        Candidate add = c.stream().filter(x -> x.value().equals("wfp:filter-add")).findFirst().orElseThrow();
        assertEquals("add a filter: conditions in the expression language, an action, a weight", add.descr());
        assertTrue(values(c).stream().noneMatch(v -> v.contains("__complete")), "the helper is hidden");
    }

    @Test
    void optionsLayersSublayersAndFlags() throws Exception {
        assertTrue(matching("wfp:filter-add --la").contains("--layer"));
        assertEquals(List.of("INBOUND_TRANSPORT_V4", "INBOUND_TRANSPORT_V6"),
                matching("wfp:filters --layer INBOUND_TR"));
        assertTrue(matching("wfp:layer ALE_AUTH_C").contains("ALE_AUTH_CONNECT_V4"));
        gogo.run("wfp:sublayer-add --weight 5 lanside");
        assertTrue(matching("wfp:filter-add --sublayer lan").contains("lanside"));
        assertTrue(matching("wfp:filter-add --flags CLEAR").contains("CLEAR_ACTION_RIGHT"));
        assertTrue(matching("wfp:filter-add --action CALLOUT_T").contains("CALLOUT_TERMINATING"));
        assertTrue(matching("wfp:engine stop").contains("stopAfterHardBlock"));
        assertEquals(List.of("true"), matching("wfp:engine stopAfterHardBlock t"));
    }

    @Test
    void fieldsAndTheirValuesForClassify() {
        List<String> fields = matching("wfp:classify INBOUND_TRANSPORT_V4 local.");
        assertTrue(fields.containsAll(List.of("local.addr=", "local.port=", "local.addr.type=")), fields.toString());
        assertEquals(List.of("protocol=tcp"), matching("wfp:classify INBOUND_TRANSPORT_V4 protocol=t"));
        assertTrue(matching("wfp:classify INBOUND_TRANSPORT_V4 flags=IS_LOOP").contains("flags=IS_LOOPBACK"));
        assertTrue(matching("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK remote.p")
                .contains("remote.port"));
    }

    @Test
    void aFieldNameIsCompletedWithoutASpaceAfterIt() {
        Candidate field = complete("wfp:classify INBOUND_TRANSPORT_V4 proto").stream()
                .filter(c -> c.value().equals("protocol=")).findFirst().orElseThrow();
        assertEquals(false, field.complete(), "protocol= goes on with its value: JLine adds no space");
        Candidate value = complete("wfp:classify INBOUND_TRANSPORT_V4 protocol=t").stream()
                .filter(c -> c.value().equals("protocol=tcp")).findFirst().orElseThrow();
        assertEquals(true, value.complete(), "a whole word gets its space");
        Candidate layer = complete("wfp:filters --layer INBOUND_TR").stream()
                .filter(c -> c.value().equals("INBOUND_TRANSPORT_V4")).findFirst().orElseThrow();
        assertEquals(true, layer.complete());
    }

    @Test
    void filterIdsAndCalloutKeys() throws Exception {
        long id = (Long) gogo.property(gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name x"),
                "id");
        assertTrue(matching("wfp:filter ").contains(Long.toString(id)));
        assertTrue(matching("wfp:filter-delete ").contains(Long.toString(id)));
        String key = "b7e3c2d1-0a9f-4e8d-8c7b-6a5f4e3d2c03";
        try (EngineSession s = engine.open(SessionOptions.named("setup"))) {
            s.addCallout(CalloutObject.of(UUID.fromString(key), "logger", Layer.ALE_FLOW_ESTABLISHED_V4));
        }
        assertTrue(matching("wfp:callout-reset b7e3").contains(key));
        assertTrue(matching("wfp:filter-add --callout log").contains("logger"));
    }

    private List<Candidate> complete(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> c = new ArrayList<>();
        completer.complete(reader, parsed, c);
        return c;
    }

    /** The candidates JLine would offer: those that start with the word being completed. */
    private List<String> matching(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        return values(complete(line)).stream().filter(v -> v.startsWith(parsed.word())).distinct().sorted().toList();
    }

    private static List<String> values(List<Candidate> c) {
        List<String> l = new ArrayList<>();
        for (Candidate x : c) {
            l.add(x.value());
        }
        return l;
    }
}
