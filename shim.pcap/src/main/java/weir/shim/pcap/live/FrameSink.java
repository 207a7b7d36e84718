package weir.shim.pcap.live;

/**
 * Where frames for one interface go: sent by the packet thread itself ({@link SendBatch}) or by a thread of
 * the interface's own ({@link SendRing}).
 */
interface FrameSink {
    /** Takes a copy of a frame to send (a failure is counted, never thrown). */
    void add(byte[] frame, int offset, int length);

    /**
     * Takes a copy of a frame of a flow-queue bucket; a sparse flow's frame may leave ahead of other buckets'
     * frames still waiting, never ahead of its own bucket's.
     */
    default void add(byte[] frame, int offset, int length, int bucket, boolean sparse) {
        add(frame, offset, length);
    }

    /** Sends, or hands on, what was added since the last call; once per turn. */
    void flush();

    /** Sends the sparse flows' frames added since the last flush now; the rest may wait for {@link #flush}. */
    default void flushSparse() {
        flush();
    }

    /** True when frames leave in batches ({@code sendmmsg}). */
    boolean batched();

    /** True when frames handed over wait to be sent beyond a bound: take no more bulk frames for now. */
    default boolean backlogged() {
        return false;
    }

    /** Frames handed to a thread of their own to be sent (0 without one). */
    default long handedOver() {
        return 0;
    }

    /** Stops sending; before the handle closes. */
    default void close() {
    }
}
