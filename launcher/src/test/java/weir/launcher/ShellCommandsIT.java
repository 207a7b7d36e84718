package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wfp: commands in the built weir.jar: with -c, piped through standard input, and their exit codes. */
class ShellCommandsIT {
    private static final String TELNET = "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --weight 10"
            + " --name \"no telnet\" \"protocol == tcp and local.port == 23\"";

    @TempDir
    Path dir;
    private Weir weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void dashCRunsOneWfpCommandAndPrintsItsResult() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", TELNET);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r.toString());
        assertTrue(lines.get(0).matches("ID\\s+NAME\\s+LAYER\\s+SUBLAYER\\s+WEIGHT\\s+EFFECTIVE\\s+ACTION\\s+CONDITIONS"
                + "\\s+HITS"), r.toString());
        assertTrue(lines.get(1).matches("\\s*1\\s+no telnet\\s+INBOUND_TRANSPORT_V4\\s+FWPM_SUBLAYER_UNIVERSAL"
                + "\\s+10\\s+"
                + "0x000000000000000a\\s+BLOCK\\s+protocol == tcp and local.port == 23\\s+0"), r.toString());
        assertEquals(List.of(), r.errLines());
    }

    @Test
    void persistentFiltersSurviveARestartOfWeirAndStaticOnesDoNot() throws Exception {
        Weir.Result add = Weir.run(dir, "-c", TELNET.replace("--action BLOCK", "--action BLOCK --persistent"));
        assertEquals(0, add.exit(), add.toString());
        Weir.Result stat = Weir.run(dir, "-c", "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT"
                + " --name \"static one\" \"local.port == 80\"");
        assertEquals(0, stat.exit(), stat.toString());
        // a new weir.jar process on the same data folder: the engine store brings back the persistent filter only
        Weir.Result again = Weir.run(dir, "-c", "wfp:filters --no-format");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("no telnet"), again.toString());
        assertTrue(!again.out().contains("static one"), again.toString());
        assertTrue(java.nio.file.Files.exists(dir.resolve("weir-data/engine/store.txt")), "the store is in weir-data/engine");
    }

    @Test
    void aFailedCommandIsOneLineOnStandardErrorAndExitOne() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "wfp:filter-delete 99");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of("weir: wfp:filter-delete 99: FILTER_NOT_FOUND: no filter has id 99;"
                + " wfp:filters lists them"),
                r.errLines());
        Weir.Result bad = Weir.run(dir, "-c",
                "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK 'remote.prot == 1'");
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals(1, bad.errLines().size(), bad.toString());
        assertTrue(bad.errLines().get(0).contains("conditions, col 1: unknown field 'remote.prot'"), bad.toString());
    }

    @Test
    void helpOfACommand() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "wfp:classify --help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("wfp:classify - what-if"), r.toString());
        assertTrue(r.out().contains("usage: wfp:classify [options] LAYER [FIELD=VALUE...]"), r.toString());
        Weir.Result gogo = Weir.run(dir, "-c", "help wfp:filters");
        assertEquals(0, gogo.exit(), gogo.toString());
        assertTrue(gogo.out().contains("list filters: id, name, layer"), gogo.toString());
    }

    @Test
    void aPipedScriptOfSeveralCommands() throws Exception {
        weir = Weir.start(dir);
        for (String line : List.of("wfp:sublayer-add --weight 65535 lan",
                "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer lan --action PERMIT --flags CLEAR_ACTION_RIGHT"
                        + " --name 'from lan' 'remote.addr == 10.0.0.0/8'",
                TELNET,
                "wfp:filters --sorted --no-format",
                "wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=198.51.100.7",
                "wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23 remote.addr=10.1.1.1",
                "wfp:filter-delete 'no telnet'",
                "wfp:filters --no-format")) {
            weir.send(line);
        }
        weir.closeStdin();
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), r.errLines());
        String out = r.out();
        assertTrue(Pattern.compile("(?m)^1\tfrom lan\tINBOUND_TRANSPORT_V4\tlan\t.*\n2\tno telnet\t").matcher(out)
                .find(), out);
        assertTrue(out.contains("BLOCK (hard) by filter 2 'no telnet' (STATIC_FILTER) at INBOUND_TRANSPORT_V4"), out);
        assertTrue(out.contains("PERMIT (hard) by filter 1 'from lan' (STATIC_FILTER) at INBOUND_TRANSPORT_V4"), out);
        assertTrue(out.contains("deleted filter 2 'no telnet'"), out);
        // after the delete, the last listing holds one filter; then end of input stops the shell, silently:
        // standard output holds the results and nothing else (no banner, no prompt, no goodbye)
        assertTrue(Pattern.compile("deleted filter 2 [^\n]*\n1\tfrom lan\t[^\n]*\n$").matcher(out).find(), out);
        assertTrue(out.startsWith("sublayer 'lan' weight 65535 ("), out);
    }

    @Test
    void scriptsTakeResultsApart() throws Exception {
        weir = Weir.start(dir);
        weir.query(TELNET);
        weir.query("r = (wfp:classify INBOUND_TRANSPORT_V4 protocol=tcp local.port=23)");
        assertEquals("BLOCK", weir.query("$r action").strip());
        assertEquals("1", weir.query("$r filterId").strip());
        assertEquals("no telnet", weir.query("(((wfp:filters) filters) get 0) name").strip());
    }

    @Test
    void whatFiltersShowsPastesBack() throws Exception {
        weir = Weir.start(dir);
        weir.query("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT --name web"
                + " '(remote.port < 10 or remote.port > 20) and protocol == udp"
                + " and flags has none IS_LOOPBACK|IS_FRAGMENT'");
        String row = weir.query("wfp:filters --no-format").strip();
        String conditions = row.split("\t")[8];
        weir.query("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name copy '" + conditions + "'");
        Matcher m = Pattern.compile("(?m)^as a command\\s+(.*)$").matcher(weir.query("wfp:filter 1"));
        assertTrue(m.find());
        weir.query(m.group(1));
        List<String> rows = weir.query("wfp:filters --no-format").strip().lines().toList();
        assertEquals(3, rows.size(), String.join("\n", rows));
        for (String r : rows) {
            assertEquals(conditions, r.split("\t")[8], r);
        }
        assertEquals("web", rows.get(2).split("\t")[1], "the command makes the same filter, with its name");
    }

    @Test
    void policyImportAndExportFromTheShell() throws Exception {
        Files.writeString(dir.resolve("p.json"), """
                {"filters": [ {"name": "no telnet", "layer": "INBOUND_TRANSPORT_V4",
                               "when": "protocol == tcp and local.port == 23", "action": "BLOCK"} ]}
                """);
        weir = Weir.start(dir);
        assertEquals("policy p.json: 1 filter imported", weir.query("wfp:policy-import p.json").strip());
        assertEquals("policy out.json: 1 filter exported", weir.query("wfp:policy-export out.json").strip());
        String exported = Files.readString(dir.resolve("out.json"));
        assertTrue(exported.contains("\"when\": \"protocol == tcp and local.port == 23\""), exported);
        weir.closeStdin();
        assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
    }
}
