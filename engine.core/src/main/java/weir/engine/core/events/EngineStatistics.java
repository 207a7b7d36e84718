package weir.engine.core.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;

/**
 * Per-layer and per-filter counters, updated without locks, read without stopping classification.
 * LongAdders: threads classifying at once add to their own cells instead of fighting over one word, and a
 * reader sums. A filter's counters are handed to its compiled form at publish time, so the packet path
 * increments them without looking anything up.
 */
public final class EngineStatistics {
    /**
     * One filter's counters. A match is counted once, as what it led to: it continued, or it ended its
     * sublayer; a snapshot adds them up. The decisions are this adder itself, so that the usual case, a match
     * that decides, is one atomic increment in the one object the compiled filter points to: a matched filter's
     * counters are usually not in the cache, and at 10K filters over several sublayers the extra loads were a
     * large part of arbitration.
     */
    @SuppressWarnings("serial") // never serialized
    public static final class FilterCounters extends LongAdder {
        private final long filterId;
        private final Layer layer;
        private final LongAdder continued = new LongAdder();

        FilterCounters(long filterId, Layer layer) {
            this.filterId = filterId;
            this.layer = layer;
        }

        /** All conditions matched, and the filter did not end its sublayer (CONTINUE). */
        public void continued() {
            continued.increment();
        }

        /** All conditions matched, and the filter ended its sublayer with PERMIT or BLOCK. */
        public void decided() {
            increment();
        }

        public FilterStatistics snapshot() {
            long d = sum(); // first: a match that decides meanwhile can only add to the matches
            return new FilterStatistics(filterId, continued.sum() + d, d);
        }
    }

    // classifications are permits + blocks: one adder less to increment per packet
    private final LongAdder[] permits = adders();
    private final LongAdder[] blocks = adders();
    private final LongAdder[] vetoes = adders();
    private final ConcurrentHashMap<Long, FilterCounters> filters = new ConcurrentHashMap<>();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Layer.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** One classification's outcome at a layer (classify path). */
    public void classified(Layer layer, boolean block, boolean vetoed) {
        int i = layer.ordinal();
        (block ? blocks : permits)[i].increment();
        if (vetoed) {
            vetoes[i].increment();
        }
    }

    /** The counters of a filter, created on first use (publish time). */
    public FilterCounters counters(long filterId, Layer layer) {
        return filters.computeIfAbsent(filterId, id -> new FilterCounters(id, layer));
    }

    /**
     * Forgets the counters of the layer's filters that are not among {@code liveFilterIds} (a layer published as
     * a whole). Sorts the array it is given.
     */
    public void retain(Layer layer, long[] liveFilterIds) {
        Arrays.sort(liveFilterIds);
        filters.values().removeIf(c -> c.layer == layer && Arrays.binarySearch(liveFilterIds, c.filterId) < 0);
    }

    /** Forgets one deleted filter's counters (publish time); returns them, or null if there were none. */
    public FilterCounters forget(long filterId) {
        return filters.remove(filterId);
    }

    /** Puts counters back that {@link #forget} took (a commit that was rolled back). */
    public void restore(FilterCounters counters) {
        filters.putIfAbsent(counters.filterId, counters);
    }

    public List<LayerStatistics> layers() {
        List<LayerStatistics> out = new ArrayList<>();
        for (Layer l : Layer.values()) {
            out.add(layer(l));
        }
        return out;
    }

    public LayerStatistics layer(Layer l) {
        int i = l.ordinal();
        long p = permits[i].sum();
        long b = blocks[i].sum();
        return new LayerStatistics(l, p + b, p, b, vetoes[i].sum());
    }

    /** Every filter that is or was published since its counters were created, by filterId. */
    public List<FilterStatistics> filters() {
        List<FilterStatistics> out = new ArrayList<>();
        for (FilterCounters c : filters.values()) {
            out.add(c.snapshot());
        }
        out.sort(Comparator.comparingLong(FilterStatistics::filterId));
        return out;
    }

    /** The counters of one filter (zeros if it never matched). */
    public FilterStatistics filter(long filterId) {
        FilterCounters c = filters.get(filterId);
        return c == null ? new FilterStatistics(filterId, 0, 0) : c.snapshot();
    }
}
