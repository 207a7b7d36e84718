package weir.shim.pcap.run;

/**
 * Wall-clock time in nanoseconds for live packets without allocating (pcap4j's own timestamp is a
 * {@code java.sql.Timestamp} per packet): the epoch time at the start plus the monotonic time since.
 */
final class LiveClock {
    private final long startEpochNanos = System.currentTimeMillis() * 1_000_000L;
    private final long startNanos = System.nanoTime();

    long now() {
        return startEpochNanos + (System.nanoTime() - startNanos);
    }
}
