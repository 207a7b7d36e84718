package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import weir.engine.api.FilterEngine;
import weir.engine.api.SessionOptions;

/**
 * Issue 11, "Bad input", through the shell inside Felix: each hostile input is one line naming what is wrong,
 * and the engine (its component, its commands) is alive afterwards.
 */
@ExtendWith(ServiceExtension.class)
class BadInputIT {
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

    /** wfp:filter-add with the expression in a variable, so Gogo passes it as it is. */
    private String addFails(String expression) {
        gogo.session().put("weirExpr", expression);
        return gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK $weirExpr");
    }

    private void engineStillWorks() throws Exception {
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name alive 'local.port == 23'");
        assertTrue(gogo.print("wfp:filters --no-format").contains("alive"));
        assertTrue(gogo.print("wfp:classify INBOUND_TRANSPORT_V4 local.port=23").startsWith("BLOCK"));
    }

    @Test
    void filterAddWithFiveThousandParenthesesIsOneLine() throws Exception {
        String e = addFails("((".repeat(5000));
        assertEquals("wfp:filter-add: conditions, col 65: more than 64 nested parentheses and 'not's: WFP conditions "
                + "are flat (an AND of per-field OR groups); remove the extra nesting", e);
        engineStillWorks();
    }

    @Test
    void filterAddRefusesControlCharactersEmptyExpressionsAndEchoesHugeTokensShort() throws Exception {
        assertEquals("wfp:filter-add: conditions, col 16: control character U+0000: an expression is printable text; "
                + "remove it", addFails("protocol == tcp\0"));
        assertEquals("wfp:filter-add: the expression is empty: it would match every packet; write the conditions, or "
                + "leave the expression out to match every packet", addFails("   "));
        String e = addFails("local.port == " + "7".repeat(100_000));
        assertTrue(e.length() < 300, e);
        assertTrue(e.contains("... (100000 characters)"), e);
        // every argument a command repeats in its message is cut short too
        gogo.session().put("weirBig", "Q".repeat(100_000));
        for (String line : new String[] {"wfp:filter-add --layer $weirBig --action BLOCK 'protocol == tcp'",
            "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action $weirBig 'protocol == tcp'",
            "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --key $weirBig 'protocol == tcp'",
            "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --flags $weirBig 'protocol == tcp'",
            "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --sublayer $weirBig 'protocol == tcp'",
            "wfp:classify INBOUND_TRANSPORT_V4 $weirBig"}) {
            String m = gogo.fails(line);
            assertTrue(m.length() < 400 && !m.contains("Q".repeat(81)), line + ": " + m.length());
        }
        engineStillWorks();
    }

    @Test
    void policyImportOfHostileFilesIsFileLineColAndTheEngineLives() throws Exception {
        String deep = "{\"filters\": [{\"name\": \"f\", \"layer\": \"INBOUND_TRANSPORT_V4\", \"action\": \"BLOCK\", "
                + "\"when\": \"" + "(".repeat(6000) + "protocol == tcp" + ")".repeat(6000) + "\"}]}";
        Files.writeString(dir.resolve("deep.json"), deep, StandardCharsets.UTF_8);
        assertEquals("wfp:policy-import: policy deep.json: 1 error, nothing imported",
                gogo.fails("wfp:policy-import deep.json"));
        assertTrue(gogo.takeErr().startsWith("deep.json:1:"), "FILE:LINE:COL");

        String nameless = "{\"sublayers\": [{\"weight\": 5}],\n \"filters\": [{\"name\": \"f\", \"layer\": \"STREAM_V4\", "
                + "\"sublayer\": \"x\", \"action\": \"BLOCK\"}]}";
        Files.writeString(dir.resolve("nameless.json"), nameless, StandardCharsets.UTF_8);
        assertEquals("wfp:policy-import: policy nameless.json: 2 errors, nothing imported",
                gogo.fails("wfp:policy-import nameless.json"));
        assertEquals(List.of("nameless.json:1:16: a sublayer needs \"name\" (e.g. \"my object\")",
                "nameless.json:2:62: no sublayer named 'x' in this file (name a sublayer outside the file by its key)"),
                gogo.takeErr().lines().toList());

        Files.write(dir.resolve("utf16.json"), "\uFEFF{}".getBytes(StandardCharsets.UTF_16LE));
        gogo.fails("wfp:policy-import utf16.json");
        assertEquals("utf16.json:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                gogo.takeErr().strip());

        Files.write(dir.resolve("latin1.json"), "{\"x\u00e9\": 1}".getBytes(StandardCharsets.ISO_8859_1));
        gogo.fails("wfp:policy-import latin1.json");
        assertEquals("latin1.json:1:4: byte 0xE9 is not UTF-8: save the file as UTF-8 (a policy file is UTF-8 text)",
                gogo.takeErr().strip());

        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            assertEquals(0, s.filters().size(), "nothing imported");
        }
        assertFalse(gogo.print("wfp:commands").isEmpty(), "the wfp: commands are still there");
        engineStillWorks();
    }
}
