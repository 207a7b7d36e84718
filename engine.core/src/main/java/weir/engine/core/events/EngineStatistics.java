package weir.engine.core.events;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;

/**
 * Per-layer and per-filter counters, updated without locks or atomic instructions, read without stopping
 * classification. Each classifying thread counts into its own {@link ThreadCounters} (held by its verdict) and a
 * reader sums them all, as netfilter sums its per-CPU counters. A filter gets a slot at publish time, the same in
 * every thread's cells, which its compiled form keeps, so the packet path counts without looking anything up.
 *
 * <p>Counters outlive their threads: when a verdict is collected, its counts are added to a retired total. A
 * deleted filter's slot is handed out again only after {@link #REUSE_AFTER_NANOS} (a classification still holding
 * the old snapshot has long finished), and the new filter's counts start from what the slot held then.
 */
public final class EngineStatistics {
    /** How long a released slot rests before another filter gets it. */
    static final long REUSE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final long reuseAfterNanos;

    public EngineStatistics() {
        this(REUSE_AFTER_NANOS);
    }

    EngineStatistics(long reuseAfterNanos) {
        this.reuseAfterNanos = reuseAfterNanos;
    }

    /**
     * One filter's counters: its slot in every thread's cells, and what the slot held when the filter got it. A
     * match is counted once, as what it led to: it continued, or it ended its sublayer; a snapshot adds them up.
     */
    public static final class FilterCounters {
        private final long filterId;
        private final Layer layer;
        private final int slot;
        private final long decidedBase;
        private final long continuedBase;

        FilterCounters(long filterId, Layer layer, int slot, long decidedBase, long continuedBase) {
            this.filterId = filterId;
            this.layer = layer;
            this.slot = slot;
            this.decidedBase = decidedBase;
            this.continuedBase = continuedBase;
        }

        /** Where the packet path counts this filter ({@link ThreadCounters#decided}). */
        public int slot() {
            return slot;
        }
    }

    /** A verdict's counters, registered weakly on the verdict: when it is collected they are retired. */
    private static final class Registered extends WeakReference<Object> {
        final ThreadCounters counters;

        Registered(Object holder, ThreadCounters counters, ReferenceQueue<Object> queue) {
            super(holder, queue);
            this.counters = counters;
        }
    }

    private final ConcurrentHashMap<Long, FilterCounters> filters = new ConcurrentHashMap<>();
    // guarded by this: the threads' counters, what collected ones counted, and the slots
    private final List<Registered> threads = new ArrayList<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final long[] retiredLayers = new long[3 * ThreadCounters.LAYERS];
    private long[] retiredCells = new long[0];
    private int slots;
    /** Released slots, oldest first: {slot, release time}. */
    private final ArrayDeque<long[]> released = new ArrayDeque<>();
    /** How many slots were handed out (a thread's cells grow to this). */
    private volatile int capacity;

    /** Counters for one verdict's classifications (allocation time, not the packet path). */
    public synchronized ThreadCounters newThreadCounters(Object verdict) {
        expunge();
        ThreadCounters c = new ThreadCounters(this);
        threads.add(new Registered(verdict, c, collected));
        return c;
    }

    /** How many threads' counters are registered (tests: a collected verdict's are retired). */
    synchronized int registered() {
        expunge();
        return threads.size();
    }

    int capacity() {
        return capacity;
    }

    /** The counters of a filter, created on first use (publish time). */
    public FilterCounters counters(long filterId, Layer layer) {
        FilterCounters c = filters.get(filterId);
        return c != null ? c : filters.computeIfAbsent(filterId, id -> newCounters(id, layer));
    }

    // called inside the map's computeIfAbsent: takes this lock inside the map's; nothing takes them the other way
    private synchronized FilterCounters newCounters(long filterId, Layer layer) {
        long[] r = released.peekFirst();
        if (r != null && System.nanoTime() - r[1] >= reuseAfterNanos) {
            released.pollFirst();
            int s = (int) r[0];
            expunge();
            return new FilterCounters(filterId, layer, s, sum(2 * s), sum(2 * s + 1));
        }
        int s = slots++;
        if (slots > capacity) {
            capacity = Math.max(1024, Integer.highestOneBit(slots - 1) << 1);
        }
        return new FilterCounters(filterId, layer, s, 0, 0);
    }

