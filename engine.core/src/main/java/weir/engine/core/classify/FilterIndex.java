package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An index over one sublayer's filters that skips most filters a packet cannot match. It picks one integer
 * field and a mask (the whole value, or the top 8/16/24 bits of a 32-bit field such as an IPv4 address): a
 * filter is <em>indexed</em> when one of its condition groups pins {@code value & mask} — every test in the
 * group is an EQUAL or a masked equality whose mask covers the index mask — and goes into the bucket of each
 * key the group allows. Every other filter is in {@link #rest}. A packet can only match the filters of its
 * key's bucket and the rest; arbitration walks the two lists merged by position, which is the filters'
 * evaluation order, so the result is the linear scan's (the tests check it against the linear scan).
 */
final class FilterIndex {
    static final int[] NO_FILTERS = new int[0];
    /** Below this many filters a linear scan is as fast. */
    static final int MIN_FILTERS = 16;

    final int slot;
    final long mask;
    /** Positions (into the sublayer's filters, ascending) of the filters that are not indexed. */
    final int[] rest;
    private final long[] keys;
    private final int[][] lists;
    private final int shift;

    private FilterIndex(int slot, long mask, int[] rest, Map<Long, List<Integer>> buckets) {
        this.slot = slot;
        this.mask = mask;
        this.rest = rest;
        int cap = Integer.highestOneBit(Math.max(4, buckets.size() * 2 - 1)) << 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(cap);
        keys = new long[cap];
        lists = new int[cap][];
        for (Map.Entry<Long, List<Integer>> e : buckets.entrySet()) {
            int i = home(e.getKey());
            while (lists[i] != null) {
                i = (i + 1) & (cap - 1);
            }
            keys[i] = e.getKey();
            lists[i] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The positions of the indexed filters that the packet's key allows (packet path: no allocation). */
    int[] bucket(PacketValues pv) {
        if (!pv.present[slot]) {
            return NO_FILTERS; // an indexed group never matches an EMPTY value
        }
        long key = pv.bits[slot] & mask;
        int n = lists.length - 1;
        for (int i = home(key);; i = (i + 1) & n) {
            int[] l = lists[i];
            if (l == null) {
                return NO_FILTERS;
            }
            if (keys[i] == key) {
                return l;
            }
        }
    }

    /** The best index for these filters, or null when none beats a linear scan. */
    static FilterIndex build(CompiledFilter[] filters, int[] slotWidths) {
        if (filters.length < MIN_FILTERS) {
            return null;
        }
        double best = filters.length * 0.5; // an index must at least halve the work
        FilterIndex chosen = null;
        for (int s = 0; s < slotWidths.length; s++) {
            if (slotWidths[s] == 0) {
                continue;
            }
            long all = slotWidths[s] == 64 ? -1L : (1L << slotWidths[s]) - 1;
            long[] masks = slotWidths[s] == 32 ? new long[] {all, 0xFF000000L, 0xFFFF0000L, 0xFFFFFF00L} : new long[] {all};
            for (long m : masks) {
                FilterIndex ix = tryBuild(filters, s, m);
                if (ix != null) {
                    double cost = ix.expectedCandidates();
                    if (cost < best) {
                        best = cost;
                        chosen = ix;
                    }
                }
            }
        }
        return chosen;
    }

    /** Candidates per packet if packets hit buckets in proportion to their sizes, plus the rest. */
    private double expectedCandidates() {
        double sum = 0;
        double squares = 0;
        for (int[] l : lists) {
            if (l != null) {
                sum += l.length;
                squares += (double) l.length * l.length;
            }
        }
        return rest.length + (sum == 0 ? 0 : squares / sum);
    }

    private static FilterIndex tryBuild(CompiledFilter[] filters, int s, long m) {
        Map<Long, List<Integer>> buckets = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        long[] keys = new long[8];
        for (int pos = 0; pos < filters.length; pos++) {
            int n = keysOf(filters[pos].conditions, s, m, keys);
            if (n < 0) {
                rest.add(pos);
                continue;
            }
            for (int k = 0; k < n; k++) {
                List<Integer> l = buckets.computeIfAbsent(keys[k], x -> new ArrayList<>());
                if (l.isEmpty() || l.get(l.size() - 1) != pos) {
                    l.add(pos);
                }
            }
        }
        if (buckets.isEmpty()) {
            return null;
        }
        return new FilterIndex(s, m, rest.stream().mapToInt(Integer::intValue).toArray(), buckets);
    }

    /** The keys a filter's group on slot {@code s} allows under mask {@code m}, or -1 if it is not pinned. */
    private static int keysOf(CompiledConditions c, int s, long m, long[] out) {
        for (int g = 0; g < c.groupEnd.length; g++) {
            int start = g == 0 ? 0 : c.groupEnd[g - 1];
            if (c.slot[start] != s) {
                continue;
            }
            int n = c.groupEnd[g] - start;
            if (n > out.length) {
                return -1;
            }
            for (int t = start; t < c.groupEnd[g]; t++) {
                byte op = c.op[t];
                if (op == CompiledConditions.INT_EQ) {
                    out[t - start] = c.a[t] & m;
                } else if (op == CompiledConditions.INT_MASK && (c.a[t] & m) == m) {
                    out[t - start] = c.b[t] & m;
                } else {
                    return -1;
                }
            }
            return n;
        }
        return -1;
    }
}
