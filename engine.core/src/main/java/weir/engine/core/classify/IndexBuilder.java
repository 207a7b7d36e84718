package weir.engine.core.classify;

import java.util.Arrays;

/**
 * Builds {@link FilterIndex} subtrees (publish time, off the packet path). At each node it tries a test of the
 * top 8, 16, ... bits of every index field some filter is pinned on, counts the filters per key in a primitive
 * hash table (no boxing, no maps), and keeps the test with the fewest expected candidates. One builder builds
 * one tree: it holds the copy budget and reuses its scratch arrays from node to node.
 *
 * <p>The filters are numbered once, in evaluation order, and what each pins is copied into flat arrays per
 * index field ({@link #len}, {@link #value}): every test tried at every node reads each of its filters, and
 * reading a number from a primitive array in sequence is far cheaper than following each filter's {@link Pins}
 * and its arrays across the heap (an import of 10,000 filters spent a third of its time here). A node works on
 * filter numbers, ascending, which is evaluation order; a leaf turns them back into filters.
 */
final class IndexBuilder {
    static final int STEP = 8;
    private final IndexFields fields;
    private int budget;
    private final long[] ks = new long[Pins.MAX_VALUES];
    // per index field: how many filters pin it at each length, and how many values they list
    private final int[] lengths;
    private final int[] pinned;
    private final int[] values;
    // a counting hash table keyed by long, cleared by bumping the stamp
    private long[] hashKey = new long[64];
    private int[] hashCount = new int[64];
    private int[] hashStamp = new int[64];
    private int stamp;
    private int[] used = new int[32];
    private int usedCount;
    // the filters of this build by number, and per index field what each pins (null: no filter pins the field)
    private CompiledFilter[] all;
    /** Per index field, per filter: the pinned length, 0 when not pinned there. */
    private byte[][] len;
    /** Per index field, per filter: its (first) pinned value. */
    private long[][] value;
    /** Per index field, per filter: all its pinned values when an OR group gives more than one, else null. */
    private long[][][] multi;

    IndexBuilder(IndexFields fields, int budget) {
        this.fields = fields;
        this.budget = budget;
        this.lengths = new int[fields.count() * 65];
        this.pinned = new int[fields.count()];
        this.values = new int[fields.count()];
    }