    /**
     * Forgets the counters of the layer's filters that are not among {@code liveFilterIds} (a layer published as
     * a whole). Sorts the array it is given.
     */
    public void retain(Layer layer, long[] liveFilterIds) {
        Arrays.sort(liveFilterIds);
        for (FilterCounters c : filters.values()) {
            if (c.layer == layer && Arrays.binarySearch(liveFilterIds, c.filterId) < 0 && filters.remove(c.filterId, c)) {
                release(c);
            }
        }
    }

    /** Forgets one deleted filter's counters (publish time); returns them, or null if there were none. */
    public FilterCounters forget(long filterId) {
        FilterCounters c = filters.remove(filterId);
        if (c != null) {
            release(c);
        }
        return c;
    }

    /**
     * Puts counters back that {@link #forget} took (a commit that was rolled back, at once: its slot has not been
     * handed out again, as a released slot rests first).
     */
    public void restore(FilterCounters counters) {
        if (filters.putIfAbsent(counters.filterId, counters) == null) {
            unrelease(counters.slot);
        }
    }

    private synchronized void unrelease(int slot) {
        released.removeIf(r -> r[0] == slot);
    }

    private synchronized void release(FilterCounters c) {
        released.addLast(new long[] {c.slot, System.nanoTime()});
    }

    public List<LayerStatistics> layers() {
        List<LayerStatistics> out = new ArrayList<>();
        for (Layer l : Layer.values()) {
            out.add(layer(l));
        }
        return out;
    }

    public synchronized LayerStatistics layer(Layer l) {
        expunge();
        int i = 3 * l.ordinal();
        long p = layerSum(i);
        long b = layerSum(i + 1);
        return new LayerStatistics(l, p + b, p, b, layerSum(i + 2));
    }

    /** Every filter that is or was published since its counters were created, by filterId. */
    public synchronized List<FilterStatistics> filters() {
        expunge();
        List<FilterStatistics> out = new ArrayList<>();
        for (FilterCounters c : filters.values()) {
            out.add(snapshot(c));
        }
        out.sort(Comparator.comparingLong(FilterStatistics::filterId));
        return out;
    }

    /** The counters of one filter (zeros if it never matched). */
    public synchronized FilterStatistics filter(long filterId) {
        expunge();
        FilterCounters c = filters.get(filterId);
        return c == null ? new FilterStatistics(filterId, 0, 0) : snapshot(c);
    }

    private FilterStatistics snapshot(FilterCounters c) {
        long d = sum(2 * c.slot) - c.decidedBase; // first: a match that decides meanwhile can only add to the matches
        long k = sum(2 * c.slot + 1) - c.continuedBase;
        return new FilterStatistics(c.filterId, k + d, d);
    }

    private long sum(int cell) {
        long s = cell < retiredCells.length ? retiredCells[cell] : 0;
        for (Registered r : threads) {
            s += r.counters.cell(cell);
        }
        return s;
    }

    private long layerSum(int cell) {
        long s = retiredLayers[cell];
        for (Registered r : threads) {
            s += r.counters.layerCell(cell);
        }
        return s;
    }

    /** Adds the counts of collected verdicts to the retired totals (no thread writes them any more). */
    private void expunge() {
        for (Object r; (r = collected.poll()) != null;) {
            ThreadCounters c = ((Registered) r).counters;
            threads.remove(r);
            for (int i = 0; i < retiredLayers.length; i++) {
                retiredLayers[i] += c.layerCell(i);
            }
            int n = c.cellCount();
            if (n > retiredCells.length) {
                retiredCells = Arrays.copyOf(retiredCells, n);
            }
            for (int i = 0; i < n; i++) {
                retiredCells[i] += c.cell(i);
            }
        }
    }
}
