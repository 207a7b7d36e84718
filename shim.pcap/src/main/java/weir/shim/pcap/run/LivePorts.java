package weir.shim.pcap.run;

import java.util.concurrent.locks.LockSupport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import weir.shim.pcap.live.CaptureDrops;
import weir.shim.pcap.live.CaptureException;
import weir.shim.pcap.live.CapturePort;
import weir.shim.pcap.live.DropWarnings;
import weir.shim.pcap.live.LiveSettings;
import weir.shim.pcap.live.Realtime;
import weir.shim.pcap.live.Waiter;

/**
 * What the live sources share: their open capture ports, the {@link Waiter} their packet thread sleeps in
 * when no frame waits, the kernel's drop counts (asked for once a second) with their warnings, and a close
 * that never pulls a handle from under the packet thread: when that thread is still inside, it closes the
 * handles itself on its way out.
 */
final class LivePorts {
    /** How long an idle packet thread sleeps before it looks after flows and counts again. */
    static final int IDLE_WAIT_MILLIS = 250;
    private static final long STATS_NANOS = 1_000_000_000L;

    private final CapturePort[] ports;
    private final Waiter waiter;
    private final DropWarnings warnings;
    private final String what;
    private final int realtimePriority;
    private final PrintStream messages;
    private volatile String scheduling = "ordinary";
    private final Object lock = new Object();
    private boolean inside;
    private boolean closed;
    private long nextStats;
    private volatile long wakeups;
    /** Whether the packet thread runs SCHED_FIFO (it entered it), and whether it is eased out of it now. */
    private boolean realtime;
    private boolean eased;
    private int saturation;
    private volatile long easings;
    private long windowStart;
    private long idleNanos;

    private LivePorts(CapturePort[] ports, Waiter waiter, DropWarnings warnings, String what, int realtimePriority,
            PrintStream messages) {
        this.ports = ports;
        this.waiter = waiter;
        this.warnings = warnings;
        this.what = what;
        this.realtimePriority = realtimePriority;
        this.messages = messages;
    }

    /**
     * Opens the interfaces (all or none).
     *
     * @param consequence what a missed frame means, for the warnings ("not forwarded", "not judged")
     */
    static LivePorts open(String option, String[] names, boolean bridge, LiveSettings settings, String consequence,
            PrintStream warnings, String threadName) throws SourceException {
        List<CapturePort> opened = new ArrayList<>();
        try {
            for (String name : names) {
                opened.add(CapturePort.open(option, name, bridge, settings));
            }
            int[] fds = new int[opened.size()];
            for (int i = 0; i < fds.length; i++) {
                fds[i] = opened.get(i).fd();
            }
            Waiter waiter = new Waiter(fds);
            DropWarnings watch = new DropWarnings(opened, consequence, warnings, threadName);
            watch.start();
            return new LivePorts(opened.toArray(new CapturePort[0]), waiter, watch,
                    option + " " + String.join(",", names), settings.realtimePriority(), warnings);
        } catch (CaptureException e) {
            for (CapturePort p : opened) {
                p.close();
            }
            throw new SourceException(e.getMessage());
        }
    }

    CapturePort port(int i) {
        return ports[i];
    }

    /** The packet thread enters; false when the ports are closed already (then it must not touch them). */
    boolean enter() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            inside = true;
            nextStats = System.nanoTime() + STATS_NANOS;
        }
        if (realtimePriority > 0) {
            String why = Realtime.enter(realtimePriority);
            if (why == null) {
                realtime = true;
                windowStart = System.nanoTime();
                scheduling = "SCHED_FIFO " + realtimePriority;
            } else {
                scheduling = "ordinary (" + why + ")";
                messages.println("weir: " + what + ": the packet thread runs as an ordinary thread, so frames may"
                        + " wait longer under load: " + why + " (realtimePriority=0 in weir.shim.cfg asks for"
                        + " ordinary threads)");
            }
        }
        return true;
    }

    /** How the packet thread is scheduled: "SCHED_FIFO N", or "ordinary" with the reason when refused. */
    String scheduling() {
        return scheduling;
    }

    /** The packet thread leaves; if a close came meanwhile, the handles are closed now. */
    void leave() {
        synchronized (lock) {
            inside = false;
            if (closed) {
                release();
            }
        }
    }

    /** Sleeps until a frame waits, {@link #wake} is called, or {@value #IDLE_WAIT_MILLIS} ms pass. */
    static final long BACK_OFF_NANOS = 30_000;

    void idle() {
        wakeups++;
        long t0 = System.nanoTime();
        waiter.await(IDLE_WAIT_MILLIS);
        idleNanos += System.nanoTime() - t0;
    }

    /**
     * A send thread is behind and nothing else waits: a moment's pause (counted as waiting, as the thread has
     * time to spare), short enough that a sparse flow's frame arriving meanwhile hardly waits.
     */
    void backOff() {
        long t0 = System.nanoTime();
        LockSupport.parkNanos(BACK_OFF_NANOS);
        idleNanos += System.nanoTime() - t0;
    }

    /** Times the packet thread was eased out of SCHED_FIFO while saturated (see {@link Saturation}). */
    long easings() {
        return easings;
    }

    /** Once a second (checked cheaply on every call): the kernel's drop counts. On the packet thread. */
    void count(long nanoTime) {
        if (realtime && nanoTime - windowStart >= Saturation.WINDOW_NANOS) {
            schedule(nanoTime);
        }
        if (nanoTime - nextStats >= 0) {
            nextStats = nanoTime + STATS_NANOS;
            for (CapturePort p : ports) {
                p.updateDrops();
            }
        }
    }

    /**
     * Every {@link Saturation#WINDOW_NANOS}: a packet thread that the traffic keeps busy leaves SCHED_FIFO for
     * nice -20 for a fifth of each second, so that the kernel's real-time throttling never stops it (see
     * {@link Saturation} and {@link Realtime#ease}). A refusal leaves it as it is, silently.
     */
    private void schedule(long nanoTime) {
        saturation = Saturation.next(saturation, idleNanos, nanoTime - windowStart);
        boolean next = Saturation.eased(saturation);
        if (next != eased) {
            String why = next ? Realtime.ease() : Realtime.enter(realtimePriority);
            if (why == null) {
                eased = next;
                if (next) {
                    easings++;
                }
            }
        }
        windowStart = nanoTime;
        idleNanos = 0;
    }

    /** Wakes the packet thread (any thread). */
    void wake() {
        waiter.wake();
    }

    /** Times the packet thread woke from idle sleep (tests: an idle source sleeps). */
    long wakeups() {
        return wakeups;
    }

    /** The kernel's counts per interface, as of the last second. */
    List<CaptureDrops> drops() {
        List<CaptureDrops> out = new ArrayList<>(ports.length);
        for (CapturePort p : ports) {
            out.add(p.drops());
        }
        return out;
    }

    /** Closes the handles now, or when the packet thread leaves them. Idempotent. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            waiter.wake();
            if (!inside) {
                release();
            }
        }
    }

    private void release() {
        for (CapturePort p : ports) {
            p.close();
        }
        waiter.close();
        warnings.close();
    }
}
