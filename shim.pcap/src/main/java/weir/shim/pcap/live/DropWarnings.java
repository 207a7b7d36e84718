package weir.shim.pcap.live;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Says on standard error, in one line per interface, when frames reached an interface but were never read
 * (the kernel dropped them because the capture buffer was full, or the interface dropped them): an operator
 * must see that a bridge or a monitor did not keep up. At most one line per interface every
 * {@value #QUIET_SECONDS} s while the count grows; the packet thread only updates the counts
 * ({@link CapturePort#updateDrops}), this thread of its own does the printing, so a slow terminal never
 * holds up packets.
 */
public final class DropWarnings implements AutoCloseable {
    static final int QUIET_SECONDS = 10;

    private final List<CapturePort> ports;
    private final String consequence;
    private final PrintStream err;
    private final long[] reported;
    private final long[] lastLine;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param consequence what a missed frame means, e.g. "not forwarded"
     */
    public DropWarnings(List<CapturePort> ports, String consequence, PrintStream err, String threadName) {
        this.ports = List.copyOf(ports);
        this.consequence = consequence;
        this.err = err;
        this.reported = new long[ports.size()];
        this.lastLine = new long[ports.size()];
        this.thread = new Thread(this::watch, threadName);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void watch() {
        while (!stopped) {
            LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            check(false);
        }
    }

    /**
     * Prints a line for each interface whose missed count grew since its last line, unless one was printed
     * less than {@value #QUIET_SECONDS} s ago ({@code force}: regardless).
     */
    void check(boolean force) {
        long now = System.nanoTime();
        for (int i = 0; i < ports.size(); i++) {
            CaptureDrops d = ports.get(i).drops();
            long grown = d.missed() - reported[i];
            boolean quiet = lastLine[i] != 0 && now - lastLine[i] < TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
            if (grown <= 0 || quiet && !force) {
                continue;
            }
            err.println(line(d, grown));
            err.flush();
            reported[i] = d.missed();
            lastLine[i] = now;
        }
    }

    String line(CaptureDrops d, long grown) {
        return "weir: " + d.interfaceName() + ": " + grown + " more frames missed, Weir did not keep up (since the"
                + " start: " + d.droppedBySocket() + " overflowed the capture buffer, " + d.droppedByInterface()
                + " dropped by the interface, " + d.shed() + " shed after queueing too long); they were "
                + consequence;
    }

    /** Stops the thread and reports what grew since its last line (the final counts are in). */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check(true);
    }
}
