package weir.engine.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;
import weir.engine.api.WfpException;

/**
 * A bridge in miniature around the callouts under test, doing the shim's part of its bridge mode at the IP packet,
 * transport and ICMP error layers, for callouts that rewrite packets (clone → modify → inject). The inside is
 * local: a packet {@link #fromInside} goes OUTBOUND, one {@link #fromOutside} INBOUND. Each packet
 * <ul>
 * <li>belongs to a flow by its 5-tuple (both directions one flow; ICMP echo by its identifier), opened in the
 * {@link TestFlowContexts} with its first packet; ICMP errors and non-first fragments have none, and only the
 * transport layers get the flow's handle, as in the shim;</li>
 * <li>walks its layers in the stack's order (inbound: IP packet, transport, ICMP error; outbound: ICMP error,
 * transport, IP packet), the transport and ICMP error layers only when its transport header is intact. At each
 * layer where a callout is {@link #place placed} that callout is called as the engine calls it for its filter:
 * values from the packet ({@link TestValues#of}), metadata with the flow, direction, capture time ({@link #now}),
 * header sizes and injection handles. Its answer counts by the engine's rules for one filter (spec rule 10, D7):
 * CALLOUT_TERMINATING blocks unless the callout permitted, CALLOUT_INSPECTION never decides, CALLOUT_UNKNOWN
 * honours PERMIT, BLOCK and CONTINUE. The first BLOCK ends the walk;</li>
 * <li>is then delivered to the other side ({@link #takeOutside}, {@link #takeInside}) unless blocked: blocked,
 * it is {@link #dropped}, or gone without a trace when the callout set ABSORB;</li>
 * <li>moves its flow on when delivered or absorbed: an RST, or FINs from both ends, end the flow (flowDelete
 * with reason RST or FIN);</li>
 * <li>and last, every packet a callout injected meanwhile walks in its direction with its injection handle in
 * the metadata (spec rule 29: a callout must let its own packets pass; a chain of more than {@value #MAX_DEPTH}
 * injections fails the test, as the shim refuses it).</li>
 * </ul>
 *
 * <pre>
 * TestFlowContexts flows = new TestFlowContexts();
 * TestInjector injector = new TestInjector();
 * int id = flows.register(myCallout);                       // myCallout injects through injector
 * TestBridge bridge = new TestBridge(flows, injector)
 *         .place(id, Filter.of("mine", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.calloutTerminating(KEY)));
 * bridge.fromInside(TestPacket.tcp("10.0.0.5", 40000, "198.51.100.7", 443, TestPacket.SYN, ""));
 * byte[] sent = bridge.takeOutside();                       // the IP packet that left, after the callout
 * </pre>
 *
 * One callout per layer: arbitration between filters and sublayers is the engine's, tested with the real engine
 * (replay a {@link TestCapture} through weir.jar). {@link #classify} calls a placed callout once, for any packet,
 * and tells what it answered and injected. For one test thread.
 */
public final class TestBridge {
    /** The longest chain of injected packets injected again, as in the shim. */
    public static final int MAX_DEPTH = 8;
    /** Where the bridge's capture-time clock starts. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Layer[] OUTBOUND_V4 = {Layer.OUTBOUND_ICMP_ERROR_V4, Layer.OUTBOUND_TRANSPORT_V4,
        Layer.OUTBOUND_IPPACKET_V4};
    private static final Layer[] OUTBOUND_V6 = {Layer.OUTBOUND_ICMP_ERROR_V6, Layer.OUTBOUND_TRANSPORT_V6,
        Layer.OUTBOUND_IPPACKET_V6};
    private static final Layer[] INBOUND_V4 = {Layer.INBOUND_IPPACKET_V4, Layer.INBOUND_TRANSPORT_V4,
        Layer.INBOUND_ICMP_ERROR_V4};
    private static final Layer[] INBOUND_V6 = {Layer.INBOUND_IPPACKET_V6, Layer.INBOUND_TRANSPORT_V6,
        Layer.INBOUND_ICMP_ERROR_V6};

    /**
     * What one callout did with one packet.
     *
     * @param action the action the callout left in the classify-out
     * @param absorb whether it set ABSORB
     * @param writeRight whether the write right was still there afterwards
     * @param called false when the engine would not have called it (CONDITIONAL_ON_FLOW without a context)
     * @param verdict PERMIT or BLOCK: what the layer decides with this filter alone, by the engine's rules
     * @param injected the packets it injected meanwhile
     */
    public record Outcome(ActionType action, boolean absorb, boolean writeRight, boolean called, ActionType verdict,
            List<TestInjector.Injected> injected) {
        /** The one packet the callout injected; fails the test when it injected none or several. */
        public byte[] onlyInjected() {
            if (injected.size() != 1) {
                throw new AssertionError("expected the callout to inject one packet, it injected " + injected.size());
            }
            return injected.get(0).packet();
        }
    }

