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
        Object context = h.flows.context(flow, Layer.OUTBOUND_TRANSPORT_V4, h.calloutId);
        assertInstanceOf(Translation.class, context);
        assertEquals(5, ((Translation) context).originalPackets.get());
        assertEquals(1, h.callout.count(NatCounter.TRANSLATIONS_CREATED));
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
        assertEquals(1, h.callout.count(NatCounter.ASSOCIATE_FAILED));
        assertTrue(h.callout.translations().isEmpty());
        assertEquals(0, rule.portsInUse());
    }

    @Test
    void concurrentFirstPacketsOfOneFlowMakeOneTranslation() throws Exception {
        NatHarness h = new NatHarness();
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
                MemoryClassifyOut out = MemoryClassifyOut.fresh();
                h.callout.classify(new MemoryIncomingValues(Layer.OUTBOUND_TRANSPORT_V4), md, Frame.ip(packet),
                        Filter.of("nat", Layer.OUTBOUND_TRANSPORT_V4,
                                FilterAction.calloutTerminating(NatCallout.CALLOUT_KEY)), null, out);
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
        assertEquals(1, h.callout.translations().size());
        assertEquals(1, rule.portsInUse(), "ports of losing candidates were given back");
        assertEquals(1, h.flows.contexts());
        h.flows.closeFlow(flow);
        assertEquals(0, rule.portsInUse());
        assertTrue(h.callout.translations().isEmpty());
    }

    @Test
    void removingARuleKeepsItsTranslationsUntilTheirFlowsEnd() {
        NatHarness h = new NatHarness();
        NatRule rule = h.rule("static", "10.0.0.5", "192.0.2.5");
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
    void notifyRefusesLayersAndActionsItCannotWorkWith() {
        NatHarness h = new NatHarness();
        FilterAction terminating = FilterAction.calloutTerminating(NatCallout.CALLOUT_KEY);

        assertTrue(h.callout.notify(NotifyType.ADD_FILTER, null,
                Filter.of("in", Layer.INBOUND_TRANSPORT_V4, terminating)));
        assertTrue(h.callout.notify(NotifyType.ADD_FILTER, null,
                Filter.of("out", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.calloutUnknown(NatCallout.CALLOUT_KEY))));
        assertFalse(h.callout.notify(NotifyType.ADD_FILTER, null,
                Filter.of("fwd", Layer.IPFORWARD_V4, terminating)));
        assertFalse(h.callout.notify(NotifyType.ADD_FILTER, null,
                Filter.of("v6", Layer.INBOUND_TRANSPORT_V6, terminating)));
        assertFalse(h.callout.notify(NotifyType.ADD_FILTER, null, Filter.of("look", Layer.INBOUND_TRANSPORT_V4,
                FilterAction.calloutInspection(NatCallout.CALLOUT_KEY))));
        assertTrue(h.callout.notify(NotifyType.DELETE_FILTER, null,
                Filter.of("fwd", Layer.IPFORWARD_V4, terminating)));

        List<String> refused = h.callout.refusedFilters();
        assertEquals(3, refused.size());
        assertTrue(refused.get(0).startsWith("filter 'fwd' refused: it is at IPFORWARD_V4;"), refused.get(0));
        refused.forEach(line -> assertFalse(line.contains("\n")));
    }
}
