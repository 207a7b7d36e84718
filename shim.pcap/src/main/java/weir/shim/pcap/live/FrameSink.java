package weir.shim.pcap.live;

/**
 * Where frames for one interface go: sent by the packet thread itself ({@link SendBatch}) or by a thread of
 * the interface's own ({@link SendRing}).
 */
interface FrameSink {
    /** Takes a copy of a frame to send (a failure is counted, never thrown). */
    void add(byte[] frame, int offset, int length);

    /** Sends, or hands on, what was added since the last call; once per turn. */
    void flush();

    /** True when frames leave in batches ({@code sendmmsg}). */
    boolean batched();

    /** Frames handed to a thread of their own to be sent (0 without one). */
    default long handedOver() {
        return 0;
    }

    /** Stops sending; before the handle closes. */
    default void close() {
    }
}
