package weir.shim.pcap.path;

import weir.engine.api.Classifier;
import weir.engine.api.ConditionFlag;
import weir.engine.api.Field;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.Verdict;
import weir.shim.pcap.flow.FlowState;
import weir.shim.pcap.flow.FlowTracker;
import weir.shim.pcap.packet.ParsedPacket;
import weir.shim.pcap.values.IncomingValuesMapper;
import weir.shim.pcap.values.PacketDirection;

/**
 * One packet's way through the layers, in the stack's order (ARCHITECTURE §3), asking
 * {@link Classifier#classify} at each; a BLOCK anywhere ends the walk.
 * <ul>
 * <li>Inbound: INBOUND_IPPACKET → INBOUND_TRANSPORT → (ICMP error: INBOUND_ICMP_ERROR) → ALE_AUTH_RECV_ACCEPT
 * (a flow's first packet, or its reauthorization) → ALE_FLOW_ESTABLISHED (once: when the TCP handshake
 * completes, at once for other protocols) → DATAGRAM_DATA (UDP) or STREAM (TCP with payload).</li>
 * <li>Outbound: ALE_AUTH_CONNECT → ALE_FLOW_ESTABLISHED → DATAGRAM_DATA/STREAM → (ICMP error:
 * OUTBOUND_ICMP_ERROR) → OUTBOUND_TRANSPORT → OUTBOUND_IPPACKET.</li>
 * <li>Forwarded (neither end local): IPFORWARD only.</li>
 * </ul>
 * A packet whose transport header is broken stops after the IP packet layer (or skips straight to it
 * outbound); ICMP errors and later fragments have no flow and skip the ALE layers. A flow blocked at ALE
 * stays blocked without classification until its auth layer's filters change (then it is reauthorized,
 * flagged IS_REAUTHORIZE, like an authorized flow). A flow ends when a FIN has passed both ways or a RST has
 * passed.
 *
 * <p>Everything is reused: one IncomingValues per layer, one Metadata, one Verdict; the walk allocates
 * nothing and takes no lock. One path per packet thread.
 */
public final class PacketPath {
    private static final int V4 = 0;
    private static final int V6 = 1;
    private static final Layer[] IPPACKET_IN = {Layer.INBOUND_IPPACKET_V4, Layer.INBOUND_IPPACKET_V6};
    private static final Layer[] IPPACKET_OUT = {Layer.OUTBOUND_IPPACKET_V4, Layer.OUTBOUND_IPPACKET_V6};
    private static final Layer[] IPFORWARD = {Layer.IPFORWARD_V4, Layer.IPFORWARD_V6};
    private static final Layer[] TRANSPORT_IN = {Layer.INBOUND_TRANSPORT_V4, Layer.INBOUND_TRANSPORT_V6};
    private static final Layer[] TRANSPORT_OUT = {Layer.OUTBOUND_TRANSPORT_V4, Layer.OUTBOUND_TRANSPORT_V6};
    private static final Layer[] ICMP_ERROR_IN = {Layer.INBOUND_ICMP_ERROR_V4, Layer.INBOUND_ICMP_ERROR_V6};
    private static final Layer[] ICMP_ERROR_OUT = {Layer.OUTBOUND_ICMP_ERROR_V4, Layer.OUTBOUND_ICMP_ERROR_V6};
    private static final Layer[] CONNECT = {Layer.ALE_AUTH_CONNECT_V4, Layer.ALE_AUTH_CONNECT_V6};
    private static final Layer[] RECV_ACCEPT = {Layer.ALE_AUTH_RECV_ACCEPT_V4, Layer.ALE_AUTH_RECV_ACCEPT_V6};
    private static final Layer[] ESTABLISHED = {Layer.ALE_FLOW_ESTABLISHED_V4, Layer.ALE_FLOW_ESTABLISHED_V6};
    private static final Layer[] DATAGRAM = {Layer.DATAGRAM_DATA_V4, Layer.DATAGRAM_DATA_V6};
    private static final Layer[] STREAM = {Layer.STREAM_V4, Layer.STREAM_V6};
    private static final int ESTABLISHED_DIRECTION = Layer.ALE_FLOW_ESTABLISHED_V4.indexOf(Field.DIRECTION);
    private static final int REAUTHORIZE = ConditionFlag.IS_REAUTHORIZE.code();
    private static final PacketDirection[] DIRECTIONS = PacketDirection.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final Classifier classifier;
    private final FlowTracker flows;
    private final ReauthWatch reauth;
    private final ShimCounters counters;
    private final IncomingValuesMapper mapper = new IncomingValuesMapper();
    private final IncomingValues[] values = new IncomingValues[Layer.values().length];
    private final Metadata metadata;
    private final Verdict verdict;

