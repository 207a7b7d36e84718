package weir.shim.pcap.flow;

import java.nio.ByteBuffer;

import weir.engine.api.Value;

/**
 * One flow as the shell shows it: protocol, the initiator's and the responder's endpoints, direction, state,
 * packets, the engine's flow handle and how long ago it was last seen (in the source's time).
 */
public record FlowInfo(int protocol, String initiator, String responder, boolean outbound, String state,
        long packets, long handle, long idleMillis, long blockingFilter) {

    static FlowInfo of(FlowTable t, int slot, long now) {
        long meta = t.meta(slot);
        int version = FlowKey.version(meta);
        int protocol = FlowKey.protocol(meta);
        boolean icmp = protocol == FlowKey.ICMP || protocol == FlowKey.ICMPV6;
        String a = endpoint(version, t.aHigh(slot), t.aLow(slot), FlowKey.portA(meta), protocol, icmp);
        String b = endpoint(version, t.bHigh(slot), t.bLow(slot), FlowKey.portB(meta), protocol, icmp);
        int s = t.state(slot);
        boolean initiatorA = (s & FlowState.INITIATOR_A) != 0;
        return new FlowInfo(protocol, initiatorA ? a : b, initiatorA ? b : a, (s & FlowState.OUTBOUND) != 0,
                FlowState.describe(s, protocol == FlowKey.TCP), t.packets(slot), t.handle(slot),
                Math.max(0, (now - t.lastSeen(slot)) / 1_000_000), t.blockingFilter(slot));
    }

    private static String endpoint(int version, long high, long low, int port, int protocol, boolean icmp) {
        String address;
        if (version == 4) {
            int v = (int) low;
            address = (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        } else {
            address = "[" + Value.formatV6(ByteBuffer.allocate(16).putLong(high).putLong(low).array()) + "]";
        }
        if (icmp) {
            return address;
        }
        boolean ports = protocol == FlowKey.TCP || protocol == FlowKey.UDP;
        return ports ? address + ":" + port : address;
    }

    /** The protocol's name where it has a common one. */
    public String protocolName() {
        switch (protocol) {
            case FlowKey.TCP: return "tcp";
            case FlowKey.UDP: return "udp";
            case FlowKey.ICMP: return "icmp";
            case FlowKey.ICMPV6: return "icmpv6";
            default: return Integer.toString(protocol);
        }
    }
}
