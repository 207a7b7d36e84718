package weir.shim.pcap.live;

/**
 * How live interfaces are captured (configuration {@code weir.shim}).
 *
 * @param bufferBytes each interface's capture buffer ({@code pcap_set_buffer_size}): room for bursts
 * @param queueTargetNanos a bridge's CoDel target: the delay a standing queue in the capture buffer is brought
 *            down to (0: no queue management, frames wait as long as the buffer holds them)
 * @param queueIntervalNanos a bridge's CoDel interval: how long the delay must stay above the target before
 *            frames are shed
 */
public record LiveSettings(int bufferBytes, long queueTargetNanos, long queueIntervalNanos) {
    public static final int DEFAULT_BUFFER_MIB = 32;
    public static final int DEFAULT_QUEUE_TARGET_MICROS = 500;
    public static final int DEFAULT_QUEUE_INTERVAL_MILLIS = 10;

    public static LiveSettings defaults() {
        return of(DEFAULT_BUFFER_MIB, DEFAULT_QUEUE_TARGET_MICROS, DEFAULT_QUEUE_INTERVAL_MILLIS);
    }

    /** From the configuration's units (MiB, µs, ms), bounded to what libpcap and CoDel can take. */
    public static LiveSettings of(int bufferMiB, long queueTargetMicros, long queueIntervalMillis) {
        return new LiveSettings(Math.max(1, Math.min(2047, bufferMiB)) << 20, Math.max(0, queueTargetMicros) * 1_000L,
                Math.max(1, queueIntervalMillis) * 1_000_000L);
    }

    /** The same with another buffer size (tests). */
    public LiveSettings withBufferBytes(int bytes) {
        return new LiveSettings(bytes, queueTargetNanos, queueIntervalNanos);
    }
}
