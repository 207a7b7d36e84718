package weir.launcher;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Gives back the memory that starting took, once Weir is up and waits for work (the shell, a live source): the
 * JVM's defaults size the heap for a server (G1 commits ~1/64 of the machine's memory at start and keeps what a
 * burst of class loading, a policy import or an index build touched). {@code java -jar weir.jar} stays the
 * command, so the flags are set here, at run time, through HotSpot's manageable flags:
 * <ul>
 * <li>{@code MinHeapFreeRatio} 5 / {@code MaxHeapFreeRatio} 10: after a full GC or a concurrent cycle the heap
 * shrinks to what is live plus 10% (the defaults keep up to 70% free); a ratio given on the command line is kept
 * and bounds the other (Max never below the user's Min, Min never above the user's Max);</li>
 * <li>{@code G1PeriodicGCInterval} 30 s: when no GC ran for 30 s (an idle Weir after a large import), a
 * concurrent cycle runs and the heap shrinks again;</li>
 * <li>one {@link System#gc()} {@value #SETTLE_MILLIS} ms after the start (on a daemon thread: the shell is
 * already up), once what the start set going (the shell's first lines, FileInstall's first scans) has settled,
 * so that what the start touched is returned then rather than at the first periodic GC.</li>
 * </ul>
 * A flag the user set on the command line is left as given. Batch runs are not trimmed (they end soon, and a
 * full GC would pause their packets). On a JVM without these flags (not HotSpot, another collector) it does
 * nothing more than the GC.
 */
final class MemoryTrim {
    static final long SETTLE_MILLIS = 2_000;

    private MemoryTrim() {
    }

    /** Sets the flags now and collects once {@value #SETTLE_MILLIS} ms later, on a daemon thread. */
    static void afterStart() {
        setFlags();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
        }, "weir-memory-trim");
        t.setDaemon(true);
        t.start();
    }

    private static void setFlags() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hs != null) {
                // Min <= Max at every step: a ratio the user gave on the command line bounds ours
                set(hs, "MinHeapFreeRatio", Math.min(5, value(hs, "MaxHeapFreeRatio")));
                set(hs, "MaxHeapFreeRatio", Math.max(10, value(hs, "MinHeapFreeRatio")));
                set(hs, "G1PeriodicGCInterval", 30_000);
            }
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot or no management: the heap keeps the JVM's defaults
        }
    }

    private static long value(HotSpotDiagnosticMXBean hs, String name) {
        return Long.parseLong(hs.getVMOption(name).getValue());
    }

    private static void set(HotSpotDiagnosticMXBean hs, String name, long value) {
        try {
            VMOption o = hs.getVMOption(name);
            if (o.isWriteable() && o.getOrigin() == VMOption.Origin.DEFAULT) {
                hs.setVMOption(name, Long.toString(value));
            }
        } catch (IllegalArgumentException e) {
            // this JVM has no such flag (or refuses the value): keep its own
        }
    }
}
