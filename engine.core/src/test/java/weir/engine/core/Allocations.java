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

    /** Bytes the current thread allocated while running {@code r}. */
    public static long during(Runnable r) {
        com.sun.management.ThreadMXBean b = bean();
        long id = Thread.currentThread().getId();
        long before = b.getThreadAllocatedBytes(id);
        r.run();
        return b.getThreadAllocatedBytes(id) - before;
    }
}
