package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;

/**
 * The logging callout behind a CALLOUT_INSPECTION filter of the real engine: it counts a flow's packets in its
 * own flow context, never changes the decision, and writes the flow's summary when flowDelete comes.
 */
class LoggingCalloutTest {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;
    private static final UUID KEY = UUID.fromString(LoggingCallout.KEY);

    private final FlowTable flows = new FlowTable();
    private final CalloutTable callouts = new CalloutTable(flows);
    private final NetEventLog events = new NetEventLog();
    private final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, new EngineStatistics());
    private final BaseFilteringEngine engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts,
            events, new EngineStatistics(), null, EngineLog.system());
    private final LoggingCallout logging = new LoggingCallout(flows);

    @AfterEach
    void close() {
        engine.close();
    }

    private Filter inspect() {
        try (EngineSession s = engine.open(SessionOptions.named("logging test"))) {
            s.addCallout(CalloutObject.of(KEY, "weir logging", LAYER));
            return s.addFilter(Filter.of("log everything", LAYER, FilterAction.calloutInspection(KEY)));
        }
    }

    private Verdict packet(long flow, int remotePort) {
        IncomingValues v = classifier.newIncomingValues(LAYER);
        v.set(Field.IP_PROTOCOL, Value.uint8(6));
        v.set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"));
        v.set(Field.IP_LOCAL_PORT, Value.uint16(22));
        v.set(Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"));
        v.set(Field.IP_REMOTE_PORT, Value.uint16(remotePort));
        Metadata md = classifier.newMetadata().setFlowHandle(flow);
        Verdict out = classifier.newVerdict();
        classifier.classify(LAYER, v, md, null, out);
        return out;
    }

    @Test
    void countsEachFlowInItsContextAndSummarisesItAtFlowDelete() {
        Filter f = inspect();
        int id = callouts.register(KEY, logging, null);
        long a = flows.openFlow();
        long b = flows.openFlow();
        for (int i = 0; i < 3; i++) {
            Verdict v = packet(a, 40000);
            assertEquals(ActionType.PERMIT, v.action());
            assertEquals(DecisionReason.NO_MATCH, v.reason(), "an inspection callout decides nothing");
        }
        packet(b, 40001);
        assertTrue(flows.context(a, LAYER, id) instanceof FlowRecord, "one context per flow, its own");

        List<String> active = logging.flows();
        assertEquals(2, active.size(), active.toString());
        assertTrue(active.stream().anyMatch(l -> l.startsWith("active flow " + a) && l.contains("3 packets")),
                active.toString());
        assertTrue(active.get(0).contains("10.0.0.2:22 <-> 198.51.100.7:"), active.get(0));

        flows.closeFlow(a);

        List<String> after = logging.flows();
        assertTrue(after.stream().anyMatch(l -> l.startsWith("ended  flow " + a) && l.contains("3 packets")),
                after.toString());
        assertTrue(after.stream().anyMatch(l -> l.startsWith("active flow " + b)), after.toString());
        assertEquals("4 packets seen", logging.packets().get(0));
        assertTrue(logging.packets().get(1).contains("filter=" + f.filterId()), logging.packets().toString());
        assertEquals(4, callouts.lookup(KEY).calls());
        assertEquals(0, callouts.lookup(KEY).errors());
    }

    @Test
    void aReleasedCalloutSummarisesItsFlowsOnce() {
        inspect();
        callouts.register(KEY, logging, null);
        long a = flows.openFlow();
        packet(a, 40000);
        callouts.release(callouts.lookup(KEY)); // what a stopping bundle gets

        assertTrue(logging.flows().get(0).startsWith("ended  flow " + a), logging.flows().toString());
        flows.closeFlow(a);
        assertEquals(1, logging.flows().size(), "flowDelete once: closing the flow later adds nothing");
    }

    @Test
    void withoutAFlowItStillCountsThePacket() {
        inspect();
        callouts.register(KEY, logging, null);
        packet(0, 40000);
        assertEquals(List.of(), logging.flows());
        assertEquals("1 packets seen", logging.packets().get(0));
    }
}
