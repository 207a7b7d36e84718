package weir.shim.pcap.live;

/**
 * How live interfaces are captured (configuration {@code weir.shim}).
 *
 * @param bufferBytes each interface's capture buffer ({@code pcap_set_buffer_size}): room for bursts
 * @param queueTargetNanos a bridge's CoDel target: the delay a standing queue in the capture buffer is brought
 *            down to (0: no queue management, frames wait as long as the buffer holds them)
 * @param queueIntervalNanos a bridge's CoDel interval: how long the delay must stay above the target before
 *            frames are shed
 * @param sendThreads a bridge sends each interface's frames from a thread of its own (Linux), beside the
 *            packet thread, instead of from the packet thread itself (with a flow queue the packet thread still
 *            sends sparse flows' frames itself, at once)
 * @param realtimePriority the {@code SCHED_FIFO} priority (1–99) of the threads that move live frames (the
 *            packet thread; send threads too when there is no flow queue); 0: ordinary scheduling (see
 *            {@link Realtime})
 * @param flowQueueFrames a bridge reads up to this many frames per interface ahead of judging them, and judges
 *            and sends first those of flows that had nothing queued (see {@link FlowQueue}); 0: frames are
 *            judged in arrival order straight from the capture buffer
 * @param sendQueueFrames with a flow queue and send threads: the most bulk frames a send thread may hold unsent;
 *            beyond it the bulk waits in the flow queue, where CoDel sees how long it waits (see {@link SendRing})
 */
public record LiveSettings(int bufferBytes, long queueTargetNanos, long queueIntervalNanos, boolean sendThreads,
        int realtimePriority, int flowQueueFrames, int sendQueueFrames) {
    public static final int DEFAULT_BUFFER_MIB = 32;
    public static final int DEFAULT_QUEUE_TARGET_MICROS = 500;
    public static final int DEFAULT_QUEUE_INTERVAL_MILLIS = 10;
    public static final boolean DEFAULT_SEND_THREADS = true;
    public static final int DEFAULT_REALTIME_PRIORITY = 10;
    /** About 20 ms of a TCP sender's burst at Weir's ~10 µs per frame; 3 MiB per interface at an MTU of 1500. */
    public static final int DEFAULT_FLOW_QUEUE_FRAMES = 2048;
    /**
     * About 1.5 ms of a send thread's sends of full-size TCP segments (~12 µs each at ~1 Gbit/s on the benchmark's
     * veth pairs); the whole ring (1024, 12 ms) was an unmanaged queue that a TCP sender filled (its RTT through
     * the bridge 6–15 ms), and bursts out of it made a ping's tail (measured 2026-12-07, see the README).
     */
    public static final int DEFAULT_SEND_QUEUE_FRAMES = 128;

    public static LiveSettings defaults() {
        return of(DEFAULT_BUFFER_MIB, DEFAULT_QUEUE_TARGET_MICROS, DEFAULT_QUEUE_INTERVAL_MILLIS, DEFAULT_SEND_THREADS,
                DEFAULT_REALTIME_PRIORITY, DEFAULT_FLOW_QUEUE_FRAMES, DEFAULT_SEND_QUEUE_FRAMES);
    }

    /** From the configuration's units (MiB, µs, ms), bounded to what libpcap and CoDel can take. */
    public static LiveSettings of(int bufferMiB, long queueTargetMicros, long queueIntervalMillis,
            boolean sendThreads, int realtimePriority, int flowQueueFrames) {
        return of(bufferMiB, queueTargetMicros, queueIntervalMillis, sendThreads, realtimePriority, flowQueueFrames,
                DEFAULT_SEND_QUEUE_FRAMES);
    }

    /** As above, with the most bulk frames a send thread may hold (at least 16, at most the ring's slots). */
    public static LiveSettings of(int bufferMiB, long queueTargetMicros, long queueIntervalMillis,
            boolean sendThreads, int realtimePriority, int flowQueueFrames, int sendQueueFrames) {
        return new LiveSettings(Math.max(1, Math.min(2047, bufferMiB)) << 20, Math.max(0, queueTargetMicros) * 1_000L,
                Math.max(1, queueIntervalMillis) * 1_000_000L, sendThreads, Math.max(0, Math.min(99, realtimePriority)),
                Math.max(0, Math.min(65_536, flowQueueFrames)),
                Math.max(SendRing.MIN_QUEUE, Math.min(SendRing.MAX_SLOTS, sendQueueFrames)));
    }

    /** The same with another buffer size (tests). */
    public LiveSettings withBufferBytes(int bytes) {
        return new LiveSettings(bytes, queueTargetNanos, queueIntervalNanos, sendThreads, realtimePriority,
                flowQueueFrames, sendQueueFrames);
    }

    /** The same with or without send threads (tests). */
    public LiveSettings withSendThreads(boolean threads) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, threads, realtimePriority,
                flowQueueFrames, sendQueueFrames);
    }

    /** The same with another real-time priority (tests; 0: ordinary scheduling). */
    public LiveSettings withRealtimePriority(int priority) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, sendThreads, priority,
                flowQueueFrames, sendQueueFrames);
    }

    /** The same with another read-ahead (tests; 0: none, arrival order). */
    public LiveSettings withFlowQueueFrames(int frames) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, sendThreads, realtimePriority,
                frames, sendQueueFrames);
    }

    /** The same with another bound on a send thread's bulk frames (tests). */
    public LiveSettings withSendQueueFrames(int frames) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, sendThreads, realtimePriority,
                flowQueueFrames, frames);
    }
}
