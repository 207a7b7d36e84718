package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.Classifier;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.FilterEngine;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.api.Verdict;

/** wfp:engine, wfp:txn-*, wfp:events, wfp:stats and wfp:flows inside Felix. */
@ExtendWith(ServiceExtension.class)
class EngineCommandsIT {
    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    @InjectService(timeout = 5000)
    Classifier classifier;
    @InjectService(timeout = 5000)
    FlowContexts flows;
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
    void engineShowsTheOptionsAndSetsThem() throws Exception {
        String shown = gogo.print("wfp:engine");
        for (String option : List.of("stopAfterHardBlock", "collectNetEvents", "collectClassifyAllow",
                "netEventCapacity", "calloutQuarantineThreshold", "defaultAction")) {
            assertTrue(shown.contains(option), option + " in\n" + shown);
        }
        assertTrue(shown.contains("stopAfterHardBlock          false"), shown);
        Object view = gogo.run("wfp:engine stopAfterHardBlock true");
        assertEquals(Boolean.TRUE, gogo.property(view, "stopAfterHardBlock"));
        gogo.run("wfp:engine netEventCapacity 100");
        gogo.run("wfp:engine defaultAction INBOUND_TRANSPORT_V4 BLOCK");
        gogo.run("wfp:engine collectClassifyAllow on");
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            assertTrue(s.engineOptions().stopAfterHardBlock());
            assertEquals(100, s.engineOptions().netEventCapacity());
            assertEquals(ActionType.BLOCK, s.engineOptions().defaultAction(Layer.INBOUND_TRANSPORT_V4));
            assertEquals(ActionType.PERMIT, s.engineOptions().defaultAction(Layer.INBOUND_TRANSPORT_V6));
            assertTrue(s.engineOptions().collectClassifyAllow());
        }
        assertTrue(gogo.print("wfp:engine").contains("defaultAction INBOUND_TRANSPORT_V4  BLOCK"));
        assertEquals("stopAfterHardBlock true", gogo.print("wfp:engine stopafterhardblock"));
        gogo.run("wfp:engine defaultAction BLOCK");
        assertEquals("defaultAction BLOCK", gogo.print("wfp:engine defaultAction"));
        assertTrue(gogo.fails("wfp:engine stopAfterHardBlok true").contains("did you mean stopAfterHardBlock?"));
        assertTrue(gogo.fails("wfp:engine stopAfterHardBlock maybe").contains("true or false"));
        assertTrue(gogo.fails("wfp:engine netEventCapacity 0").contains("OUT_OF_BOUNDS"));
    }

    @Test
    void transactionsOfTheShellsOwnSession() throws Exception {
        assertTrue(gogo.print("wfp:txn-begin").startsWith("transaction open (read-write)"));
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name pending");
        assertEquals(1, gogo.print("wfp:filters --no-format").lines().count(), "this session sees its own change");
        assertEquals(0, visibleFilters(), "nobody else does before the commit");
        assertEquals("transaction aborted: nothing of it was applied", gogo.print("wfp:txn-abort"));
        assertEquals("", gogo.print("wfp:filters --no-format"));
        gogo.run("wfp:txn-begin");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name a");
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name b");
        assertEquals("transaction committed", gogo.print("wfp:txn-commit"));
        assertEquals(2, visibleFilters());
        assertTrue(gogo.fails("wfp:txn-commit").contains("NO_TXN_IN_PROGRESS"));
        gogo.run("wfp:txn-begin");
        assertTrue(gogo.fails("wfp:txn-begin").contains("TXN_IN_PROGRESS"));
        gogo.run("wfp:txn-abort");
    }

    @Test
    void eachGogoSessionHasItsOwnEngineSessionClosedWithIt() throws Exception {
        try (Gogo other = new Gogo(processor)) {
            other.run("wfp:txn-begin");
            other.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name theirs");
            assertEquals("", gogo.print("wfp:filters --no-format"), "another shell's open transaction");
        }
        // closing the shell aborted its transaction and let go of the writer lock: a write succeeds (it waits
        // for the lock up to 15 s; the closed session is noticed within about a second)
        long start = System.nanoTime();
        gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name ours");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "within 5000 ms");
        assertEquals(List.of("ours"), gogo.print("wfp:filters --no-format").lines().map(l -> l.split("\t")[1])
                .toList());
    }

    @Test
    void eventsAndStatsShowWhatClassificationDid() throws Exception {
        Object row = gogo.run("wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --name 'no telnet'"
                + " 'protocol == tcp and local.port == 23'");
        long id = (Long) gogo.property(row, "id");
        IncomingValues v = classifier.newIncomingValues(Layer.INBOUND_TRANSPORT_V4)
                .set(Field.IP_PROTOCOL, Value.uint8(6))
                .set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"))
                .set(Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"))
                .set(Field.IP_LOCAL_PORT, Value.uint16(23))
                .set(Field.IP_REMOTE_PORT, Value.uint16(40000));
        Verdict out = classifier.newVerdict();
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, v, classifier.newMetadata(), null, out);
        assertTrue(out.isBlock());
        v.set(Field.IP_LOCAL_PORT, Value.uint16(22));
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, v, classifier.newMetadata(), null, out);

        List<String> events = gogo.print("wfp:events --no-format --layer INBOUND_TRANSPORT_V4").lines().toList();
        assertFalse(events.isEmpty());
        String[] e = events.get(0).split("\t", -1);
        assertEquals(List.of("CLASSIFY_DROP", "INBOUND_TRANSPORT_V4", Long.toString(id), "no telnet", "tcp",
                "10.0.0.2:23", "198.51.100.7:40000"), List.of(e).subList(1, 8));
        assertTrue(gogo.print("wfp:events --filter " + id).contains("no telnet"));
        assertEquals("", gogo.print("wfp:events --no-format --layer INBOUND_TRANSPORT_V6"));
        assertEquals("", gogo.print("wfp:events --no-format --since 2999-01-01T00:00:00Z"));
        assertEquals(1, gogo.print("wfp:events --no-format --since 1h --limit 1").lines().count());
        assertTrue(gogo.fails("wfp:events --since yesterday").contains("an age (30s, 5m, 2h, 1d)"));

        String stats = gogo.print("wfp:stats --layer INBOUND_TRANSPORT_V4 --no-format");
        List<String> lines = stats.lines().toList();
        String[] layer = lines.get(0).split("\t");
        assertEquals("INBOUND_TRANSPORT_V4", layer[0]);
        assertTrue(Long.parseLong(layer[1]) >= 2 && Long.parseLong(layer[3]) >= 1, stats);
        assertEquals(id + "\tno telnet\tINBOUND_TRANSPORT_V4\t1\t1", lines.get(1));
    }

    @Test
    void flowsCountsTheOpenFlows() throws Exception {
        long f = flows.openFlow();
        try {
            Object view = gogo.run("wfp:flows");
            assertEquals(flows.openFlows(), gogo.property(view, "openFlows"));
            assertTrue(gogo.print("wfp:flows").contains("open flow"));
        } finally {
            flows.closeFlow(f);
        }
    }

    @Test
    void calloutsWithoutTheRuntimeServiceShowCalloutObjects() throws Exception {
        UUID key = UUID.randomUUID();
        try (EngineSession s = engine.open(SessionOptions.named("setup"))) {
            s.addCallout(CalloutObject.of(key, "logger", Layer.ALE_FLOW_ESTABLISHED_V4));
        }
        gogo.run("wfp:filter-add --layer ALE_FLOW_ESTABLISHED_V4 --action CALLOUT_INSPECTION --callout logger"
                + " --name log");
        String row = gogo.print("wfp:callouts --no-format");
        assertTrue(row.startsWith(key + "\t-\tlogger\tOBJECT_WITHOUT_REGISTRATION\tALE_FLOW_ESTABLISHED_V4\t"), row);
        assertTrue(gogo.print("wfp:filters --callout " + key).contains("CALLOUT_INSPECTION:logger"));
        assertTrue(gogo.fails("wfp:callout-reset logger").contains("NOT_SUPPORTED"));
    }

    private int visibleFilters() {
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            return s.filters().size();
        }
    }
}