    // the packet being walked
    private ParsedPacket packet;
    /** The packet's direction as an index into {@link #DIRECTIONS}: an int, not a reference store per packet. */
    private int direction;
    private long interfaceIndex;
    private long now;
    private Object injectedBy;
    private Object previouslyInjectedBy;
    /** TCP state bits this packet adds to its flow if it passes. */
    private int pendingState;

    // the walk's outcome
    private boolean blocked;
    private boolean absorbed;
    /** The deciding layer's ordinal, -1 for none: an int, not a reference store per blocked packet. */
    private int decidingLayer = -1;
    private long decidingFilter;

    public PacketPath(Classifier classifier, FlowTracker flows, ReauthWatch reauth, ShimCounters counters) {
        this.classifier = classifier;
        this.flows = flows;
        this.reauth = reauth;
        this.counters = counters;
        for (Layer l : Layer.values()) {
            values[l.ordinal()] = classifier.newIncomingValues(l);
        }
        this.metadata = classifier.newMetadata();
        this.verdict = classifier.newVerdict();
    }

    /**
     * Walks a packet whose IP header is intact ({@link ParsedPacket#networkOk()}) through its layers.
     *
     * @param interfaceIndex the interface's index, or -1 when unknown (INTERFACE_INDEX is then EMPTY)
     * @param now the packet's time in nanoseconds (capture time): metadata timestamp and flow clock
     * @param injectedBy the injection handle that injected this packet, null for a packet from the wire
     * @return true when every layer permitted it
     */
    public boolean walk(ParsedPacket p, PacketDirection dir, long interfaceIndex, long now, Object injectedBy,
            Object previouslyInjectedBy) {
        // references are stored only when they change: each store costs the collector's write barrier (with G1
        // a memory fence when the two objects lie in different old regions), and they rarely change
        if (packet != p) {
            packet = p;
        }
        direction = dir.ordinal();
        this.interfaceIndex = interfaceIndex;
        this.now = now;
        if (this.injectedBy != injectedBy) {
            this.injectedBy = injectedBy;
        }
        if (this.previouslyInjectedBy != previouslyInjectedBy) {
            this.previouslyInjectedBy = previouslyInjectedBy;
        }
        this.pendingState = 0;
        blocked = false;
        absorbed = false;
        decidingLayer = -1;
        decidingFilter = 0;
        // before the walk: flows idle as of this packet end first (their flowDelete frees what callouts hold for
        // them, e.g. a NAT port this packet may need); a sweep may move entries, so it never runs while a slot
        // index is held
        flows.expire(now);
        int v = p.ipVersion() == 4 ? V4 : V6;
        if (dir == PacketDirection.FORWARD) {
            classify(IPFORWARD[v], 0, 0);
            return !blocked;
        }
        boolean transport = p.transportOk();
        boolean icmpError = transport && p.icmpError();
        int slot = transport && !icmpError ? flows.track(p, dir == PacketDirection.OUTBOUND, now) : -1;
        boolean live = slot >= 0 && (flows.state(slot) & FlowState.ENDED) == 0;
        long handle = live ? flows.handle(slot) : 0;
        if (dir == PacketDirection.INBOUND) {
            inbound(v, transport, icmpError, slot, live, handle);
        } else {
            outbound(v, transport, icmpError, slot, live, handle);
        }
        // an absorbed packet moves its flow on too: a copy stands in for it (NAT's translated FIN ends the flow
        // that only ever sees the original's side of it)
        if ((!blocked || absorbed) && live) {
            passed(slot);
        }
        return !blocked;
    }

