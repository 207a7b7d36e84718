package weir.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.Checksums;
import weir.engine.api.ClassifyOut;
import weir.engine.api.DataType;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.InjectionState;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.Weights;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The bridge does the shim's part for callouts that rewrite packets: flows by 5-tuple, the layers' walk, the
 * engine's reading of a callout's answer (held to the real engine's), injected copies classified again with
 * their handles, flows ended by FIN and RST.
 */
class TestBridgeTest {
    private static final UUID KEY = UUID.fromString("0b4c5a7e-1d2f-4e3a-9b8c-7d6e5f4a3b2c");

    /** Rewrites the destination port of outbound UDP from one port to another: absorb, inject a fixed copy. */
    static final class Redirect implements Callout {
        final TestInjector injector;
        final Object handle;
        final int from;
        final int to;
        final List<String> seen = new ArrayList<>();
        final List<TestMetadata> metadata = new ArrayList<>();

        Redirect(TestInjector injector, int from, int to) {
            this.injector = injector;
            this.handle = injector.createHandle("redirect");
            this.from = from;
            this.to = to;
        }

        @Override
        public void classify(IncomingValues values, Metadata md, LayerData data, Filter filter, Object context,
                ClassifyOut out) {
            metadata.add(TestMetadata.copyOf(md));
            InjectionState state = injector.state(handle, md);
            byte[] a = data.array();
            int port = Checksums.get16(a, data.transportOffset() + 2);
            seen.add(state + " " + port);
            if (state == InjectionState.INJECTED_BY_SELF || state == InjectionState.PREVIOUSLY_INJECTED_BY_SELF
                    || port != from) {
                out.setActionType(ActionType.PERMIT);
                return;
            }
            int ip = data.networkOffset();
            byte[] copy = Arrays.copyOfRange(a, ip, ip + Checksums.get16(a, ip + 2));
            int t = data.transportOffset() - ip;
            Checksums.put16(copy, t + 2, to);
            Checksums.fixTransport(copy, 0, t, copy.length - t, 17);
            injector.inject(handle, md.packetDirection(), copy, 0, copy.length, md);
            out.setActionType(ActionType.BLOCK);
            out.setAbsorb();
            out.clearWriteRight();
        }
    }

    /** Lowers the TTL of every IPv4 packet it did not inject itself: a second rewriter at the IP packet layer. */
    static final class TtlLowerer implements Callout {
        final TestInjector injector;
        final Object handle;

        TtlLowerer(TestInjector injector) {
            this.injector = injector;
            this.handle = injector.createHandle("ttl");
        }

        @Override
        public void classify(IncomingValues values, Metadata md, LayerData data, Filter filter, Object context,
                ClassifyOut out) {
            if (injector.state(handle, md) == InjectionState.INJECTED_BY_SELF) {
                out.setActionType(ActionType.PERMIT);
                return;
            }
            int ip = data.networkOffset();
            byte[] copy = Arrays.copyOfRange(data.array(), ip, ip + Checksums.get16(data.array(), ip + 2));
            copy[8]--;
            Checksums.fixIpv4Header(copy, 0);
            injector.inject(handle, md.packetDirection(), copy, 0, copy.length, md);
            out.setActionType(ActionType.BLOCK);
            out.setAbsorb();
            out.clearWriteRight();
        }
    }

    /** Logs each call, associates a context with each flow it sees, answers as told; logs notify and flowDelete. */
    static final class Recorder implements Callout {
        final TestFlowContexts flows;
        final List<String> log;
        ActionType answer = ActionType.PERMIT;
        boolean absorb;
        boolean refuse;
        final List<String> deleted = new ArrayList<>();
        final List<NotifyType> notified = new ArrayList<>();
        final List<IncomingValues> values = new ArrayList<>();
        int id;

        Recorder(TestFlowContexts flows, List<String> log) {
            this.flows = flows;
            this.log = log;
        }

        @Override
        public void registered(int calloutId) {
            id = calloutId;
        }

        @Override
        public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
            notified.add(type);
            return !refuse;
        }

        @Override
        public void classify(IncomingValues v, Metadata md, LayerData data, Filter filter, Object context,
                ClassifyOut out) {
            log.add(v.layer() + " flow " + md.flowHandle());
            values.add(v);
            if (md.flowHandle() != 0 && context == null) {
                flows.associate(md.flowHandle(), v.layer(), id, v.layer() + "#" + md.flowHandle());
            }
            out.setActionType(answer);
            if (absorb) {
                out.setAbsorb();
            }
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object context, FlowEndReason reason) {
            deleted.add(context + " " + reason);
        }
    }

    private static Filter terminating(Layer layer) {
        return Filter.of("test", layer, FilterAction.calloutTerminating(KEY));
    }

    @Test
    void aRewrittenCopyIsClassifiedAgainWithItsHandleAndLeavesInsteadOfTheOriginal() {
        TestFlowContexts flows = new TestFlowContexts();
        TestInjector injector = new TestInjector();
        Redirect redirect = new Redirect(injector, 53, 5353);
        TestBridge bridge = new TestBridge(flows, injector)
                .place(flows.register(redirect), terminating(Layer.OUTBOUND_TRANSPORT_V4));

        bridge.after(Duration.ofSeconds(5)).fromInside(TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 53, "query"));

        assertArrayEquals(TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 5353, "query").ipBytes(),
                bridge.takeOutside());
        assertEquals(List.of(), bridge.toOutside(), "the original was absorbed: only its copy left");
        assertEquals(List.of(), bridge.dropped());
        assertEquals(List.of("NOT_INJECTED 53", "INJECTED_BY_SELF 5353"), redirect.seen);
        TestMetadata original = redirect.metadata.get(0);
        TestMetadata copy = redirect.metadata.get(1);
        assertEquals(Direction.OUTBOUND, original.packetDirection());
        assertEquals(TestBridge.START.plusSeconds(5).getEpochSecond() * 1_000_000_000L, original.timestampNanos());
        assertEquals(List.of(20, 8), List.of(original.ipHeaderSize(), original.transportHeaderSize()));
        assertNull(original.injectedBy());
        assertSame(redirect.handle, copy.injectedBy());
        assertTrue(original.flowHandle() != 0 && copy.flowHandle() != 0);
        assertNotEquals(original.flowHandle(), copy.flowHandle(), "the copy has its own 5-tuple, so its own flow");
        assertEquals(2, bridge.flows());

        byte[] answer = TestPacket.udp("192.0.2.53", 5353, "10.0.0.2", 5000, "answer").ipBytes();
        bridge.fromOutside(answer);
        assertArrayEquals(answer, bridge.takeInside(), "nothing is placed inbound: it passes as it came");
        assertEquals(2, bridge.flows(), "the answer is of the copy's flow");
        assertThrows(AssertionError.class, bridge::takeInside);
    }

    @Test
    void aCopyOfAnotherCalloutsCopyCarriesBothHandles() {
        TestFlowContexts flows = new TestFlowContexts();
        TestInjector injector = new TestInjector();
        Redirect redirect = new Redirect(injector, 53, 5353);
        TestBridge bridge = new TestBridge(flows, injector)
                .place(flows.register(redirect), terminating(Layer.OUTBOUND_TRANSPORT_V4))
                .place(flows.register(new TtlLowerer(injector)), terminating(Layer.OUTBOUND_IPPACKET_V4));

        bridge.fromInside(TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 53, "query"));

        byte[] expected = TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 5353, "query").ipBytes();
        expected[8]--;
        Checksums.fixIpv4Header(expected, 0);
        assertArrayEquals(expected, bridge.takeOutside());
        assertEquals(List.of("NOT_INJECTED 53", "INJECTED_BY_SELF 5353", "PREVIOUSLY_INJECTED_BY_SELF 5353"),
                redirect.seen, "the TTL copy of the redirect's copy is the redirect's previously");
    }

    @Test
    void theCalloutsAnswerMeansWhatTheRealEngineMakesOfIt() {
        Layer l = Layer.INBOUND_TRANSPORT_V4;
        LayerData packet = TestPacket.tcp("198.51.100.7", 40000, "10.0.0.2", 22, TestPacket.SYN, "");
        List<FilterAction> actions = List.of(FilterAction.calloutTerminating(KEY), FilterAction.calloutInspection(KEY),
                FilterAction.calloutUnknown(KEY));
        List<ActionType> answers = List.of(ActionType.PERMIT, ActionType.BLOCK, ActionType.CONTINUE, ActionType.NONE);
        int cases = 0;
        for (boolean conditional : new boolean[] {false, true}) {
            for (FilterAction action : actions) {
                for (ActionType answer : answers) {
                    Callout engineSide = answering(answer, conditional);
                    Callout kitSide = answering(answer, conditional);
                    ActionType engine = realEngine(l, action, engineSide, packet);
                    TestFlowContexts flows = new TestFlowContexts();
                    TestBridge.Outcome kit = new TestBridge(flows, new TestInjector())
                            .place(flows.register(kitSide), Filter.of("t", l, action)).classify(l, packet, 0);
                    String what = action.type() + " answering " + answer + (conditional ? " on flow" : "");
                    assertEquals(engine, kit.verdict(), what);
                    assertEquals(!conditional, kit.called(), what);
                    cases++;
                }
            }
        }
        assertEquals(24, cases);
    }

    private static Callout answering(ActionType answer, boolean conditionalOnFlow) {
        return new Callout() {
            @Override
            public Set<CalloutFlag> flags() {
                return conditionalOnFlow ? Set.of(CalloutFlag.CONDITIONAL_ON_FLOW) : Set.of();
            }

            @Override
            public void classify(IncomingValues values, Metadata md, LayerData data, Filter filter, Object context,
                    ClassifyOut out) {
                out.setActionType(answer);
            }
        };
    }

    /** The decision of Weir's own classifier for a layer holding one filter that names {@code callout}. */
    private static ActionType realEngine(Layer l, FilterAction action, Callout callout, LayerData packet) {
        FlowTable flowTable = new FlowTable();
        CalloutTable callouts = new CalloutTable(flowTable);
        ClassifierImpl classifier = new ClassifierImpl(callouts, flowTable, new NetEventLog(), new EngineStatistics());
        callout.registered(callouts.register(KEY, callout, null));
        Filter f = Filter.of("t", l, action);
        f = f.withIds(UUID.randomUUID(), Layer.SUBLAYER_UNIVERSAL, 1,
                Weights.effectiveWeight(l, f.weight(), f.conditions()));
        classifier.publish(l, List.of(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000)), List.of(f));
        Verdict out = classifier.newVerdict();
        classifier.classify(l, classifier.newIncomingValues(l), classifier.newMetadata(), packet, out);
        return out.toDecision().action();
    }

    @Test
    void flowsAreOnePerTupleBothWaysAndEndWithFinFromBothEndsOrAnRst() {
        TestFlowContexts flows = new TestFlowContexts();
        List<String> log = new ArrayList<>();
        Recorder out = new Recorder(flows, log);
        Recorder in = new Recorder(flows, log);
        TestBridge bridge = new TestBridge(flows, new TestInjector())
                .place(flows.register(out), terminating(Layer.OUTBOUND_TRANSPORT_V4))
                .place(flows.register(in), terminating(Layer.INBOUND_TRANSPORT_V4));

        bridge.fromInside(TestPacket.tcp("10.0.0.2", 40000, "198.51.100.7", 80, TestPacket.SYN, ""));
        long flow = flows.handles().get(0);
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.SYN | TestPacket.ACK, ""));
        bridge.fromInside(TestPacket.tcp("10.0.0.2", 40000, "198.51.100.7", 80, TestPacket.FIN | TestPacket.ACK, ""));
        assertEquals(1, bridge.flows(), "one FIN does not end it");
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.FIN | TestPacket.ACK, ""));

        assertEquals(List.of("OUTBOUND_TRANSPORT_V4 flow " + flow, "INBOUND_TRANSPORT_V4 flow " + flow,
                "OUTBOUND_TRANSPORT_V4 flow " + flow, "INBOUND_TRANSPORT_V4 flow " + flow), log);
        assertEquals(List.of("OUTBOUND_TRANSPORT_V4#" + flow + " FIN"), out.deleted);
        assertEquals(List.of("INBOUND_TRANSPORT_V4#" + flow + " FIN"), in.deleted);
        assertEquals(0, bridge.flows());
        assertEquals(0, flows.openFlows());

        bridge.fromInside(TestPacket.tcp("10.0.0.2", 40001, "198.51.100.7", 80, TestPacket.SYN, ""));
        long second = flows.handles().get(0);
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40001, TestPacket.RST, ""));
        assertEquals(List.of("INBOUND_TRANSPORT_V4#" + second + " RST"), in.deleted.subList(1, 2));
        assertEquals(0, bridge.flows());

        log.clear();
        bridge.fromInside(TestPacket.echo("10.0.0.2", "198.51.100.7", true, 9, 1));
        long ping = flows.handles().get(0);
        bridge.fromOutside(TestPacket.echo("198.51.100.7", "10.0.0.2", false, 9, 1));
        bridge.fromOutside(TestPacket.icmp("203.0.113.1", "10.0.0.2", 11, 0,
                TestPacket.udp("10.0.0.2", 5000, "198.51.100.7", 53, "q").ipBytes()));
        assertEquals(List.of("OUTBOUND_TRANSPORT_V4 flow " + ping, "INBOUND_TRANSPORT_V4 flow " + ping,
                "INBOUND_TRANSPORT_V4 flow 0"), log, "echo by its identifier; an ICMP error has no flow");
        assertEquals(1, bridge.flows());
        assertTrue(bridge.endFlowOf(TestPacket.echo("198.51.100.7", "10.0.0.2", false, 9, 2), FlowEndReason.IDLE));
        assertFalse(bridge.endFlowOf(TestPacket.echo("198.51.100.7", "10.0.0.2", false, 9, 2), FlowEndReason.IDLE));
        assertEquals("INBOUND_TRANSPORT_V4#" + ping + " IDLE", in.deleted.get(2));

        bridge.fromOutside(TestPacket.udp("198.51.100.7", 53, "10.0.0.2", 5000, "a"));
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 40002, "10.0.0.2", 22, TestPacket.SYN, ""));
        List<Long> open = flows.handles();
        assertEquals(2, bridge.flows());
        bridge.endAllFlows(FlowEndReason.SHUTDOWN);
        assertEquals(0, bridge.flows());
        assertEquals(0, flows.openFlows());
        assertEquals(List.of("INBOUND_TRANSPORT_V4#" + open.get(0) + " SHUTDOWN",
                "INBOUND_TRANSPORT_V4#" + open.get(1) + " SHUTDOWN"), in.deleted.subList(3, 5), "oldest first");
    }

    @Test
    void layersAreWalkedInTheStacksOrderAndTheFirstBlockEndsTheWalk() {
        TestFlowContexts flows = new TestFlowContexts();
        TestInjector injector = new TestInjector();
        List<String> log = new ArrayList<>();
        TestBridge bridge = new TestBridge(flows, injector);
        List<Recorder> recorders = new ArrayList<>();
        for (Layer l : List.of(Layer.INBOUND_IPPACKET_V4, Layer.INBOUND_TRANSPORT_V4, Layer.INBOUND_ICMP_ERROR_V4,
                Layer.OUTBOUND_ICMP_ERROR_V4, Layer.OUTBOUND_TRANSPORT_V4, Layer.OUTBOUND_IPPACKET_V4)) {
            Recorder r = new Recorder(flows, log);
            bridge.place(flows.register(r), terminating(l));
            recorders.add(r);
        }
        byte[] quote = TestPacket.udp("10.0.0.2", 5000, "198.51.100.7", 53, "q").ipBytes();

        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.SYN, ""));
        long flow = flows.handles().get(0);
        bridge.fromOutside(TestPacket.icmp("198.51.100.7", "10.0.0.2", 3, 3, quote));
        bridge.fromInside(TestPacket.tcp("10.0.0.2", 40000, "198.51.100.7", 80, TestPacket.SYN | TestPacket.ACK, ""));
        bridge.fromInside(TestPacket.icmp("10.0.0.2", "198.51.100.7", 3, 3, quote));
        byte[] later = TestPacket.udp("198.51.100.7", 53, "10.0.0.2", 5000, "abcdefghij").ipBytes();
        later[7] = 1;
        Checksums.fixIpv4Header(later, 0);
        bridge.fromOutside(later);

        assertEquals(List.of("INBOUND_IPPACKET_V4 flow 0", "INBOUND_TRANSPORT_V4 flow " + flow,
                "INBOUND_IPPACKET_V4 flow 0", "INBOUND_TRANSPORT_V4 flow 0", "INBOUND_ICMP_ERROR_V4 flow 0",
                "OUTBOUND_TRANSPORT_V4 flow " + flow, "OUTBOUND_IPPACKET_V4 flow 0",
                "OUTBOUND_ICMP_ERROR_V4 flow 0", "OUTBOUND_TRANSPORT_V4 flow 0", "OUTBOUND_IPPACKET_V4 flow 0",
                "INBOUND_IPPACKET_V4 flow 0"), log, "a later fragment crosses only the IP packet layer");
        assertEquals(3, bridge.toInside().size());
        assertEquals(2, bridge.toOutside().size());

        log.clear();
        recorders.get(0).answer = ActionType.BLOCK;
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.ACK, "x"));
        recorders.get(0).absorb = true;
        bridge.fromOutside(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.ACK, "y"));
        assertEquals(List.of("INBOUND_IPPACKET_V4 flow 0", "INBOUND_IPPACKET_V4 flow 0"), log, "blocked at the"
                + " first layer: the transport layer never sees it");
        assertEquals(1, bridge.dropped().size(), "blocked: dropped (a net event); absorbed: gone");
        assertArrayEquals(TestPacket.tcp("198.51.100.7", 80, "10.0.0.2", 40000, TestPacket.ACK, "x").ipBytes(),
                bridge.dropped().get(0));
        assertEquals(3, bridge.toInside().size());
    }

    @Test
    void aCalloutThatInjectsItsOwnPacketsAgainFailsTheTestInsteadOfLooping() {
        TestFlowContexts flows = new TestFlowContexts();
        TestInjector injector = new TestInjector();
        Object handle = injector.createHandle("loop");
        Callout loop = new Callout() {
            @Override
            public void classify(IncomingValues values, Metadata md, LayerData data, Filter filter,
                    Object context, ClassifyOut out) {
                injector.inject(handle, Direction.OUTBOUND, data.array(), data.networkOffset(),
                        data.offset() + data.length() - data.networkOffset(), md);
                out.setActionType(ActionType.BLOCK);
                out.setAbsorb();
            }
        };
        TestBridge bridge = new TestBridge(flows, injector)
                .place(flows.register(loop), terminating(Layer.OUTBOUND_TRANSPORT_V4));

        AssertionError e = assertThrows(AssertionError.class,
                () -> bridge.fromInside(TestPacket.udp("10.0.0.2", 1, "10.0.0.3", 2, "")));
        assertTrue(e.getMessage().contains("spec rule 29"), e.getMessage());
        assertEquals(TestBridge.MAX_DEPTH + 1, injector.count());
    }

    @Test
    void placingIsRefusedWhereTheBridgeCannotCallTheCalloutAndWhereTheCalloutRefuses() {
        TestFlowContexts flows = new TestFlowContexts();
        TestBridge bridge = new TestBridge(flows, new TestInjector());
        Recorder r = new Recorder(flows, new ArrayList<>());
        int id = flows.register(r);

        assertThrows(IllegalArgumentException.class, () -> bridge.place(id, terminating(Layer.ALE_AUTH_CONNECT_V4)));
        assertThrows(IllegalArgumentException.class, () -> bridge.place(id,
                Filter.of("plain", Layer.INBOUND_TRANSPORT_V4, FilterAction.permit())));
        assertThrows(IllegalArgumentException.class, () -> bridge.place(id + 1,
                terminating(Layer.INBOUND_TRANSPORT_V4)));
        bridge.place(id, terminating(Layer.INBOUND_TRANSPORT_V4));
        Recorder refusing = new Recorder(flows, new ArrayList<>());
        refusing.refuse = true;
        int refusingId = flows.register(refusing);
        WfpException refused = assertThrows(WfpException.class, () -> bridge.place(refusingId,
                terminating(Layer.INBOUND_TRANSPORT_V4)));
        assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, refused.error());
        assertEquals(List.of(NotifyType.ADD_FILTER), r.notified, "a refused filter changes nothing");
        bridge.classify(Layer.INBOUND_TRANSPORT_V4, TestPacket.udp("10.0.0.3", 1, "10.0.0.2", 2, ""), 0);
        assertEquals(1, r.values.size(), "still placed");
        bridge.place(flows.register(new Recorder(flows, new ArrayList<>())), terminating(Layer.INBOUND_TRANSPORT_V4));
        assertEquals(List.of(NotifyType.ADD_FILTER, NotifyType.DELETE_FILTER), r.notified, "replaced: deleted");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> bridge.classify(
                Layer.OUTBOUND_TRANSPORT_V4, TestPacket.udp("10.0.0.2", 1, "10.0.0.3", 2, ""), 0));
        assertTrue(none.getMessage().contains("no callout is placed at OUTBOUND_TRANSPORT_V4"), none.getMessage());
    }

    @Test
    void oneClassifyTakesAnyPacketAndTellsWhatWasInjected() {
        TestFlowContexts flows = new TestFlowContexts();
        TestInjector injector = new TestInjector();
        Recorder r = new Recorder(flows, new ArrayList<>());
        Redirect redirect = new Redirect(injector, 53, 5353);
        TestBridge bridge = new TestBridge(flows, injector)
                .place(flows.register(r), terminating(Layer.INBOUND_TRANSPORT_V4))
                .place(flows.register(redirect), terminating(Layer.OUTBOUND_TRANSPORT_V4));

        TestBridge.Outcome v6 = bridge.classify(Layer.INBOUND_TRANSPORT_V4,
                TestPacket.udp("2001:db8::7", 53, "2001:db8::2", 5000, "a"), 0);
        assertTrue(v6.called());
        assertEquals(DataType.EMPTY, r.values.get(0).type(Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_PROTOCOL)),
                "an IPv6 packet at a V4 layer: the shim never does this, the values stay EMPTY");
        TestBridge.Outcome permitted = bridge.classify(Layer.OUTBOUND_TRANSPORT_V4,
                TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 123, "t"), flows.openFlow());
        assertEquals(List.of(), permitted.injected());
        assertThrows(AssertionError.class, permitted::onlyInjected);
        TestBridge.Outcome rewritten = bridge.classify(Layer.OUTBOUND_TRANSPORT_V4,
                TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 53, "q"), flows.openFlow());
        assertEquals(ActionType.BLOCK, rewritten.action());
        assertTrue(rewritten.absorb() && !rewritten.writeRight());
        assertArrayEquals(TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 5353, "q").ipBytes(),
                rewritten.onlyInjected());
        TestBridge.Outcome hard = bridge.classify(Layer.OUTBOUND_TRANSPORT_V4,
                TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 123, "t"), 0, null,
                TestClassifyOut.decided(ActionType.BLOCK, true));
        assertEquals(ActionType.BLOCK, hard.verdict(), "a higher hard BLOCK stands: the callout's PERMIT is no veto");

        redirect.injector.inject(redirect.handle, Direction.OUTBOUND, rewritten.onlyInjected(), 0,
                rewritten.onlyInjected().length, null);
        IllegalStateException waiting = assertThrows(IllegalStateException.class, () -> bridge.classify(
                Layer.OUTBOUND_TRANSPORT_V4, TestPacket.udp("10.0.0.2", 5000, "192.0.2.53", 53, "q"), 0));
        assertTrue(waiting.getMessage().contains("take them (takeAll)"), waiting.getMessage());
    }
}