    /**
     * The subtree of these filters (in evaluation order) at this depth, below {@code separate} separate nodes.
     * Called once per builder.
     */
    FilterIndex.Node node(CompiledFilter[] fs, int depth, int separate) {
        number(fs);
        int[] ids = new int[fs.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return node(ids, depth, separate);
    }

    /** Numbers the filters and copies what they pin into the flat arrays. */
    private void number(CompiledFilter[] fs) {
        int n = fs.length;
        int count = fields.count();
        all = fs;
        len = new byte[count][];
        value = new long[count][];
        multi = null;
        for (int i = 0; i < n; i++) {
            Pins p = fs[i].pins;
            for (int k = 0; k < p.field.length; k++) {
                int fl = p.field[k];
                if (len[fl] == null) {
                    len[fl] = new byte[n];
                    value[fl] = new long[n];
                }
                long[] vs = p.values[k];
                len[fl][i] = p.len[k];
                value[fl][i] = vs[0];
                if (vs.length > 1) {
                    if (multi == null) {
                        multi = new long[count][][];
                    }
                    if (multi[fl] == null) {
                        multi[fl] = new long[n][];
                    }
                    multi[fl][i] = vs;
                }
            }
        }
    }

    /**
     * Filter {@code id}'s keys under a test of the top {@code m} of {@code w} bits of index field {@code field},
     * written into {@code out} (distinct), or -1 when it is not pinned there: {@link Pins#keys} from the flat arrays.
     */
    private int keys(int field, int id, int m, int w, long[] out) {
        byte[] ls = len[field];
        if (ls == null || ls[id] < m) {
            return -1;
        }
        int shift = w - m;
        long[] vs = multi == null || multi[field] == null ? null : multi[field][id];
        if (vs == null) {
            out[0] = value[field][id] >>> shift;
            return 1;
        }
        int n = 0;
        outer:
        for (long v : vs) {
            long k = v >>> shift;
            for (int j = 0; j < n; j++) {
                if (out[j] == k) {
                    continue outer;
                }
            }
            out[n++] = k;
        }
        return n;
    }

    private FilterIndex.Node node(int[] ids, int depth, int separate) {
        int n = ids.length;
        if (n < FilterIndex.LEAF || depth >= FilterIndex.MAX_DEPTH) {
            return leaf(ids);
        }
        long best = bestSplit(ids);
        if (best < 0) {
            return leaf(ids);
        }
        int field = (int) (best >>> 8);
        int m = (int) (best & 0xFF);
        return split(ids, field, m, depth, separate);
    }

    private FilterIndex.Node leaf(int[] ids) {
        CompiledFilter[] fs = new CompiledFilter[ids.length];
        for (int i = 0; i < ids.length; i++) {
            fs[i] = all[ids[i]];
        }
        return new FilterIndex.Node(fs, Math.max(FilterIndex.SPLIT, 2 * fs.length), fields);
    }

    /** The best test as {@code field << 8 | m}, or -1 when none cuts the expected candidates by a quarter. */
    private long bestSplit(int[] ids) {
        int n = ids.length;
        int count = fields.count();
        Arrays.fill(lengths, 0);
        Arrays.fill(pinned, 0);
        Arrays.fill(values, 0);
        for (int fl = 0; fl < count; fl++) {
            byte[] ls = len[fl];
            if (ls == null) {
                continue;
            }
            long[][] mv = multi == null ? null : multi[fl];
            int base = fl * 65;
            int p = 0;
            int v = 0;
            for (int id : ids) {
                int l = ls[id];
                if (l > 0) {
                    lengths[base + l]++;
                    p++;
                    v += mv == null || mv[id] == null ? 1 : mv[id].length;
                }
            }
            pinned[fl] = p;
            values[fl] = v;
        }
        double limit = n * 0.75;
        double bestExpected = Double.MAX_VALUE;
        long best = -1;
        for (int fl = 0; fl < count; fl++) {
            if (n - pinned[fl] >= limit) {
                continue;
            }
            int w = fields.width[fl];
            ensure(values[fl]);
            // how many filters are pinned at length >= m, for m from the widest down
            int atLeast = 0;
            int[] at = new int[w + 1];
            for (int l = w; l >= 1; l--) {
                atLeast += lengths[fl * 65 + l];
                at[l] = atLeast;
            }
            for (int m = STEP; m <= w; m += STEP) {
                int unpinned = n - at[m];
                if (unpinned >= limit || unpinned >= bestExpected) {
                    continue;
                }
                double expected = expected(ids, fl, m, w);
                if (expected < limit && expected < bestExpected) {
                    bestExpected = expected;
                    best = ((long) fl << 8) | m;
                }
            }
        }
        return best;
    }

    /** Unpinned filters plus the size-weighted mean bucket, or MAX_VALUE when the test has fewer than 2 keys. */
    private double expected(int[] ids, int field, int m, int w) {
        clear();
        int unpinned = 0;
        byte[] ls = len[field];
        long[] vs = value[field];
        boolean single = multi == null || multi[field] == null;
        int shift = w - m;
        for (int id : ids) {
            if (ls[id] < m) {
                unpinned++;
                continue;
            }
            if (single) {
                hashCount[slot(vs[id] >>> shift)]++;
                continue;
            }
            int nk = keys(field, id, m, w, ks);
            for (int j = 0; j < nk; j++) {
                hashCount[slot(ks[j])]++;
            }
        }
        if (usedCount < 2) {
            return Double.MAX_VALUE;
        }
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < usedCount; i++) {
            double c = hashCount[used[i]];
            sum += c;
            squares += c * c;
        }
        return unpinned + squares / sum;
    }

