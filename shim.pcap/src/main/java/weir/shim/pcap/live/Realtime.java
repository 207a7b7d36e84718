package weir.shim.pcap.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Real-time scheduling (Linux {@code SCHED_FIFO}) for the threads that move live frames: the packet thread and
 * a bridge's send threads.
 *
 * <p>Why: a kernel bridge forwards in the sender's own softirq, so it never waits for a CPU. Weir's packet
 * thread is an ordinary thread; on a busy machine (the traffic's own endpoints share the cores) the scheduler
 * lets it wait for a time slice of milliseconds while frames queue in the capture buffer, and every frame
 * behind them, a ping or a keystroke, waits as long. Measured on 2 cores under iperf3 TCP load: a ping's p50
 * 14–24 ms through an ordinary packet thread, 0.14–0.17 ms through a {@code SCHED_FIFO} one, and TCP through
 * the bridge 2–4× faster. A {@code SCHED_FIFO} thread runs as soon as a frame wakes it; it still sleeps in
 * {@code poll} when nothing arrives (idle CPU stays near 0). The kernel's real-time throttling
 * ({@code sched_rt_runtime_us}, 95% by default) would stop a saturated one for the rest of each second: the
 * caller eases it out of the real-time class for a while before that ({@link #ease}). Needs {@code CAP_SYS_NICE} (root has it) or an {@code RLIMIT_RTPRIO} of at least the priority;
 * without it the thread stays as it was and the caller says so in one line.
 */
public final class Realtime {
    static final int SCHED_FIFO = 1;
    static final int SCHED_OTHER = 0;
    /** The highest ordinary priority: nice -20. */
    static final int NICE_MOST = -20;
    private static final int EPERM = 1;
    private static final int PRIO_PROCESS = 0;

    private static final String UNAVAILABLE;

    static {
        String why = null;
        if (!Platform.isLinux()) {
            why = "real-time scheduling is asked for on Linux only";
        } else {
            try {
                Native.register(Realtime.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            } catch (LinkageError | RuntimeException e) {
                why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
            }
        }
        UNAVAILABLE = why;
    }

    private Realtime() {
    }

    private static native int sched_setscheduler(int pid, int policy, int[] param);

    private static native int setpriority(int which, int who, int prio);

    /**
     * Puts the calling thread into {@code SCHED_FIFO} at {@code priority} (1–99); 0 leaves it as it is.
     *
     * @return null when done (or not asked for), else the one-line reason it was not
     */
    public static String enter(int priority) {
        if (priority <= 0) {
            return null;
        }
        if (UNAVAILABLE != null) {
            return UNAVAILABLE;
        }
        // pid 0: on Linux the calling thread alone (scheduling is per thread there)
        if (sched_setscheduler(0, SCHED_FIFO, new int[] {Math.min(99, priority)}) == 0) {
            return null;
        }
        int errno = Native.getLastError();
        return errno == EPERM
                ? "no permission for real-time priority " + priority + " (needs CAP_SYS_NICE, or an RLIMIT_RTPRIO"
                        + " of at least " + priority + ")"
                : "sched_setscheduler failed (errno " + errno + ")";
    }

    /**
     * Takes the calling thread out of {@code SCHED_FIFO} into the ordinary class at its highest priority
     * (nice -20), for a packet thread that the traffic keeps busy all the time. The kernel's real-time
     * throttling ({@code sched_rt_runtime_us}: 950 ms of every 1,000 by default) stops a real-time thread that
     * runs the whole second for the rest of it: measured on the bridge under a full-rate TCP flow, every ping
     * that arrived in those 50 ms waited up to 50 ms (p99 32 ms). Nice -20 weighs 87 times an ordinary thread
     * and is never stopped; {@link #enter} puts the thread back when it waits again.
     *
     * @return null when done, else the one-line reason it was not (the thread then stays as it was)
     */
    public static String ease() {
        if (UNAVAILABLE != null) {
            return UNAVAILABLE;
        }
        if (sched_setscheduler(0, SCHED_OTHER, new int[] {0}) != 0) {
            return "sched_setscheduler failed (errno " + Native.getLastError() + ")";
        }
        // who 0: on Linux the calling thread alone, as for sched_setscheduler
        if (setpriority(PRIO_PROCESS, 0, NICE_MOST) != 0) {
            return "setpriority failed (errno " + Native.getLastError() + ")";
        }
        return null;
    }
}
