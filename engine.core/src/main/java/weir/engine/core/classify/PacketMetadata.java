package weir.engine.core.classify;

import weir.engine.api.Direction;
import weir.engine.api.Metadata;

/** The engine's {@link Metadata}: plain fields, reused packet after packet. */
public final class PacketMetadata implements Metadata {
    private long flowHandle;
    private Direction packetDirection;
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
        return packetDirection;
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
    public Metadata setFlowHandle(long flowHandle) {
        this.flowHandle = flowHandle;
        return this;
    }

    @Override
    public Metadata setPacketDirection(Direction direction) {
        this.packetDirection = direction;
        return this;
    }

    @Override
    public Metadata setHeaderSizes(int ipHeaderSize, int transportHeaderSize) {
        this.ipHeaderSize = ipHeaderSize;
        this.transportHeaderSize = transportHeaderSize;
        return this;
    }

    @Override
    public Metadata setTimestampNanos(long timestampNanos) {
        this.timestampNanos = timestampNanos;
        return this;
    }

    @Override
    public Metadata setInjection(Object injectedBy, Object previouslyInjectedBy) {
        this.injectedBy = injectedBy;
        this.previouslyInjectedBy = previouslyInjectedBy;
        return this;
    }

    @Override
    public Metadata clear() {
        flowHandle = 0;
        packetDirection = null;
        ipHeaderSize = 0;
        transportHeaderSize = 0;
        timestampNanos = 0;
        injectedBy = null;
        previouslyInjectedBy = null;
        return this;
    }
}
