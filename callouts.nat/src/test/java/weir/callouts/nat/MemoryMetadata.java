package weir.callouts.nat;

import weir.engine.api.Direction;
import weir.engine.api.Metadata;

/** A mutable {@link Metadata} as the shim fills one per packet. */
final class MemoryMetadata implements Metadata {
    private long flowHandle;
    private Direction direction;
    private int ipHeaderSize;
    private int transportHeaderSize;
    private long timestampNanos;
    private Object injectedBy;
    private Object previouslyInjectedBy;

    @Override
    public long flowHandle() {
        return flowHandle;
    }

    @Override
    public Direction packetDirection() {
        return direction;
    }

    @Override
    public int ipHeaderSize() {
        return ipHeaderSize;
    }

    @Override
    public int transportHeaderSize() {
        return transportHeaderSize;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public Object injectedBy() {
        return injectedBy;
    }

    @Override
    public Object previouslyInjectedBy() {
        return previouslyInjectedBy;
    }

    @Override
    public Metadata setFlowHandle(long h) {
        flowHandle = h;
        return this;
    }

    @Override
    public Metadata setPacketDirection(Direction d) {
        direction = d;
        return this;
    }

    @Override
    public Metadata setHeaderSizes(int ip, int transport) {
        ipHeaderSize = ip;
        transportHeaderSize = transport;
        return this;
    }

    @Override
    public Metadata setTimestampNanos(long t) {
        timestampNanos = t;
        return this;
    }

    @Override
    public Metadata setInjection(Object by, Object previouslyBy) {
        injectedBy = by;
        previouslyInjectedBy = previouslyBy;
        return this;
    }

    @Override
    public Metadata clear() {
        flowHandle = 0;
        direction = null;
        ipHeaderSize = 0;
        transportHeaderSize = 0;
        timestampNanos = 0;
        injectedBy = null;
        previouslyInjectedBy = null;
        return this;
    }
}
