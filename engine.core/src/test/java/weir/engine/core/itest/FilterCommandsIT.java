package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.Condition;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.api.Weight;

/** wfp:filters, wfp:filter, wfp:filter-add, wfp:filter-delete through the real Gogo runtime inside Felix. */
@ExtendWith(ServiceExtension.class)
class FilterCommandsIT {
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
    void filterAddAddsWhatTheEngineThenHolds() throws Exception {
        Object row = gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --weight 10"
                + " --name \"no telnet\" \"protocol == tcp and local.port == 23\"");
        long id = (Long) gogo.property(row, "id");
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            Filter f = s.filter(id).orElseThrow();
            assertEquals("no telnet", f.name());
            assertEquals(Layer.INBOUND_TRANSPORT_V4, f.layer());
            assertEquals(Weight.exact(10), f.weight());
            assertEquals(10L, f.effectiveWeight());
            assertEquals(List.of(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6)),
                    Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(23))), f.conditions());
        }
        assertEquals("BLOCK", gogo.property(row, "action"));
        assertEquals("protocol == tcp and local.port == 23", gogo.property(row, "conditions"));
    }

    @Test
    void filtersIsAnAlignedTableOfEveryColumn() throws Exception {
        gogo.run("wfp:sublayer-add --weight 4096 lan");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer lan --action PERMIT --weight range:3"
                + " --flags CLEAR_ACTION_RIGHT --name ssh 'protocol == tcp and local.port == 22'");
        gogo.run("wfp:filter-add --layer ALE_AUTH_CONNECT_V4 --action BLOCK --name 'no dns'"
                + " 'protocol == udp and remote.port == 53'");
        String table = gogo.print("wfp:filters");
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        String header = lines.get(0);
        for (String column : List.of("ID", "NAME", "LAYER", "SUBLAYER", "WEIGHT", "EFFECTIVE", "ACTION", "FLAGS",
                "CONDITIONS", "HITS")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        // aligned: every column starts at the same place on every line
        int conditions = header.indexOf("CONDITIONS");
        assertEquals("protocol == tcp and local.port == 22", lines.get(1).substring(conditions).strip()
                .replaceAll("\\s+\\d+$", ""));
        assertEquals(header.indexOf("LAYER"), lines.get(2).indexOf("ALE_AUTH_CONNECT_V4"));
        assertTrue(lines.get(1).contains("lan") && lines.get(1).contains("range:3")
                && lines.get(1).contains("0x3") && lines.get(1).contains("CLEAR_ACTION_RIGHT"), table);
    }

    @Test
    void filtersNarrowsByLayerSublayerAndCallout() throws Exception {
        gogo.run("wfp:sublayer-add --weight 10 lan");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer lan --action PERMIT --name a"
                + " 'local.port == 1'");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT --name b 'local.port == 2'");
        gogo.run("wfp:filter-add --layer OUTBOUND_TRANSPORT_V4 --action PERMIT --name c 'local.port == 3'");
        assertEquals(List.of("a", "b"), names("wfp:filters --layer INBOUND_TRANSPORT_V4"));
        assertEquals(List.of("a"), names("wfp:filters --sublayer lan"));
        assertEquals(List.of("c"), names("wfp:filters -l outbound_transport_v4"));
        assertEquals(List.of(), names("wfp:filters --layer DATAGRAM_DATA_V6"));
        assertEquals("no filters", gogo.print("wfp:filters --layer DATAGRAM_DATA_V6"));
    }

    @Test
    void sortedListsInEvaluationOrder() throws Exception {
        gogo.run("wfp:sublayer-add --weight 100 high");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT --weight 5 --name low-universal");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT --weight 50 --name high-universal");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --sublayer high --action PERMIT --weight 1"
                + " --name in-high");
        // FWPM_SUBLAYER_UNIVERSAL weighs 0x8000, more than 100: it comes first; inside, weight 50 before 5
        assertEquals(List.of("high-universal", "low-universal", "in-high"), names("wfp:filters --sorted"));
        assertEquals(List.of("low-universal", "high-universal", "in-high"), names("wfp:filters"));
    }

    @Test
    void whatFiltersPrintsPastesBackIntoFilterAdd() throws Exception {
        String[] expressions = {
            "protocol == tcp and local.port == 22 and remote.addr == 10.0.0.0/8",
            "remote.port in 80,443",
            "local.port in 1024..65535",
            "flags has IS_LOOPBACK",
            "remote.port != 53",
            "(remote.port < 10 or remote.port > 20) and protocol == udp",
            "protocol == icmp and icmp.type in 0,8",
            "flags has none IS_LOOPBACK|IS_FRAGMENT and local.addr == 192.0.2.0/255.255.255.0",
        };
        for (String e : expressions) {
            gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action PERMIT --name orig '" + e + "'");
        }
        List<String> plain = gogo.print("wfp:filters --no-format").lines().toList();
        assertEquals(expressions.length, plain.size());
        for (String line : plain) {
            String conditions = line.split("\t")[8];
            Object copy = gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name copy '"
                    + conditions + "'");
            long original = Long.parseLong(line.split("\t")[0]);
            long id = (Long) gogo.property(copy, "id");
            try (EngineSession s = engine.open(SessionOptions.named("check"))) {
                assertEquals(s.filter(original).orElseThrow().conditions(), s.filter(id).orElseThrow().conditions(),
                        conditions);
            }
        }
    }

    @Test
    void filterShowsEverythingAndACommandThatAddsItAgain() throws Exception {
        gogo.run("wfp:sublayer-add --weight 7 lan");
        Object row = gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V6 --sublayer lan --action PERMIT"
                + " --weight range:2 --flags CLEAR_ACTION_RIGHT --raw-context 7 --name 'it'\\''s v6'"
                + " --description lab"
                + " 'protocol == icmpv6 and remote.addr == 2001:db8:1::/48 and icmp.type in 128,129'");
        long id = (Long) gogo.property(row, "id");
        String shown = gogo.print("wfp:filter " + id);
        for (String s : List.of("it's v6", "INBOUND_TRANSPORT_V6", "lan", "range:2", "CLEAR_ACTION_RIGHT",
                "raw context", "lab", "IP_REMOTE_ADDRESS", "V6_ADDR_MASK", "2001:db8:1::/48", "0 matched")) {
            assertTrue(shown.contains(s), s + " in\n" + shown);
        }
        Matcher m = Pattern.compile("(?m)^as a command\\s+(.*)$").matcher(shown);
        assertTrue(m.find(), shown);
        long again = (Long) gogo.property(gogo.run(m.group(1)), "id");
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            Filter a = s.filter(id).orElseThrow();
            Filter b = s.filter(again).orElseThrow();
            assertEquals(a.withIds(b.filterKey(), b.subLayerKey(), b.filterId(), b.effectiveWeight()), b);
        }
    }

    @Test
    void filterAndFilterDeleteTakeIdKeyOrName() throws Exception {
        Object row = gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name gone");
        String key = (String) gogo.property(row, "key");
        assertTrue(gogo.print("wfp:filter " + key).contains("'gone'"));
        assertTrue(gogo.print("wfp:filter gone").contains("(none: matches everything)"));
        assertEquals("deleted filter " + gogo.property(row, "id") + " 'gone' (" + key + ")",
                gogo.print("wfp:filter-delete " + key));
        assertEquals(List.of(), names("wfp:filters"));
    }

    @Test
    void mistakesAreOneLineNamingTheFix() {
        assertEquals("wfp:filter-delete: FILTER_NOT_FOUND: no filter has id 99; wfp:filters lists them",
                gogo.fails("wfp:filter-delete 99"));
        assertTrue(gogo.fails("wfp:filter-add --action BLOCK 'local.port == 1'").contains("give --layer"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V5 --action BLOCK")
                .contains("did you mean INBOUND_TRANSPORT_V4?"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK 'remote.prot == 1'")
                .matches("wfp:filter-add: conditions, col 1: .*did you mean remote.port\\?.*"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK"
                + " 'local.port == 22 or remote.port == 22'").contains("split it into several filters"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK 'local.port == 70000'")
                .contains("70000 is out of range"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action CALLOUT_TERMINATING")
                .contains("give --callout"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --weight range:16")
                .contains("INVALID_WEIGHT"));
        assertTrue(gogo.fails("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action ALLOW")
                .contains("is not PERMIT, BLOCK"));
        assertTrue(gogo.fails("wfp:filters --colour").contains("unknown option --colour"));
        assertTrue(gogo.fails("wfp:filter").contains("missing ID|KEY"));
        assertTrue(gogo.fails("wfp:filter --sublayer nope").contains("unknown option --sublayer"));
    }

    private List<String> names(String command) throws Exception {
        return gogo.print(command + " --no-format").lines().filter(l -> !l.isEmpty()).map(l -> l.split("\t")[1])
                .toList();
    }
}
