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
 */
public record LiveSettings(int bufferBytes, long queueTargetNanos, long queueIntervalNanos, boolean sendThreads,
        int realtimePriority, int flowQueueFrames) {
    public static final int DEFAULT_BUFFER_MIB = 32;
    public static final int DEFAULT_QUEUE_TARGET_MICROS = 500;
    public static final int DEFAULT_QUEUE_INTERVAL_MILLIS = 10;
    public static final boolean DEFAULT_SEND_THREADS = true;
    public static final int DEFAULT_REALTIME_PRIORITY = 10;
    /** About 20 ms of a TCP sender's burst at Weir's ~10 µs per frame; 3 MiB per interface at an MTU of 1500. */
    public static final int DEFAULT_FLOW_QUEUE_FRAMES = 2048;

    public static LiveSettings defaults() {
        return of(DEFAULT_BUFFER_MIB, DEFAULT_QUEUE_TARGET_MICROS, DEFAULT_QUEUE_INTERVAL_MILLIS, DEFAULT_SEND_THREADS,
                DEFAULT_REALTIME_PRIORITY, DEFAULT_FLOW_QUEUE_FRAMES);
    }

    /** From the configuration's units (MiB, µs, ms), bounded to what libpcap and CoDel can take. */
    public static LiveSettings of(int bufferMiB, long queueTargetMicros, long queueIntervalMillis,
            boolean sendThreads, int realtimePriority, int flowQueueFrames) {
        return new LiveSettings(Math.max(1, Math.min(2047, bufferMiB)) << 20, Math.max(0, queueTargetMicros) * 1_000L,
                Math.max(1, queueIntervalMillis) * 1_000_000L, sendThreads, Math.max(0, Math.min(99, realtimePriority)),
                Math.max(0, Math.min(65_536, flowQueueFrames)));
    }

    /** The same with another buffer size (tests). */
    public LiveSettings withBufferBytes(int bytes) {
        return new LiveSettings(bytes, queueTargetNanos, queueIntervalNanos, sendThreads, realtimePriority,
                flowQueueFrames);
    }

    /** The same with or without send threads (tests). */
    public LiveSettings withSendThreads(boolean threads) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, threads, realtimePriority,
                flowQueueFrames);
    }

    /** The same with another real-time priority (tests; 0: ordinary scheduling). */
    public LiveSettings withRealtimePriority(int priority) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, sendThreads, priority,
                flowQueueFrames);
    }

    /** The same with another read-ahead (tests; 0: none, arrival order). */
    public LiveSettings withFlowQueueFrames(int frames) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, sendThreads, realtimePriority,
                frames);
    }
}
