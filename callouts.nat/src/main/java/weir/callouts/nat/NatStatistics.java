package weir.callouts.nat;

import java.util.concurrent.atomic.AtomicLongArray;

/** The callout's counters: one atomic slot per {@link NatCounter}, so counting on the packet path allocates nothing. */
final class NatStatistics {
    private final AtomicLongArray counts = new AtomicLongArray(NatCounter.values().length);

    void add(NatCounter c) {
        counts.incrementAndGet(c.ordinal());
    }

    long get(NatCounter c) {
        return counts.get(c.ordinal());
    }
}
