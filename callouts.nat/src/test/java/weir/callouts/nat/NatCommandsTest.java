package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.Layer;
import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;

/**
 * The nat: commands, called through a real Gogo command processor as the shell calls them: they return records
 * and Listings (which Weir's shell converter prints like wfp: output), NoFormat for scripts, one line for a
 * mistake.
 */
class NatCommandsTest {
    private final NatHarness h = new NatHarness();
    private final NatCommands commands = new NatCommands(h.core, h.outbound, h.inbound);
    private ThreadIOImpl threadIo;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void shell() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        for (String f : new String[] {"rules", "add", "delete", "mappings", "status"}) {
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

    private Object run(String line) throws Exception {
        return session.execute(line);
    }

    @Test
    void addListAndDeleteRules() throws Exception {
        assertEquals(new Listing("NAT rules", List.of()), run("nat:rules"));
        assertEquals(new NatCommands.RuleRow("1", "static", "10.0.0.5", "192.0.2.5", "all", "-", "-", "shell",
                "active"), run("nat:add static 10.0.0.5 192.0.2.5"));
        run("nat:add forward 10.0.0.5:80 192.0.2.1:8080");
        run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-49999 --protocol udp");

        Listing rules = (Listing) run("nat:rules");
        assertEquals(3, rules.rows().size());
        assertEquals(new NatCommands.RuleRow("2", "forward", "10.0.0.5:80", "192.0.2.1:8080", "tcp", "-", "-",
                "shell", "active"), rules.rows().get(1));
        assertEquals(new NatCommands.RuleRow("3", "snat", "10.0.0.0/24", "192.0.2.1", "udp", "40000-49999", "0",
                "shell", "active"), rules.rows().get(2));

        assertEquals(new NatCommands.Deleted(2, "forward 10.0.0.5:80 192.0.2.1:8080 --protocol tcp", 0),
                run("nat:delete 2"));
        assertEquals(2, h.rules.rules().size());
        NoFormat plain = assertInstanceOf(NoFormat.class, run("nat:rules --no-format"));
        assertEquals(2, ((Listing) plain.value()).rows().size());
    }

    @Test
    void mistakesComeBackAsOneLine() throws Exception {
        assertEquals("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 9-1: '9-1' is not a port range LOW-HIGH within "
                + "1-65535; e.g. --ports 40000-49999", run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 9-1"));
        assertEquals("nat:add: the rule type is missing; e.g. nat:add static 10.0.0.5 192.0.2.5 "
                + "(see nat:add --help)", run("nat:add"));
        assertEquals("nat:delete 7: no rule 7; nat:rules lists the rules in force", run("nat:delete 7"));
        assertEquals("nat:delete needs one rule id; e.g. nat:delete 3 (ids as nat:rules shows them) (see --help)",
                run("nat:delete x"));
        assertEquals("nat:mappings takes only --limit N; e.g. nat:mappings --limit 50 (see --help)",
                run("nat:mappings all"));
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
        assertEquals(NatCommands.DELETE_HELP, run("nat:delete --help"));
        assertEquals(NatCommands.MAPPINGS_HELP, run("nat:mappings --help"));
        assertEquals(NatCommands.STATUS_HELP, run("nat:status --help"));
        for (String help : new String[] {NatCommands.RULES_HELP, NatCommands.MAPPINGS_HELP, NatCommands.STATUS_HELP}) {
            assertTrue(help.contains("[--no-format]"), help);
        }
    }

    @Test
    void configuredRulesAreDeletedByTheirConfigurationOnly() throws Exception {
        h.rules.add(RuleSpec.of("static", "10.0.0.5", "192.0.2.5", "", ""), "config weir.nat.rule~web");
        assertEquals("nat:delete 1: rule 1 comes from config weir.nat.rule~web; delete that configuration instead",
                run("nat:delete 1"));
        h.rules.reject("config weir.nat.rule~bad", "config weir.nat.rule~bad (type=snat inside= outside=): oops");
        Listing rules = (Listing) run("nat:rules");
        assertEquals(new NatCommands.RuleRow("-", "-", "-", "-", "-", "-", "-", "config weir.nat.rule~bad",
                "rejected: config weir.nat.rule~bad (type=snat inside= outside=): oops"), rules.rows().get(1));
    }

    @Test
    void mappingsShowBothTuplesFlowsAndPackets() throws Exception {
        assertEquals(new Listing("NAT mappings", List.of()), run("nat:mappings"));
        run("nat:add snat 10.0.0.0/24 192.0.2.1 --ports 40000-40000");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        shim.fromOutside(Packets.tcp("198.51.100.7", 443, "192.0.2.1", 40000, Packets.SYN | Packets.ACK,
                new byte[0]));
        shim.fromInside(Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 77, 1, new byte[0]));

        Listing mappings = (Listing) run("nat:mappings");
        assertEquals(List.of(
                new NatCommands.MappingRow(1, "tcp", "out", "10.0.0.5:12345 > 198.51.100.7:443",
                        "192.0.2.1:40000 > 198.51.100.7:443", 2, "active", 1, 1, 0),
                new NatCommands.MappingRow(1, "icmp", "out", "10.0.0.5 > 198.51.100.7 id 77",
                        "192.0.2.1 > 198.51.100.7 id 40000", 1, "active", 1, 0, 0)), mappings.rows());
        assertEquals("2", ((NatCommands.RuleRow) ((Listing) run("nat:rules")).rows().get(0)).inUse(),
                "both protocols' pools hold a port");
        assertEquals(1, ((Listing) run("nat:mappings --limit 1")).rows().size());

        shim.endAllFlows();
        NatCommands.MappingRow held = (NatCommands.MappingRow) ((Listing) run("nat:mappings")).rows().get(0);
        assertEquals("held 30 s more", held.state());
        assertEquals(0, held.flows());
    }

    @Test
    void statusShowsKeysIdsInjectorTableCountersAndRefusedFilters() throws Exception {
        h.classify(Layer.OUTBOUND_TRANSPORT_V4, Packets.udp("10.0.0.5", 1, "198.51.100.7", 2, new byte[0], true),
                h.flows.openFlow());
        h.outbound.notify(weir.engine.api.NotifyType.ADD_FILTER, null, weir.engine.api.Filter.of("f",
                Layer.IPFORWARD_V4, weir.engine.api.FilterAction.calloutTerminating(
                        java.util.UUID.fromString(NatOutboundCallout.KEY))));

        NatCommands.Status status = (NatCommands.Status) run("nat:status");

        assertEquals(NatOutboundCallout.KEY, status.outboundKey());
        assertEquals("calloutId " + h.outbound.calloutId() + " at OUTBOUND_TRANSPORT_V4", status.outboundCallout());
        assertEquals("calloutId " + h.inbound.calloutId() + " at INBOUND_TRANSPORT_V4", status.inboundCallout());
        assertEquals("present", status.injector());
        assertEquals(30, status.holdSeconds());
        assertTrue(status.counters().contains(new NatCommands.Counter(1, NatCounter.NO_RULE.text())));
        assertEquals(1, status.refusedFilters().size());
        assertTrue(status.refusedFilters().get(0).startsWith("filter 'f' refused: it is at IPFORWARD_V4, but"));
        NatHarness bare = new NatHarness(false);
        assertTrue(new NatCommands(bare.core, bare.outbound, bare.inbound).status().toString()
                .contains("injector=none: packets pass untranslated"));
    }
}