    private record Placement(int calloutId, Filter filter) {
    }

    private final TestFlowContexts flows;
    private final TestInjector injector;
    private final Map<Layer, Placement> placements = new EnumMap<>(Layer.class);
    private final BridgeFlows bridgeFlows;
    private final ArrayDeque<byte[]> toOutside = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toInside = new ArrayDeque<>();
    private final List<byte[]> dropped = new ArrayList<>();
    private long now = START.getEpochSecond() * 1_000_000_000L;

    /**
     * A bridge over this flow table (where the callouts are registered) and this injector (the one the callouts
     * inject with: the bridge walks what it holds).
     */
    public TestBridge(TestFlowContexts flows, TestInjector injector) {
        this.flows = flows;
        this.injector = injector;
        this.bridgeFlows = new BridgeFlows(flows);
    }

    /**
     * Places a registered callout at its filter's layer, as adding a filter that names it does: the callout's
     * {@code notify(ADD_FILTER)} may refuse it, and then nothing changes. A callout placed there before is
     * replaced (its notify hears DELETE_FILTER).
     *
     * @throws IllegalArgumentException for a layer the bridge does not walk, a filter whose action is no callout
     *             action, or a callout id not registered
     * @throws WfpException CALLOUT_NOTIFICATION_FAILED when the callout refuses the filter, as the engine says it
     */
    public TestBridge place(int calloutId, Filter filter) {
        Layer layer = filter.layer();
        if (!walked(layer)) {
            throw new IllegalArgumentException("TestBridge walks the IP packet, transport and ICMP error layers, not "
                    + layer + "; call a callout there through TestFlowContexts.classify, or replay a TestCapture"
                    + " through weir.jar");
        }
        if (!filter.action().type().isCallout()) {
            throw new IllegalArgumentException("filter '" + filter.name() + "' has action " + filter.action().type()
                    + "; place a filter whose action names the callout (FilterAction.calloutTerminating, ...)");
        }
        Callout callout = flows.callout(calloutId);
        if (callout == null) {
            throw new IllegalArgumentException("no callout is registered with id " + calloutId
                    + "; register it with TestFlowContexts.register first");
        }
        if (!callout.notify(NotifyType.ADD_FILTER, filter.filterKey(), filter)) {
            throw new WfpException(ErrorCode.CALLOUT_NOTIFICATION_FAILED, "filter '" + filter.name() + "' at "
                    + layer + ": callout " + calloutId + " refused it in notify(ADD_FILTER); nothing was placed");
        }
        Placement old = placements.get(layer);
        if (old != null) {
            Callout before = flows.callout(old.calloutId());
            if (before != null) {
                before.notify(NotifyType.DELETE_FILTER, null, old.filter());
            }
        }
        placements.put(layer, new Placement(calloutId, filter));
        return this;
    }

    private static boolean walked(Layer layer) {
        for (Layer[] walk : new Layer[][] {OUTBOUND_V4, OUTBOUND_V6, INBOUND_V4, INBOUND_V6}) {
            if (Arrays.asList(walk).contains(layer)) {
                return true;
            }
        }
        return false;
    }

    // ---- the clock ----

    /** The capture time of the next packets. */
    public Instant now() {
        return Instant.ofEpochSecond(0, now);
    }

    /** Sets the capture time of the next packets. */
    public TestBridge at(Instant t) {
        now = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return this;
    }

    /** Moves the capture time on. */
    public TestBridge after(Duration d) {
        now += d.toNanos();
        return this;
    }

    // ---- one packet at one layer ----

    /** Calls the callout placed at {@code layer} for one packet of flow {@code flowHandle}, from the wire. */
    public Outcome classify(Layer layer, LayerData packet, long flowHandle) {
        return classify(layer, packet, flowHandle, null, TestClassifyOut.writable());
    }

    /** Raw IP bytes: {@link #classify(Layer, LayerData, long)} of {@link TestPacket#ip}. */
    public Outcome classify(Layer layer, byte[] ipPacket, long flowHandle) {
        return classify(layer, TestPacket.ip(ipPacket), flowHandle);
    }

