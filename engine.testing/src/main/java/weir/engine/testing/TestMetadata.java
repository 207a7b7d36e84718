package weir.engine.testing;

import java.time.Instant;

import weir.engine.api.Direction;
import weir.engine.api.Metadata;

/**
 * {@link Metadata} for a callout's tests, as a shim fills it per packet: everything absent at first
 * ({@code flowHandle} 0, no direction, no time), then set fluently:
 *
 * <pre>
 * Metadata m = TestMetadata.of().flow(flows.openFlow()).direction(Direction.INBOUND)
 *         .time(Instant.parse("2026-01-01T00:00:00Z"));
 * </pre>
 */
public final class TestMetadata implements Metadata {
    private long flowHandle;
    private Direction direction;
    private int ipHeaderSize;
    private int transportHeaderSize;
    private long timestampNanos;
    private Object injectedBy;
    private Object previouslyInjectedBy;

    private TestMetadata() {
    }

    /** Metadata with every field absent. */
    public static TestMetadata of() {
        return new TestMetadata();
    }

    /** The flow's handle (from {@link TestFlowContexts#openFlow}). */
    public TestMetadata flow(long handle) {
        return setFlowHandle(handle);
    }

    public TestMetadata direction(Direction d) {
        return setPacketDirection(d);
    }

    /** The packet's capture time. */
    public TestMetadata time(Instant t) {
        return setTimestampNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    /** Header sizes as a packet's: {@code TestMetadata.of().headers(packet)}. */
    public TestMetadata headers(TestPacket p) {
        return setHeaderSizes(p.transportOffset() - p.networkOffset(), p.payloadOffset() - p.transportOffset());
    }

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
    public TestMetadata setFlowHandle(long h) {
        flowHandle = h;
        return this;
    }

    @Override
    public TestMetadata setPacketDirection(Direction d) {
        direction = d;
        return this;
    }

    @Override
    public TestMetadata setHeaderSizes(int ip, int transport) {
        ipHeaderSize = ip;
        transportHeaderSize = transport;
        return this;
    }

    @Override
    public TestMetadata setTimestampNanos(long t) {
        timestampNanos = t;
        return this;
    }

    @Override
    public TestMetadata setInjection(Object by, Object previouslyBy) {
        injectedBy = by;
        previouslyInjectedBy = previouslyBy;
        return this;
    }

    @Override
    public TestMetadata clear() {
        flowHandle = 0;
        direction = null;
        ipHeaderSize = 0;
        transportHeaderSize = 0;
        timestampNanos = 0;
        injectedBy = null;
        previouslyInjectedBy = null;
        return this;
    }

    @Override
    public String toString() {
        return "metadata{flow=" + flowHandle + " direction=" + direction + " time=" + timestampNanos + "}";
    }
}
