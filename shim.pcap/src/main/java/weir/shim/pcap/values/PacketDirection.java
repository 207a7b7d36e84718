package weir.shim.pcap.values;

import weir.engine.api.Direction;

/**
 * Which way a packet goes relative to the host Weir stands for: decides which address is local and which
 * remote. FORWARD is a packet passing through (WFP's IPFORWARD layers); at any other layer it reads as
 * INBOUND, since it arrived from the wire.
 */
public enum PacketDirection {
    INBOUND(Direction.INBOUND),
    OUTBOUND(Direction.OUTBOUND),
    FORWARD(Direction.INBOUND);

    private final Direction wfp;

    PacketDirection(Direction wfp) {
        this.wfp = wfp;
    }

    /** The value of WFP's DIRECTION field for this packet (OUTBOUND 0, INBOUND 1). */
    public Direction wfp() {
        return wfp;
    }

    /** True when the packet's source address is the local one. */
    public boolean sourceIsLocal() {
        return this == OUTBOUND;
    }
}