    /**
     * Calls the callout placed at {@code layer} for one packet: of flow {@code flowHandle}, injected by
     * {@code injectedBy} (null: from the wire), with the classify-out {@code out} (e.g. a higher filter's hard
     * decision, {@link TestClassifyOut#decided}).
     */
    public Outcome classify(Layer layer, LayerData packet, long flowHandle, Object injectedBy, ClassifyOut out) {
        return classify(layer, packet, metadata(layer, packet, flowHandle, injectedBy, null), out);
    }

    /**
     * Calls the callout placed at {@code layer} for one packet with the metadata given, values from the packet
     * ({@link TestValues#of}; EMPTY when the packet is no IP packet of the layer's version: the shim would not
     * hand it over, but a callout must survive it), and the classify-out given.
     *
     * @throws IllegalArgumentException when no callout is placed at the layer
     * @throws IllegalStateException when the injector holds packets injected outside a classify: take them first
     */
    public Outcome classify(Layer layer, LayerData packet, Metadata metadata, ClassifyOut out) {
        Placement p = placements.get(layer);
        if (p == null) {
            throw new IllegalArgumentException("no callout is placed at " + layer
                    + "; place one with place(id, filter)");
        }
        int waiting = injector.injected().size();
        if (waiting > 0) {
            throw new IllegalStateException(waiting + " injected packets wait in the TestInjector from outside a"
                    + " classify; take them (takeAll) before classifying through the bridge");
        }
        TestValues values;
        try {
            values = TestValues.of(layer, packet, direction(layer));
        } catch (IllegalArgumentException notForThisLayer) {
            values = TestValues.at(layer);
        }
        ActionType entry = out.actionType();
        boolean writable = out.hasWriteRight();
        boolean called = flows.classify(p.calloutId(), values, metadata, packet, p.filter(), out);
        ActionType verdict = verdict(p.filter(), entry, writable, called, out.actionType());
        return new Outcome(out.actionType(), out.isAbsorb(), out.hasWriteRight(), called, verdict,
                injector.takeAll());
    }

    /** The engine's arbitration for one callout filter (spec §4 evalFilter, rule 10, D7, D10), then the default. */
    private static ActionType verdict(Filter f, ActionType entry, boolean writable, boolean called, ActionType k) {
        ActionType kind;
        if (!called) {
            kind = ActionType.CONTINUE;
        } else if (!writable) {
            kind = k == ActionType.BLOCK ? ActionType.BLOCK : ActionType.CONTINUE; // only a veto counts
        } else {
            kind = switch (f.action().type()) {
                case CALLOUT_TERMINATING -> k == ActionType.PERMIT ? ActionType.PERMIT : ActionType.BLOCK;
                case CALLOUT_INSPECTION -> ActionType.CONTINUE;
                default -> k == ActionType.PERMIT || k == ActionType.BLOCK ? k : ActionType.CONTINUE;
            };
        }
        if (kind == ActionType.CONTINUE) {
            return entry == ActionType.BLOCK ? ActionType.BLOCK : ActionType.PERMIT; // no filter decided: permit
        }
        return kind;
    }

    private TestMetadata metadata(Layer layer, LayerData packet, long flowHandle, Object injectedBy,
            Object previouslyInjectedBy) {
        TestMetadata md = TestMetadata.of().flow(flowHandle).direction(direction(layer));
        md.setTimestampNanos(now);
        md.setInjection(injectedBy, previouslyInjectedBy);
        try {
            PacketHeaders h = PacketHeaders.read(packet.array(), packet.networkOffset(),
                    packet.offset() + packet.length());
            md.setHeaderSizes(h.ipHeaderLength, h.payload >= 0 ? h.payload - h.transport : 0);
        } catch (IllegalArgumentException noIpHeader) {
            // header sizes stay 0
        }
        return md;
    }

    private static Direction direction(Layer layer) {
        return layer.name().startsWith("INBOUND") ? Direction.INBOUND : Direction.OUTBOUND;
    }

    // ---- the bridge ----

    /** A packet from the inside (local) host: it walks the outbound layers and, unless blocked, leaves. */
    public TestBridge fromInside(LayerData packet) {
        walk(packet, true, null, null, 0);
        return this;
    }

    /** Raw IP bytes from the inside: {@link #fromInside(LayerData)} of {@link TestPacket#ip}. */
    public TestBridge fromInside(byte[] ipPacket) {
        return fromInside(TestPacket.ip(ipPacket));
    }

    /** A packet from the outside: it walks the inbound layers and, unless blocked, reaches the inside. */
    public TestBridge fromOutside(LayerData packet) {
        walk(packet, false, null, null, 0);
        return this;
    }