    private void inbound(int v, boolean transport, boolean icmpError, int slot, boolean live, long handle) {
        if (classify(IPPACKET_IN[v], 0, 0) || !transport || classify(TRANSPORT_IN[v], 0, handle)) {
            return;
        }
        if (icmpError) {
            classify(ICMP_ERROR_IN[v], 0, 0);
            return;
        }
        if (live && ale(v, slot, handle)) {
            return;
        }
        payload(v, handle);
    }

    private void outbound(int v, boolean transport, boolean icmpError, int slot, boolean live, long handle) {
        if (transport && !icmpError && (live && ale(v, slot, handle) || payload(v, handle))) {
            return;
        }
        if (icmpError && classify(ICMP_ERROR_OUT[v], 0, 0)) {
            return;
        }
        if (transport && classify(TRANSPORT_OUT[v], 0, handle)) {
            return;
        }
        classify(IPPACKET_OUT[v], 0, 0);
    }

    /** The ALE layers of a flow's packet; true when the flow is (or stays) blocked. */
    private boolean ale(int v, int slot, long handle) {
        int s = flows.state(slot);
        boolean outboundFlow = (s & FlowState.OUTBOUND) != 0;
        Layer auth = outboundFlow ? CONNECT[v] : RECV_ACCEPT[v];
        int epoch = reauth.epoch(auth);
        boolean first = (s & (FlowState.AUTHORIZED | FlowState.BLOCKED)) == 0;
        boolean stale = flows.epoch(slot) != epoch;
        if (!first && !stale) {
            if ((s & FlowState.BLOCKED) != 0) {
                blocked = true;
                decidingLayer = auth.ordinal();
                decidingFilter = flows.blockingFilter(slot);
                counters.flowBlocked();
                return true;
            }
        } else {
            flows.setEpoch(slot, epoch);
            if (classify(auth, first ? 0 : REAUTHORIZE, handle)) {
                blockFlow(slot);
                return true;
            }
            flows.removeState(slot, FlowState.BLOCKED);
            flows.addState(slot, FlowState.AUTHORIZED);
        }
        if ((flows.state(slot) & FlowState.ESTABLISHED) == 0 && establishes(slot)) {
            if (classifyEstablished(ESTABLISHED[v], outboundFlow, handle)) {
                blockFlow(slot);
                return true;
            }
            flows.addState(slot, FlowState.ESTABLISHED);
        }
        return false;
    }

    private void blockFlow(int slot) {
        flows.removeState(slot, FlowState.AUTHORIZED);
        flows.addState(slot, FlowState.BLOCKED);
        flows.setBlockingFilter(slot, decidingFilter);
    }

    /**
     * Whether this packet establishes its flow: TCP when it completes the handshake (the initiator's ACK
     * after the responder's SYN+ACK), or when the flow was picked up mid-stream; others at once.
     */
    private boolean establishes(int slot) {
        if (packet.protocol() != TCP) {
            return true;
        }
        int f = packet.tcpFlags();
        int s = flows.state(slot);
        boolean fromInitiator = flows.fromInitiator(slot);
        boolean syn = (f & ParsedPacket.TCP_SYN) != 0;
        boolean ack = (f & ParsedPacket.TCP_ACK) != 0;
        if ((f & ParsedPacket.TCP_RST) != 0) {
            return false;
        }
        if (syn) {
            pendingState |= ack ? FlowState.SYN | FlowState.SYN_ACK : FlowState.SYN;
            return false;
        }
        if (flows.created()) {
            return true; // no handshake seen: a connection already under way when the capture began
        }
        return ack && fromInitiator && (s & FlowState.SYN_ACK) != 0;
    }

    /** DATAGRAM_DATA for every UDP datagram, STREAM for TCP segments with payload; true when blocked. */
    private boolean payload(int v, long handle) {
        int protocol = packet.protocol();
        if (protocol == UDP && packet.hasPorts()) {
            return classify(DATAGRAM[v], 0, handle);
        }
        if (protocol == TCP && packet.hasPorts() && packet.payloadLength() > 0) {
            return classify(STREAM[v], 0, handle);
        }
        return false;
    }

