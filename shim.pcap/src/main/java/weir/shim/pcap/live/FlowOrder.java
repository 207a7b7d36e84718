package weir.shim.pcap.live;

/**
 * Which frames may leave ahead of those a send thread still holds: a sparse flow's frame (see {@link FlowQueue})
 * may be sent by the packet thread at once, overtaking other flows' frames that wait in the {@link SendRing},
 * but never a frame of its own flow (of its bucket of the flow hash): the frames of one flow leave in the order
 * they arrived. Positions are the ring's: a frame handed over at position p (counting from 0) has been sent once
 * the sender's position passed it.
 *
 * <p>The packet thread's own; preallocated, nothing allocates.
 */
final class FlowOrder {
    /** Per bucket, one past the ring position of its last frame handed over (0: none yet). */
    private final long[] handedUpTo;

    FlowOrder(int buckets) {
        handedUpTo = new long[buckets];
    }

    /** A frame of the bucket went into the ring at this position. */
    void handedOver(int bucket, long position) {
        handedUpTo[bucket] = position + 1;
    }

    /** True when every frame of the bucket handed over has been sent ({@code sent}: the sender's position). */
    boolean nothingWaits(int bucket, long sent) {
        return handedUpTo[bucket] <= sent;
    }
}
