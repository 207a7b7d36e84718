package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision tree over one sublayer's filters that leads a packet to the few filters it could match.
 *
 * <p>Each inner node tests one integer field under a mask (the whole value, or the top 8/16/24 bits of a
 * 32-bit field such as an IPv4 address). A filter is <em>pinned</em> at a node when one of its condition
 * groups fixes {@code value & mask}: every test in the group is an EQUAL, or a masked equality whose mask
 * covers the node's mask (an address prefix at least as long, a FLAGS_ALL_SET/NONE_SET on those bits). A
 * pinned filter goes to the child of each key its group allows; a pinned group never matches a key it does
 * not allow, nor an EMPTY value. The unpinned filters are either copied into every child and into an
 * {@code other} child (for keys no pinned filter has, and EMPTY), when that is cheap, or kept in a separate
 * {@code rest} subtree that every packet also visits. So a packet reaches one or more leaves; together they
 * hold every filter it could match, without duplicates; each is in evaluation order (ascending positions)
 * and arbitration merges them, which gives exactly the linear scan's result. Tests check that against the
 * linear scan and the reference arbiter.
 *
 * <p>Building picks, at each node, the test that minimises the expected candidates (the unpinned filters
 * plus the size-weighted mean bucket) and stops when a test would not cut that by a quarter, at depth
 * {@value #MAX_DEPTH} or below {@value #MIN_FILTERS} filters. Copies are limited to {@value #BUDGET} times the
 * sublayer's filters, and a path has at most {@value #MAX_SEPARATE} separate-rest nodes, so a packet visits at
 * most {@value #MAX_LISTS} leaves.
 */
final class FilterIndex {
    static final int MIN_FILTERS = 16;
    static final int MAX_DEPTH = 8;
    static final int BUDGET = 8;
    static final int MAX_SEPARATE = 4;
    /** The most leaves one packet can reach: 2^MAX_SEPARATE (the size of the caller's scratch). */
    static final int MAX_LISTS = 1 << MAX_SEPARATE;

    /** One node: a leaf (positions) or a test with children in an open-addressing table. */
    private static final class Node {
        int[] leaf;
        int slot;
        long mask;
        long[] keys;
        Node[] children;
        /** Copy mode: the unpinned filters, for keys without a child and EMPTY values. */
        Node other;
        /** Separate mode: the unpinned filters, visited by every packet besides its key's child. */
        Node rest;
        int shift;

        int home(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        }
    }

    private final Node root;
    /** The test at the root (diagnostics). */
    final int slot;
    final long mask;

    private FilterIndex(Node root) {
        this.root = root;
        this.slot = root.slot;
        this.mask = root.mask;
    }

    /**
     * Puts the leaves the packet reaches into {@code lists} (at most {@link #MAX_LISTS}, each ascending,
     * together disjoint) and returns how many (packet path: no allocation).
     */
    int collect(PacketValues pv, int[][] lists) {
        return collect(root, pv, lists, 0);
    }

    private static int collect(Node n, PacketValues pv, int[][] lists, int k) {
        while (n.leaf == null) {
            Node next = null;
            if (pv.present[n.slot]) {
                long key = pv.bits[n.slot] & n.mask;
                int m = n.keys.length - 1;
                for (int i = n.home(key);; i = (i + 1) & m) {
                    Node c = n.children[i];
                    if (c == null) {
                        break;
                    }
                    if (n.keys[i] == key) {
                        next = c;
                        break;
                    }
                }
            }
            if (n.rest != null) {
                if (next != null) {
                    k = collect(next, pv, lists, k);
                }
                n = n.rest;
            } else {
                n = next != null ? next : n.other;
            }
        }
        if (n.leaf.length > 0) {
            lists[k++] = n.leaf;
        }
        return k;
    }

    /** The tree's shape, for diagnostics and tests. */
    record Shape(int nodes, int leaves, int separateNodes, long positions) {
    }

    Shape shape() {
        long[] c = new long[4];
        count(root, c);
        return new Shape((int) c[0], (int) c[1], (int) c[2], c[3]);
    }

    private static void count(Node n, long[] c) {
        c[0]++;
        if (n.leaf != null) {
            c[1]++;
            c[3] += n.leaf.length;
            return;
        }
        if (n.rest != null) {
            c[2]++;
            count(n.rest, c);
        } else {
            count(n.other, c);
        }
        for (Node child : n.children) {
            if (child != null) {
                count(child, c);
            }
        }
    }

    /** The tree for these filters, or null when testing them all is about as good. */
    static FilterIndex build(CompiledFilter[] filters, int[] slotWidths) {
        if (filters.length < MIN_FILTERS) {
            return null;
        }
        int[] all = new int[filters.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        int[] budget = {filters.length * BUDGET};
        Node root = node(filters, slotWidths, all, 0, 0, budget);
        return root.leaf == null ? new FilterIndex(root) : null;
    }

    private static Node node(CompiledFilter[] filters, int[] widths, int[] positions, int depth, int separate,
            int[] budget) {
        Node n = new Node();
        Split best = depth < MAX_DEPTH && positions.length >= MIN_FILTERS ? bestSplit(filters, widths, positions) : null;
        boolean copy = best != null && best.copies() <= Math.min(budget[0], 4 * positions.length);
        if (best == null || (!copy && separate >= MAX_SEPARATE)) {
            n.leaf = positions;
            return n;
        }
        if (copy) {
            budget[0] -= best.copies();
        }
        n.slot = best.slot;
        n.mask = best.mask;
        int cap = Integer.highestOneBit(Math.max(4, best.buckets.size() * 2 - 1)) << 1;
        n.shift = 64 - Integer.numberOfTrailingZeros(cap);
        n.keys = new long[cap];
        n.children = new Node[cap];
        for (Map.Entry<Long, List<Integer>> e : best.buckets.entrySet()) {
            int[] members = copy ? merge(e.getValue(), best.rest) : e.getValue().stream().mapToInt(Integer::intValue).toArray();
            Node child = node(filters, widths, members, depth + 1, copy ? separate : separate + 1, budget);
            int i = n.home(e.getKey());
            while (n.children[i] != null) {
                i = (i + 1) & (cap - 1);
            }
            n.keys[i] = e.getKey();
            n.children[i] = child;
        }
        Node unpinned = node(filters, widths, best.rest, depth + 1, copy ? separate : separate + 1, budget);
        if (copy) {
            n.other = unpinned;
        } else {
            n.rest = unpinned;
        }
        return n;
    }

    /** A candidate test: the filters it pins, per key, and the ones it does not. */
    private record Split(int slot, long mask, Map<Long, List<Integer>> buckets, int[] rest, double expected) {
        int copies() {
            return rest.length * buckets.size();
        }
    }

    private static Split bestSplit(CompiledFilter[] filters, int[] widths, int[] positions) {
        Split best = null;
        double limit = positions.length * 0.75;
        for (int s = 0; s < widths.length; s++) {
            if (widths[s] == 0) {
                continue;
            }
            long all = widths[s] == 64 ? -1L : (1L << widths[s]) - 1;
            long[] masks = widths[s] == 32 ? new long[] {all, 0xFF000000L, 0xFFFF0000L, 0xFFFFFF00L} : new long[] {all};
            for (long m : masks) {
                Split sp = split(filters, positions, s, m);
                if (sp != null && sp.expected < limit && (best == null || sp.expected < best.expected)) {
                    best = sp;
                }
            }
        }
        return best;
    }

    private static Split split(CompiledFilter[] filters, int[] positions, int s, long m) {
        Map<Long, List<Integer>> buckets = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        long[] keys = new long[8];
        for (int pos : positions) {
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
        if (buckets.size() < 2) {
            return null; // one key: the bucket is the whole set again
        }
        double sum = 0;
        double squares = 0;
        for (List<Integer> l : buckets.values()) {
            sum += l.size();
            squares += (double) l.size() * l.size();
        }
        int[] r = rest.stream().mapToInt(Integer::intValue).toArray();
        return new Split(s, m, buckets, r, r.length + squares / sum);
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

    /** Two ascending position lists as one. */
    private static int[] merge(List<Integer> a, int[] b) {
        int[] out = new int[a.size() + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.size() || j < b.length) {
            out[k++] = j >= b.length || (i < a.size() && a.get(i) < b[j]) ? a.get(i++) : b[j++];
        }
        return out;
    }
}