    /** The packet passed every layer: its TCP flags move the flow on (handshake, FIN both ways, RST). */
    private void passed(int slot) {
        if (pendingState != 0) {
            flows.addState(slot, pendingState);
        }
        if (packet.protocol() != TCP) {
            return;
        }
        int f = packet.tcpFlags();
        if ((f & ParsedPacket.TCP_RST) != 0) {
            flows.end(slot, FlowEndReason.RST);
            return;
        }
        if ((f & ParsedPacket.TCP_FIN) != 0) {
            flows.addState(slot, flows.sourceIsA() ? FlowState.FIN_A : FlowState.FIN_B);
            int s = flows.state(slot);
            if ((s & FlowState.FIN_A) != 0 && (s & FlowState.FIN_B) != 0) {
                flows.end(slot, FlowEndReason.FIN);
            }
        }
    }

    private boolean classifyEstablished(Layer layer, boolean outboundFlow, long handle) {
        if (empty(layer, handle)) {
            return false;
        }
        IncomingValues vals = fill(layer, 0, handle);
        // DIRECTION at FLOW_ESTABLISHED is the flow's (who connected), whichever way this packet goes
        vals.setLong(ESTABLISHED_DIRECTION, outboundFlow ? 0 : 1);
        return run(layer, vals);
    }

    /** Classifies the packet at one layer; true when blocked there. */
    private boolean classify(Layer layer, int flags, long handle) {
        return !empty(layer, handle) && run(layer, fill(layer, flags, handle));
    }

    /**
     * True when the layer holds no filter and the engine classified the packet there without its values (a
     * PERMIT, counted as any classification): most layers of a policy are empty, and filling their values was
     * a third of a replayed packet's work. An engine failure here is handled as in {@link #run}.
     */
    private boolean empty(Layer layer, long handle) {
        boolean done;
        try {
            done = classifier.classifyIfEmpty(layer, layer.hasFlows() ? handle : 0, verdict);
        } catch (RuntimeException e) {
            return false; // classify will meet the failure again and fail closed there
        }
        if (done) {
            counters.classified(layer, false);
        }
        return done;
    }

    private IncomingValues fill(Layer layer, int flags, long handle) {
        IncomingValues vals = values[layer.ordinal()];
        PacketDirection dir = DIRECTIONS[direction];
        mapper.fill(vals, packet, dir, interfaceIndex, flags);
        metadata.clear();
        if (layer.hasFlows()) {
            metadata.setFlowHandle(handle);
        }
        metadata.setPacketDirection(dir.wfp());
        metadata.setHeaderSizes(packet.networkHeaderLength(), packet.transportHeaderLength());
        metadata.setTimestampNanos(now);
        metadata.setInjection(injectedBy, previouslyInjectedBy);
        return vals;
    }

    private boolean run(Layer layer, IncomingValues vals) {
        boolean block;
        try {
            classifier.classify(layer, vals, metadata, packet, verdict);
            block = verdict.isBlock();
        } catch (RuntimeException e) {
            // the engine itself failed (callout failures are its own business, D13): fail closed, count, go on
            counters.engineError(e);
            counters.classified(layer, true);
            blocked = true;
            decidingLayer = layer.ordinal();
            decidingFilter = 0;
            return true;
        }
        counters.classified(layer, block);
        if (block) {
            blocked = true;
            absorbed = verdict.absorbed();
            decidingLayer = layer.ordinal();
            decidingFilter = verdict.filterId();
        }
        return block;
    }

    /** True when the last walk ended in a BLOCK. */
    public boolean blocked() {
        return blocked;
    }

    /** True when the last walk's BLOCK carried ABSORB (a callout took the packet). */
    public boolean absorbed() {
        return absorbed;
    }

    /** The layer whose BLOCK ended the last walk, or null. */
    public Layer decidingLayer() {
        return decidingLayer < 0 ? null : LAYERS[decidingLayer];
    }

    /** The filter that blocked the last walk, 0 when none did (or a default BLOCK). */
    public long decidingFilter() {
        return decidingFilter;
    }

    public FlowTracker flows() {
        return flows;
    }
}
