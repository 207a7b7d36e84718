package weir.callouts.nat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.ActionType;
import weir.engine.api.Checksums;
import weir.engine.api.Direction;
import weir.engine.api.Layer;

/**
 * A bridge in miniature, doing the shim's part around the callout: side A is the inside, so packets from it
 * cross OUTBOUND_TRANSPORT_V4 and packets from side B cross INBOUND_TRANSPORT_V4; both directions of a 5-tuple
 * are one flow; permitted packets are forwarded, absorbed ones are replaced by what the callout injected, and
 * injected packets are classified again with their injection state (spec rule 29) before they leave.
 */
final class MiniShim {
    private final NatHarness h;
    private final Map<String, Long> flowByTuple = new LinkedHashMap<>();
    final List<byte[]> toOutside = new ArrayList<>();
    final List<byte[]> toInside = new ArrayList<>();
    final List<byte[]> dropped = new ArrayList<>();

    MiniShim(NatHarness h) {
        this.h = h;
    }

    void fromInside(byte[] packet) {
        pass(Layer.OUTBOUND_TRANSPORT_V4, packet, null);
    }

    void fromOutside(byte[] packet) {
        pass(Layer.INBOUND_TRANSPORT_V4, packet, null);
    }

    /** The last packet forwarded to the outside, removed. */
    byte[] takeOutside() {
        return toOutside.remove(toOutside.size() - 1);
    }

    byte[] takeInside() {
        return toInside.remove(toInside.size() - 1);
    }

    int flows() {
        return flowByTuple.size();
    }

    /** Ends the flow of a packet's tuple (as at FIN both ways, or idle timeout). */
    void endFlowOf(byte[] packet) {
        Long handle = flowByTuple.remove(tuple(packet));
        if (handle != null) {
            h.flows.closeFlow(handle);
        }
    }

    /** Ends every flow (as at FIN both ways or shutdown): the engine calls flowDelete per context. */
    void endAllFlows() {
        for (long handle : flowByTuple.values()) {
            h.flows.closeFlow(handle);
        }
        flowByTuple.clear();
    }

    private void pass(Layer layer, byte[] packet, Object injectedBy) {
        long flow = flowByTuple.computeIfAbsent(tuple(packet), k -> h.flows.openFlow());
        NatHarness.Result r = h.classify(layer, Frame.ip(packet), flow, injectedBy, MemoryClassifyOut.fresh());
        boolean outbound = layer == Layer.OUTBOUND_TRANSPORT_V4;
        if (r.action() == ActionType.PERMIT || r.action() == ActionType.CONTINUE) {
            (outbound ? toOutside : toInside).add(packet);
        } else if (!r.absorb()) {
            dropped.add(packet);
        }
        for (MemoryInjector.Injected i : r.injected()) {
            pass(i.direction() == Direction.OUTBOUND ? Layer.OUTBOUND_TRANSPORT_V4 : Layer.INBOUND_TRANSPORT_V4,
                    i.packet(), i.handle());
        }
    }

    /** Both directions of a flow give one key: protocol, the two endpoints in order. */
    private static String tuple(byte[] p) {
        int t = (p[0] & 0x0F) * 4;
        int protocol = p[9] & 0xFF;
        String a = PacketView.get32(p, 12) + ":" + port(p, t, protocol, true);
        String b = PacketView.get32(p, 16) + ":" + port(p, t, protocol, false);
        return protocol + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }

    private static int port(byte[] p, int t, int protocol, boolean source) {
        if (protocol == 1) {
            return Checksums.get16(p, t + 4);
        }
        return Checksums.get16(p, t + (source ? 0 : 2));
    }
}
