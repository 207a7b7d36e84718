package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.Layer;

/** The nat: commands, called through a real Gogo command processor as the shell calls them. */
class NatCommandsTest {
    private final NatHarness h = new NatHarness();
    private final NatCommands commands = new NatCommands(h.rules, h.callout);
    private ThreadIOImpl threadIo;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void shell() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        for (String f : new String[] {"rules", "add", "remove", "flows", "status"}) {
            processor.addCommand("nat", commands, f);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void close() {
        session.close();
        processor.stop();
        threadIo.stop();
    }

    private String run(String line) throws Exception {
        return String.valueOf(session.execute(line));
    }

    @Test
    void addListAndRemoveRules() throws Exception {
        assertEquals("no NAT rules", run("nat:rules"));
        assertEquals("added rule 1 (static 10.0.0.5 192.0.2.5)", run("nat:add static 10.0.0.5 192.0.2.5"));
        assertEquals("added rule 2 (forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp)",
                run("nat:add forward 10.0.0.5:80 192.0.2.1:8080"));
        assertEquals("added rule 3 (snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol udp)",
                run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol udp"));

        assertEquals(String.join("\n",
                "ID  TYPE     INSIDE       OUTSIDE         PROTOCOL  PORTS        IN USE  SOURCE",
                "1   static   10.0.0.5     192.0.2.5       all       -            -       shell",
                "2   forward  10.0.0.5:80  192.0.2.1:8080  tcp       -            -       shell",
                "3   snat     10.0.0.0/24  192.0.2.1       udp       40000-49999  0       shell"), run("nat:rules"));

        assertEquals("removed rule 2 (forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp)", run("nat:remove 2"));
        assertEquals(2, h.rules.rules().size());
    }

    @Test
    void mistakesComeBackAsOneLine() throws Exception {
        assertEquals("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 9-1: '9-1' is not a port range LOW-HIGH within "
                + "1-65535; e.g. --ports 40000-49999", run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 9-1"));
        assertEquals("nat:add: the rule type is missing; e.g. nat:add static 10.0.0.5 192.0.2.5 "
                + "(see nat:add --help)", run("nat:add"));
        assertEquals("nat:remove 7: no rule 7; nat:rules lists the rules in force", run("nat:remove 7"));
        assertEquals("nat:remove needs one rule id; e.g. nat:remove 3 (ids as nat:rules shows them) (see --help)",
                run("nat:remove x"));
        assertEquals("nat:flows takes no arguments; e.g. nat:flows (see --help)", run("nat:flows all"));
        run("nat:add static 10.0.0.5 192.0.2.5");
        assertEquals("nat:add static 10.0.0.5 192.0.2.6: conflicts with rule 1 (static 10.0.0.5 192.0.2.5): inside "
                + "10.0.0.5 overlaps 10.0.0.5, so a packet would match both; remove rule 1 first or change this rule",
                run("nat:add static 10.0.0.5 192.0.2.6"));
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        assertEquals(NatCommands.RULES_HELP, run("nat:rules --help"));
        assertEquals(NatCommands.ADD_HELP, run("nat:add --help"));
        assertEquals(NatCommands.ADD_HELP, run("nat:add snat --help"));
        assertEquals(NatCommands.REMOVE_HELP, run("nat:remove --help"));
        assertEquals(NatCommands.FLOWS_HELP, run("nat:flows --help"));
        assertEquals(NatCommands.STATUS_HELP, run("nat:status --help"));
        assertTrue(NatCommands.ADD_HELP.contains("nat:add snat INSIDE OUTSIDE [--ports LOW-HIGH]"));
    }

    @Test
    void configuredRulesAreRemovedByTheirConfigurationOnly() throws Exception {
        h.rules.add(RuleSpec.of("static", "10.0.0.5", "192.0.2.5", "", ""), "config weir.nat.rule~web");
        assertEquals("nat:remove 1: rule 1 comes from config weir.nat.rule~web; delete that configuration instead",
                run("nat:remove 1"));
        h.rules.reject("config weir.nat.rule~bad", "config weir.nat.rule~bad (type=snat inside= outside=): oops");
        assertTrue(run("nat:rules").endsWith("\nrejected config weir.nat.rule~bad (type=snat inside= outside=): oops"));
    }

    @Test
    void flowsShowActiveTranslations() throws Exception {
        assertEquals("no active translations", run("nat:flows"));
        run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-40000");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        shim.fromOutside(Packets.tcp("198.51.100.7", 443, "192.0.2.1", 40000, Packets.SYN | Packets.ACK,
                new byte[0]));
        shim.fromInside(Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 77, 1, new byte[0]));

        String table = run("nat:flows");
        String[] lines = table.split("\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("ID +RULE +PROTO +ORIGINAL +TRANSLATED +FLOWS +PACKETS +AGE"), lines[0]);
        assertTrue(lines[1].matches("1 +1 +tcp +10\\.0\\.0\\.5:12345 > 198\\.51\\.100\\.7:443 +192\\.0\\.2\\.1:40000 > "
                + "198\\.51\\.100\\.7:443 +2 +1/1 +\\d+s"), lines[1]);
        assertTrue(lines[2].matches("2 +1 +icmp +10\\.0\\.0\\.5 > 198\\.51\\.100\\.7 id 77 +192\\.0\\.2\\.1 > "
                + "198\\.51\\.100\\.7 id 40000 +1 +1/0 +\\d+s"), lines[2]);
        assertTrue(run("nat:rules").contains("40000-40000  2 "), "both protocols' pools hold a port");
    }

    @Test
    void statusShowsRegistrationInjectorCountersAndRefusedFilters() throws Exception {
        h.classify(Layer.OUTBOUND_TRANSPORT_V4, Packets.udp("10.0.0.5", 1, "198.51.100.7", 2, new byte[0], true),
                h.flows.openFlow());
        h.callout.notify(weir.engine.api.NotifyType.ADD_FILTER, null, weir.engine.api.Filter.of("f",
                Layer.IPFORWARD_V4, weir.engine.api.FilterAction.calloutTerminating(NatCallout.CALLOUT_KEY)));

        String status = run("nat:status");

        assertTrue(status.startsWith("callout key " + NatCallout.KEY + ", calloutId " + h.calloutId + "\n"
                + "injector present\nrules 0, active translations 0\n"), status);
        assertTrue(status.contains("\n1      packets without rule or translation, permitted\n"), status);
        assertTrue(status.endsWith("filter 'f' refused: it is at IPFORWARD_V4; the nat callout works at "
                + "INBOUND_TRANSPORT_V4 and OUTBOUND_TRANSPORT_V4 (layers with flows that every IPv4 packet crosses)"));
        assertFalse(new NatCommands(h.rules, new NatHarness(false).callout).status().contains("injector present"));
    }
}
