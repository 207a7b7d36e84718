package weir.engine.core.callout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import weir.engine.api.CalloutStatistics;
import weir.engine.api.Layer;

/**
 * The slowest classify calls of one registration, kept in storage allocated once: {@value #SIZE} slots of four
 * longs (duration, filter id, layer and over-budget bit, wall-clock millis). Called on the packet path after
 * every call, so {@link #offer} allocates nothing and takes no lock: a call no slower than the fastest one kept
 * stops at one volatile read ({@link #floor}), which is nearly every call once the slots are full.
 *
 * <p>A slot is replaced under a per-slot version (a seqlock): a writer claims the slot with a CAS from even to
 * odd, writes, and releases it to the next even number; a writer never waits for a slot another writer holds,
 * it takes the next smallest. Readers retry a slot whose version changed while they read it. Kept durations only
 * ever grow, so the floor (the least of them, read at some moment) can only be too low, never too high: a call
 * that belongs among the slowest is never turned away by it.
 */
final class SlowestCalls {
    /** How many calls are kept (wfp:callouts KEY shows them all). */
    static final int SIZE = 8;
    private static final int NANOS = 0;
    private static final int FILTER = 1;
    private static final int LAYER = 2;
    private static final int MILLIS = 3;
    private static final int WIDTH = 4;
    private static final long OVER_BUDGET = 1L << 32;
    private static final Layer[] LAYERS = Layer.values();

    private final AtomicLongArray slots = new AtomicLongArray(SIZE * WIDTH);
    private final AtomicLongArray versions = new AtomicLongArray(SIZE);
    /** No kept call took less than this (0 while a slot is empty). */
    private volatile long floor;

    /** A call that took {@code nanos}: kept if it is slower than the fastest one kept. */
    void offer(long nanos, long filterId, Layer layer, boolean overBudget) {
        if (nanos <= floor) {
            return;
        }
        while (true) {
            int victim = -1;
            long least = Long.MAX_VALUE;
            for (int i = 0; i < SIZE; i++) {
                if ((versions.get(i) & 1) != 0) {
                    continue; // another writer's: it only gets slower
                }
                long n = slots.get(i * WIDTH + NANOS);
                if (n < least) {
                    least = n;
                    victim = i;
                }
            }
            if (victim < 0) {
                Thread.onSpinWait(); // every slot is being written this instant
                continue;
            }
            if (nanos <= least) {
                return;
            }
            long v = versions.get(victim);
            if ((v & 1) != 0 || !versions.compareAndSet(victim, v, v + 1)) {
                continue;
            }
            int at = victim * WIDTH;
            if (slots.get(at + NANOS) >= nanos) {
                versions.set(victim, v + 2); // replaced by a slower call meanwhile: look again
                continue;
            }
            slots.set(at + NANOS, nanos);
            slots.set(at + FILTER, filterId);
            slots.set(at + LAYER, layer.ordinal() | (overBudget ? OVER_BUDGET : 0));
            slots.set(at + MILLIS, System.currentTimeMillis());
            versions.set(victim, v + 2);
            raiseFloor();
            return;
        }
    }

    /** The least duration kept, read now: never above the true least, since kept durations only grow. */
    private void raiseFloor() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < SIZE; i++) {
            least = Math.min(least, slots.get(i * WIDTH + NANOS));
        }
        floor = least;
    }

    /** The calls kept, slowest first (allocates: not the packet path). */
    List<CalloutStatistics.Call> snapshot() {
        List<CalloutStatistics.Call> out = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) {
            int at = i * WIDTH;
            for (int tries = 0; tries < 1000; tries++) {
                long v = versions.get(i);
                if ((v & 1) != 0) {
                    Thread.onSpinWait();
                    continue;
                }
                long nanos = slots.get(at + NANOS);
                long filter = slots.get(at + FILTER);
                long layer = slots.get(at + LAYER);
                long millis = slots.get(at + MILLIS);
                if (versions.get(i) != v) {
                    continue;
                }
                if (nanos > 0) {
                    out.add(new CalloutStatistics.Call(nanos, filter, LAYERS[(int) layer], Instant.ofEpochMilli(millis),
                            (layer & OVER_BUDGET) != 0));
                }
                break;
            }
        }
        out.sort(Comparator.comparingLong(CalloutStatistics.Call::nanos).reversed());
        return out;
    }
}
