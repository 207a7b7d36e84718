package weir.engine.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import weir.engine.api.FlowEndReason;

/**
 * {@link TestBridge}'s flows, as the shim keeps them: one per 5-tuple, both directions alike (ICMP echo and the
 * like by identifier), opened in the {@link TestFlowContexts} with the first packet, and ended by an RST or by
 * FINs from both ends (flowDelete with reason RST or FIN), at idle timeout or at shutdown.
 */
final class BridgeFlows {
    /** A flow the bridge saw: its handle in the flow table, and which ends have sent FIN. */
    static final class Flow {
        final String key;
        final long handle;
        boolean finA;
        boolean finB;

        Flow(String key, long handle) {
            this.key = key;
            this.handle = handle;
        }
    }

    /** A flow's key (both directions alike) and whether this packet comes from its first endpoint. */
    record Tuple(String key, boolean sourceIsA) {
        static Tuple of(PacketHeaders h, byte[] a) {
            String src = endpoint(h.sourceHigh, h.sourceLow, h, a, true);
            String dst = endpoint(h.destinationHigh, h.destinationLow, h, a, false);
            boolean sourceIsA = src.compareTo(dst) <= 0;
            return new Tuple(h.version + " " + h.protocol + " " + (sourceIsA ? src + " " + dst : dst + " " + src),
                    sourceIsA);
        }
    }

    private final TestFlowContexts flows;
    private final Map<String, Flow> byTuple = new LinkedHashMap<>();

    BridgeFlows(TestFlowContexts flows) {
        this.flows = flows;
    }

    /** The packet's flow, opened with its first packet. */
    Flow flow(Tuple t) {
        Flow f = byTuple.get(t.key());
        if (f == null) {
            f = new Flow(t.key(), flows.openFlow());
            byTuple.put(t.key(), f);
        }
        return f;
    }

    /** An endpoint of the flow key: address and port; ICMP by identifier (echo and the like) or else by type. */
    private static String endpoint(long high, long low, PacketHeaders h, byte[] a, boolean source) {
        int port = 0;
        if (h.protocol == PacketHeaders.TCP || h.protocol == PacketHeaders.UDP) {
            port = source ? h.sourcePort : h.destinationPort;
        } else if (h.icmp) {
            port = icmpIdentifier(h, a);
        }
        return Long.toHexString(high) + ":" + Long.toHexString(low) + "." + port;
    }

    /** As the shim keys ICMP: echo, timestamp, information and address mask messages by identifier. */
    private static int icmpIdentifier(PacketHeaders h, byte[] a) {
        int type = h.sourcePort;
        boolean withId = h.version == 4
                ? type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16 || type == 17
                        || type == 18
                : type == 128 || type == 129;
        return withId ? PacketHeaders.u16(a, h.transport + 4) : 0x10000 - 1 - type;
    }

    /** The packet passed (or a copy stands in for it): RST, or FIN from both ends, ends a TCP flow. */
    void moveOn(Flow f, PacketHeaders h, boolean fromA) {
        if (h.protocol != PacketHeaders.TCP) {
            return;
        }
        if ((h.tcpFlags & TestPacket.RST) != 0) {
            end(f, FlowEndReason.RST);
            return;
        }
        if ((h.tcpFlags & TestPacket.FIN) != 0) {
            if (fromA) {
                f.finA = true;
            } else {
                f.finB = true;
            }
            if (f.finA && f.finB) {
                end(f, FlowEndReason.FIN);
            }
        }
    }

    private void end(Flow f, FlowEndReason reason) {
        if (byTuple.remove(f.key) != null) {
            flows.closeFlow(f.handle, reason);
        }
    }

    /** Ends the flow of this tuple; false when there is none. */
    boolean end(Tuple t, FlowEndReason reason) {
        Flow f = byTuple.get(t.key());
        if (f == null) {
            return false;
        }
        end(f, reason);
        return true;
    }

    /** Ends every flow, oldest first. */
    void endAll(FlowEndReason reason) {
        for (Flow f : new ArrayList<>(byTuple.values())) {
            end(f, reason);
        }
    }

    int size() {
        return byTuple.size();
    }
}