    private FilterIndex.Node split(int[] ids, int field, int m, int depth, int separate) {
        int n = ids.length;
        int w = fields.width[field];
        // bucket of each key (hashCount holds bucket numbers here), and each filter's buckets
        clear();
        int[] first = new int[n + 1];
        int[] bucketOf = new int[Math.max(16, values[field])];
        int links = 0;
        long[] bucketKey = new long[16];
        int[] bucketSize = new int[16];
        int buckets = 0;
        int[] rest = new int[n];
        int restCount = 0;
        for (int i = 0; i < n; i++) {
            first[i] = links;
            int nk = keys(field, ids[i], m, w, ks);
            if (nk < 0) {
                rest[restCount++] = ids[i];
                continue;
            }
            for (int j = 0; j < nk; j++) {
                int s = slot(ks[j]);
                if (hashCount[s] == 0) {
                    if (buckets == bucketKey.length) {
                        bucketKey = Arrays.copyOf(bucketKey, buckets * 2);
                        bucketSize = Arrays.copyOf(bucketSize, buckets * 2);
                    }
                    bucketKey[buckets] = ks[j];
                    hashCount[s] = ++buckets;
                }
                int b = hashCount[s] - 1;
                bucketSize[b]++;
                if (links == bucketOf.length) {
                    bucketOf = Arrays.copyOf(bucketOf, links * 2);
                }
                bucketOf[links++] = b;
            }
        }
        first[n] = links;
        long copies = (long) restCount * buckets;
        boolean copy = copies <= Math.min(budget, 4L * n);
        if (!copy && separate >= FilterIndex.MAX_SEPARATE) {
            return leaf(ids);
        }
        if (copy) {
            budget -= (int) copies;
        }
        int[][] members = new int[buckets][];
        int[] fill = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            members[b] = new int[bucketSize[b]];
        }
        for (int i = 0; i < n; i++) {
            for (int l = first[i]; l < first[i + 1]; l++) {
                int b = bucketOf[l];
                members[b][fill[b]++] = ids[i];
            }
        }
        int cap = Integer.highestOneBit(Math.max(4, FilterIndex.FREE * buckets - 1)) << 1;
        long[] keys = new long[cap];
        FilterIndex.Node[] children = new FilterIndex.Node[cap];
        int below = copy ? separate : separate + 1;
        int[] unpinned = Arrays.copyOf(rest, restCount);
        for (int b = 0; b < buckets; b++) {
            int[] in = copy ? merge(members[b], unpinned) : members[b];
            FilterIndex.put(keys, children, bucketKey[b], node(in, depth + 1, below));
        }
        FilterIndex.Node unpinnedNode = node(unpinned, depth + 1, below);
        int slot = fields.slot[field];
        boolean high = fields.high[field];
        return new FilterIndex.Node(field, m, slot, high, w - m, keys, children, buckets, copy ? unpinnedNode : null,
                copy ? null : unpinnedNode);
    }

    /** Two ascending lists of filter numbers (evaluation order) as one ({@link Leaves#merge} by number). */
    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] < b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return out;
    }

    // ---- the counting table ----

    private void ensure(int keys) {
        int cap = Integer.highestOneBit(Math.max(32, keys * 2 - 1)) << 1;
        if (hashKey.length < cap) {
            hashKey = new long[cap];
            hashCount = new int[cap];
            hashStamp = new int[cap];
        }
        if (used.length < keys) {
            used = new int[keys];
        }
    }

    private void clear() {
        stamp++;
        usedCount = 0;
    }

    /** The table slot of a key, claimed (count 0) if the key is new. */
    private int slot(long key) {
        int mask = hashKey.length - 1;
        int shift = 64 - Integer.numberOfTrailingZeros(hashKey.length);
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);; i = (i + 1) & mask) {
            if (hashStamp[i] != stamp) {
                hashStamp[i] = stamp;
                hashKey[i] = key;
                hashCount[i] = 0;
                used[usedCount++] = i;
                return i;
            }
            if (hashKey[i] == key) {
                return i;
            }
        }
    }
}
