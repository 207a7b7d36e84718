package weir.callouts.nat;

/**
 * A flow's 5-tuple (protocol, addresses, ports) packed into two longs, as the key of the translation table.
 * Keys stored in the table are never changed; the one mutable use is a per-thread probe that {@link #set} fills
 * for each lookup, so looking a packet up allocates nothing.
 */
final class FlowKey {
    private long high;
    private long low;

    static FlowKey of(int protocol, int source, int sourcePort, int destination, int destinationPort) {
        return new FlowKey().set(protocol, source, sourcePort, destination, destinationPort);
    }

    /** Fills this (probe) key; returns it. */
    FlowKey set(int protocol, int source, int sourcePort, int destination, int destinationPort) {
        high = (long) protocol << 48 | (long) sourcePort << 32 | (source & 0xFFFF_FFFFL);
        low = (long) destinationPort << 32 | (destination & 0xFFFF_FFFFL);
        return this;
    }

    /** The probe for a parsed packet. */
    FlowKey set(PacketView p) {
        return set(p.protocol, p.source, p.sourcePort, p.destination, p.destinationPort);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.high == high && k.low == low;
    }

    @Override
    public int hashCode() {
        long h = high * 0x9E37_79B9_7F4A_7C15L ^ low;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ h >>> 32);
    }
}
