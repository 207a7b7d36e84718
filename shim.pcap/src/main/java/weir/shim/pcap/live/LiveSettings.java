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
 *            packet thread, instead of from the packet thread itself
 */
public record LiveSettings(int bufferBytes, long queueTargetNanos, long queueIntervalNanos, boolean sendThreads) {
    public static final int DEFAULT_BUFFER_MIB = 32;
    public static final int DEFAULT_QUEUE_TARGET_MICROS = 500;
    public static final int DEFAULT_QUEUE_INTERVAL_MILLIS = 10;
    public static final boolean DEFAULT_SEND_THREADS = false;

    public static LiveSettings defaults() {
        return of(DEFAULT_BUFFER_MIB, DEFAULT_QUEUE_TARGET_MICROS, DEFAULT_QUEUE_INTERVAL_MILLIS, DEFAULT_SEND_THREADS);
    }

    /** From the configuration's units (MiB, µs, ms), bounded to what libpcap and CoDel can take. */
    public static LiveSettings of(int bufferMiB, long queueTargetMicros, long queueIntervalMillis,
            boolean sendThreads) {
        return new LiveSettings(Math.max(1, Math.min(2047, bufferMiB)) << 20, Math.max(0, queueTargetMicros) * 1_000L,
                Math.max(1, queueIntervalMillis) * 1_000_000L, sendThreads);
    }

    /** The same with another buffer size (tests). */
    public LiveSettings withBufferBytes(int bytes) {
        return new LiveSettings(bytes, queueTargetNanos, queueIntervalNanos, sendThreads);
    }

    /** The same with or without send threads (tests). */
    public LiveSettings withSendThreads(boolean threads) {
        return new LiveSettings(bufferBytes, queueTargetNanos, queueIntervalNanos, threads);
    }
}
