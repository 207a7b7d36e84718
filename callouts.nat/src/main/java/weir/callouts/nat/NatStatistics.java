package weir.callouts.nat;

import java.util.concurrent.atomic.LongAdder;

/**
 * The callouts' counters, one {@link LongAdder} per {@link NatCounter}: striped, so threads classifying at once
 * (a bridge's two directions) do not fight over one cache line, and allocation-free once warmed up.
 */
final class NatStatistics {
    private final LongAdder[] counts = new LongAdder[NatCounter.values().length];

    NatStatistics() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void add(NatCounter c) {
        counts[c.ordinal()].increment();
    }

    long get(NatCounter c) {
        return counts[c.ordinal()].sum();
    }
}
