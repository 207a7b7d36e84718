package weir.callouts.logging;

/** The flow context: one per flow, counted from the packet path (one writer per flow at a time). */
final class FlowRecord {
    final long flowHandle;
    final String layer;
    final String tuple;
    final long firstSeenNanos;
    volatile long packets;
    volatile long bytes;
    volatile long lastSeenNanos;

    FlowRecord(long flowHandle, String layer, String tuple, long now) {
        this.flowHandle = flowHandle;
        this.layer = layer;
        this.tuple = tuple;
        this.firstSeenNanos = now;
        this.lastSeenNanos = now;
    }

    /** The flow's summary line, as written at flowDelete. */
    String summary() {
        double seconds = (lastSeenNanos - firstSeenNanos) / 1e9;
        return String.format("flow %d %s %s: %d packets, %d bytes, %.3f s", flowHandle, layer, tuple, packets, bytes,
                seconds);
    }
}
