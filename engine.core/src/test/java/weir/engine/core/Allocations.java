package weir.engine.core;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Assumptions;

/** Bytes allocated by the current thread (HotSpot's com.sun.management.ThreadMXBean), for allocation tests. */
public final class Allocations {
    private Allocations() {
    }

    /** Skips the calling test when the JVM cannot count a thread's allocations. */
    public static com.sun.management.ThreadMXBean bean() {
        java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(b instanceof com.sun.management.ThreadMXBean,
                "this JVM has no com.sun.management.ThreadMXBean: cannot count allocated bytes");
        com.sun.management.ThreadMXBean s = (com.sun.management.ThreadMXBean) b;
        Assumptions.assumeTrue(s.isThreadAllocatedMemorySupported(), "thread allocation counting is not supported");
        s.setThreadAllocatedMemoryEnabled(true);
        return s;
    }

    /**
     * Bytes the current thread allocated while running {@code r}, after running the same {@code r} a few
     * times first: the first runs of a method resolve its constants and load classes, which is start-up
     * work, not the steady state being measured. The least of five measured runs: a run now and then meets a
     * one-off allocation of the JVM's own (a deoptimization, an on-stack replacement), while an allocation on
     * the measured path shows in every run.
     */
    public static long during(Runnable r) {
        com.sun.management.ThreadMXBean b = bean();
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5 && least > 0; i++) {
            // getCurrentThreadAllocatedBytes, not getThreadAllocatedBytes(id): the latter allocates arrays itself
            long before = b.getCurrentThreadAllocatedBytes();
            r.run();
            least = Math.min(least, b.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
