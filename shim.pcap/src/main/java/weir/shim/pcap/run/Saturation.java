package weir.shim.pcap.run;

/**
 * When a real-time packet thread leaves SCHED_FIFO for a while, decided every {@code WINDOW_NANOS} (100 ms).
 * The kernel lets real-time threads run at most {@code sched_rt_runtime_us} of every second (950 ms by default)
 * and stops them for the rest of it: a packet thread that the traffic keeps busy all the time would stop
 * forwarding for 50 ms each second (a ping then waits up to 50 ms). So a thread that waited for frames less
 * than {@value #BUSY_PERCENT}% of each of {@value #FIFO_WINDOWS} windows in a row (800 ms; busier than 90%, so at
 * that pace near the kernel's 95%) is eased to nice -20
 * for {@value #EASED_WINDOWS} windows (200 ms), then goes back to SCHED_FIFO: in any second it runs at most
 * 800 ms real-time, so it is never stopped, and most of the time it keeps the real-time class (which serves a
 * flood of small frames best). A window in which it waited more ends the count: not saturated.
 */
final class Saturation {
    static final long WINDOW_NANOS = 100_000_000L;
    static final int BUSY_PERCENT = 10;
    static final int FIFO_WINDOWS = 8;
    static final int EASED_WINDOWS = 2;

    private Saturation() {
    }

    /**
     * The state for the next window: {@code 0..FIFO_WINDOWS - 1} real-time, that many busy windows counted;
     * {@code -1..-EASED_WINDOWS} eased, that many windows eased so far.
     *
     * @param state the state of the window that ended
     * @param idleNanos how long the thread waited for frames in it
     * @param windowNanos its length
     */
    static int next(int state, long idleNanos, long windowNanos) {
        if (state < 0) {
            return state == -EASED_WINDOWS ? 0 : state - 1;
        }
        boolean busy = windowNanos > 0 && idleNanos * 100 < BUSY_PERCENT * windowNanos;
        if (!busy) {
            return 0;
        }
        return state + 1 == FIFO_WINDOWS ? -1 : state + 1;
    }

    /** Whether the thread is to be eased out of SCHED_FIFO in this state. */
    static boolean eased(int state) {
        return state < 0;
    }
}
