package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.NotifyType;

/** Translations as flow contexts: one association per flow, released with the flows, one per concurrent start. */
class FlowContextTest {

    @Test
    void aFlowIsAssociatedOnceAndLaterPacketsUseTheContext() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        long flow = h.flows.openFlow();
        byte[] packet = Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, new byte[8], true);

        byte[] first = h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, flow).onlyInjected();
        for (int i = 0; i < 4; i++) {
            byte[] later = h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, flow).onlyInjected();
            assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(later));
        }

        assertEquals(1, h.flows.associateCalls.get(), "no second associate attempt for the flow");
        Object context = h.flows.context(flow, Layer.OUTBOUND_TRANSPORT_V4, h.outbound.calloutId());
        assertInstanceOf(MappingRef.class, context);
        assertEquals(5, h.core.table().rows(10).get(0).originalPackets());
        assertEquals(1, h.core.count(NatCounter.MAPPINGS_CREATED));
    }

    @Test
    void whenTheEngineRefusesTheAssociationThePacketIsStillTranslatedAndNothingIsKept() {
        NatHarness h = new NatHarness();
        NatRule rule = h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        long unknownFlow = 999;

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, new byte[8], true), unknownFlow);

        assertEquals(ActionType.BLOCK, r.action());
        assertEquals(1, r.injected().size());
        assertEquals(1, h.core.count(NatCounter.ASSOCIATE_FAILED));
        assertEquals(1, h.core.table().held(), "held: nothing holds it, it ends after the hold time");
        h.advanceSeconds(31);
        h.classify(Layer.OUTBOUND_TRANSPORT_V4, Packets.udp("10.0.0.9", 1, "198.51.100.7", 53, new byte[8], false),
                0);
        assertEquals(0, h.core.table().size());
        assertEquals(0, rule.portsInUse());
    }

    @Test
    void concurrentFirstPacketsOfOneFlowMakeOneTranslation() throws Exception {
        NatHarness h = new NatHarness(true, 0, 1000);
        NatRule rule = h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        long flow = h.flows.openFlow();
        byte[] packet = Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<ActionType> verdicts = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                // the engine passes a null context to packets that raced the first association
                MemoryMetadata md = new MemoryMetadata();
                md.setFlowHandle(flow);
                md.setTimestampNanos(h.now);
                MemoryClassifyOut out = MemoryClassifyOut.fresh();
                h.outbound.classify(new MemoryIncomingValues(Layer.OUTBOUND_TRANSPORT_V4), md, Frame.ip(packet),
                        Filter.of("nat", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.calloutTerminating(
                                java.util.UUID.fromString(NatOutboundCallout.KEY))), null, out);
                verdicts.add(out.isAbsorb() ? out.actionType() : ActionType.NONE);
            });
            workers.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        for (MemoryInjector.Injected i : h.injector.takeAll()) {
            ports.add(Packets.sourcePort(i.packet()));
        }

        assertEquals(java.util.Collections.nCopies(threads, ActionType.BLOCK), verdicts, "all absorbed");
        assertEquals(threads, ports.size(), "every packet was translated");
        assertEquals(1, ports.stream().distinct().count(), "all with the one translation's port");
        assertEquals(1, h.core.table().size());
        assertEquals(1, rule.portsInUse(), "ports of losing candidates were given back");
        assertEquals(1, h.flows.contexts());
        h.flows.closeFlow(flow);
        assertEquals(1, h.core.reap(h.core.now()), "hold time 0: free at the next look");
        assertEquals(0, rule.portsInUse());
        assertEquals(0, h.core.table().size());
    }

    @Test
    void removingARuleKeepsItsMappingsUntilTheirFlowsEnd() {
        NatHarness h = new NatHarness();
        NatRule rule = h.rule("snat", "10.0.0.5", "192.0.2.5");
        long flow = h.flows.openFlow();
        byte[] packet = Packets.tcp("10.0.0.5", 40001, "198.51.100.7", 80, Packets.SYN, new byte[0]);
        h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, flow).onlyInjected();

        h.rules.remove(rule.id);

        assertEquals(ActionType.BLOCK, h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, flow).action(),
                "the flow keeps its translation");
        assertEquals(ActionType.PERMIT, h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.5", 40002, "198.51.100.7", 80, Packets.SYN, new byte[0]),
                h.flows.openFlow()).action(), "a new flow finds no rule");
    }

    @Test
    void notifyRefusesLayersAndActionsItsKeyIsNotFor() {
        NatHarness h = new NatHarness();
        FilterAction outKey = FilterAction.calloutTerminating(java.util.UUID.fromString(NatOutboundCallout.KEY));
        FilterAction inKey = FilterAction.calloutTerminating(java.util.UUID.fromString(NatInboundCallout.KEY));

        assertTrue(h.outbound.notify(NotifyType.ADD_FILTER, null,
                Filter.of("out", Layer.OUTBOUND_TRANSPORT_V4, outKey)));
        assertTrue(h.inbound.notify(NotifyType.ADD_FILTER, null,
                Filter.of("in", Layer.INBOUND_TRANSPORT_V4, inKey)));
        assertFalse(h.outbound.notify(NotifyType.ADD_FILTER, null,
                Filter.of("wrong", Layer.INBOUND_TRANSPORT_V4, outKey)));
        assertFalse(h.inbound.notify(NotifyType.ADD_FILTER, null,
                Filter.of("fwd", Layer.IPFORWARD_V4, inKey)));
        assertFalse(h.outbound.notify(NotifyType.ADD_FILTER, null, Filter.of("look", Layer.OUTBOUND_TRANSPORT_V4,
                FilterAction.calloutInspection(java.util.UUID.fromString(NatOutboundCallout.KEY)))));
        assertFalse(h.outbound.notify(NotifyType.ADD_FILTER, null, Filter.of("unknown", Layer.OUTBOUND_TRANSPORT_V4,
                FilterAction.calloutUnknown(java.util.UUID.fromString(NatOutboundCallout.KEY)))));
        assertTrue(h.inbound.notify(NotifyType.DELETE_FILTER, null,
                Filter.of("fwd", Layer.IPFORWARD_V4, inKey)));

        List<String> refused = h.core.refusedFilters();
        assertEquals(4, refused.size());
        assertEquals("filter 'wrong' refused: it is at INBOUND_TRANSPORT_V4, but callout " + NatOutboundCallout.KEY
                + " is for OUTBOUND_TRANSPORT_V4; name " + NatInboundCallout.KEY + " at INBOUND_TRANSPORT_V4 there "
                + "instead (callouts.nat/nat.json places both)", refused.get(0));
        assertTrue(refused.get(2).startsWith("filter 'look' refused: it is CALLOUT_INSPECTION; use "
                + "CALLOUT_TERMINATING"), refused.get(2));
        refused.forEach(line -> assertFalse(line.contains("\n")));
    }
}