    /** Raw IP bytes from the outside: {@link #fromOutside(LayerData)} of {@link TestPacket#ip}. */
    public TestBridge fromOutside(byte[] ipPacket) {
        return fromOutside(TestPacket.ip(ipPacket));
    }

    private void walk(LayerData p, boolean outbound, Object by, Object previously, int depth) {
        if (depth > MAX_DEPTH) {
            throw new AssertionError("a packet was injected " + MAX_DEPTH + " times in a chain: a callout must let"
                    + " its own injected packets pass (PacketInjector.state, spec rule 29)");
        }
        PacketHeaders h = PacketHeaders.read(p.array(), p.networkOffset(), p.offset() + p.length());
        boolean transport = h.transportOk();
        boolean icmpError = transport && h.icmpError;
        BridgeFlows.Tuple tuple = transport && !icmpError ? BridgeFlows.Tuple.of(h, p.array()) : null;
        BridgeFlows.Flow flow = tuple == null ? null : bridgeFlows.flow(tuple);
        long handle = flow == null ? 0 : flow.handle;
        Layer[] walk = outbound ? (h.version == 6 ? OUTBOUND_V6 : OUTBOUND_V4)
                : (h.version == 6 ? INBOUND_V6 : INBOUND_V4);
        boolean blocked = false;
        boolean absorbed = false;
        List<TestInjector.Injected> injected = new ArrayList<>();
        for (Layer layer : walk) {
            boolean isTransport = layer.name().contains("TRANSPORT");
            boolean isError = layer.name().contains("ICMP_ERROR");
            if (!placements.containsKey(layer) || isTransport && !transport || isError && !icmpError) {
                continue;
            }
            Outcome o = classify(layer, p, metadata(layer, p, layer.hasFlows() ? handle : 0, by, previously),
                    TestClassifyOut.writable());
            injected.addAll(o.injected());
            if (o.verdict() == ActionType.BLOCK) {
                blocked = true;
                absorbed = o.absorb();
                break;
            }
        }
        byte[] ip = Arrays.copyOfRange(p.array(), h.network, h.end);
        if (!blocked) {
            (outbound ? toOutside : toInside).add(ip);
        } else if (!absorbed) {
            dropped.add(ip);
        }
        if (flow != null && (!blocked || absorbed)) {
            bridgeFlows.moveOn(flow, h, tuple.sourceIsA());
        }
        for (TestInjector.Injected i : injected) {
            TestMetadata m = i.metadata();
            Object before = m == null ? null : m.injectedBy() != null ? m.injectedBy() : m.previouslyInjectedBy();
            walk(TestPacket.ip(i.packet()), i.direction() == Direction.OUTBOUND, i.handle(), before, depth + 1);
        }
    }

    /** Ends the flow of a packet's 5-tuple (as at idle timeout); false when the bridge has no such flow. */
    public boolean endFlowOf(LayerData packet, FlowEndReason reason) {
        PacketHeaders h = PacketHeaders.read(packet.array(), packet.networkOffset(),
                packet.offset() + packet.length());
        return bridgeFlows.end(BridgeFlows.Tuple.of(h, packet.array()), reason);
    }

    /** Ends every flow the bridge holds, oldest first (as at shutdown): flowDelete for each context. */
    public void endAllFlows(FlowEndReason reason) {
        bridgeFlows.endAll(reason);
    }

    /** The flows the bridge holds open. */
    public int flows() {
        return bridgeFlows.size();
    }

    /** The oldest packet delivered to the outside and not taken yet, as an IP packet; fails when there is none. */
    public byte[] takeOutside() {
        if (toOutside.isEmpty()) {
            throw new AssertionError("no packet reached the outside");
        }
        return toOutside.poll();
    }

    /** The oldest packet delivered to the inside and not taken yet, as an IP packet; fails when there is none. */
    public byte[] takeInside() {
        if (toInside.isEmpty()) {
            throw new AssertionError("no packet reached the inside");
        }
        return toInside.poll();
    }

    /** Packets delivered to the outside and not taken yet, oldest first. */
    public List<byte[]> toOutside() {
        return List.copyOf(toOutside);
    }

    /** Packets delivered to the inside and not taken yet, oldest first. */
    public List<byte[]> toInside() {
        return List.copyOf(toInside);
    }

    /** Packets blocked without ABSORB (what the engine records a net event for), oldest first. */
    public List<byte[]> dropped() {
        return List.copyOf(dropped);
    }
}
