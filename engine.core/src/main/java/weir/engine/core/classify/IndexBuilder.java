package weir.engine.core.classify;

import java.util.Arrays;

/**
 * Builds {@link FilterIndex} subtrees (publish time, off the packet path). At each node it tries a test of the
 * top 8, 16, ... bits of every index field some filter is pinned on, counts the filters per key in a primitive
 * hash table (no boxing, no maps), and keeps the test with the fewest expected candidates. One builder builds
 * one tree: it holds the copy budget and reuses its scratch arrays from node to node.
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

    IndexBuilder(IndexFields fields, int budget) {
        this.fields = fields;
        this.budget = budget;
        this.lengths = new int[fields.count() * 65];
        this.pinned = new int[fields.count()];
        this.values = new int[fields.count()];
    }

    /** The subtree of these filters (in evaluation order) at this depth, below {@code separate} separate nodes. */
    FilterIndex.Node node(CompiledFilter[] fs, int depth, int separate) {
        int n = fs.length;
        if (n < FilterIndex.LEAF || depth >= FilterIndex.MAX_DEPTH) {
            return leaf(fs);
        }
        long best = bestSplit(fs);
        if (best < 0) {
            return leaf(fs);
        }
        int field = (int) (best >>> 8);
        int m = (int) (best & 0xFF);
        return split(fs, field, m, depth, separate);
    }

    private static FilterIndex.Node leaf(CompiledFilter[] fs) {
        return new FilterIndex.Node(fs, Math.max(FilterIndex.SPLIT, 2 * fs.length));
    }

    /** The best test as {@code field << 8 | m}, or -1 when none cuts the expected candidates by a quarter. */
    private long bestSplit(CompiledFilter[] fs) {
        int n = fs.length;
        int count = fields.count();
        Arrays.fill(lengths, 0);
        Arrays.fill(pinned, 0);
        Arrays.fill(values, 0);
        for (CompiledFilter f : fs) {
            Pins p = f.pins;
            for (int i = 0; i < p.field.length; i++) {
                int fl = p.field[i];
                lengths[fl * 65 + p.len[i]]++;
                pinned[fl]++;
                values[fl] += p.values[i].length;
            }
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
            for (int len = w; len >= 1; len--) {
                atLeast += lengths[fl * 65 + len];
                at[len] = atLeast;
            }
            for (int m = STEP; m <= w; m += STEP) {
                int unpinned = n - at[m];
                if (unpinned >= limit || unpinned >= bestExpected) {
                    continue;
                }
                double expected = expected(fs, fl, m, w);
                if (expected < limit && expected < bestExpected) {
                    bestExpected = expected;
                    best = ((long) fl << 8) | m;
                }
            }
        }
        return best;
    }

    /** Unpinned filters plus the size-weighted mean bucket, or MAX_VALUE when the test has fewer than 2 keys. */
    private double expected(CompiledFilter[] fs, int field, int m, int w) {
        clear();
        int unpinned = 0;
        for (CompiledFilter f : fs) {
            int nk = f.pins.keys(field, m, w, ks);
            if (nk < 0) {
                unpinned++;
                continue;
            }
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

    private FilterIndex.Node split(CompiledFilter[] fs, int field, int m, int depth, int separate) {
        int n = fs.length;
        int w = fields.width[field];
        // bucket of each key (hashCount holds bucket numbers here), and each filter's buckets
        clear();
        int[] first = new int[n + 1];
        int[] bucketOf = new int[Math.max(16, values[field])];
        int links = 0;
        long[] bucketKey = new long[16];
        int[] bucketSize = new int[16];
        int buckets = 0;
        CompiledFilter[] rest = new CompiledFilter[n];
        int restCount = 0;
        for (int i = 0; i < n; i++) {
            first[i] = links;
            int nk = fs[i].pins.keys(field, m, w, ks);
            if (nk < 0) {
                rest[restCount++] = fs[i];
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
            return leaf(fs);
        }
        if (copy) {
            budget -= (int) copies;
        }
        CompiledFilter[][] members = new CompiledFilter[buckets][];
        int[] fill = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            members[b] = new CompiledFilter[bucketSize[b]];
        }
        for (int i = 0; i < n; i++) {
            for (int l = first[i]; l < first[i + 1]; l++) {
                int b = bucketOf[l];
                members[b][fill[b]++] = fs[i];
            }
        }
        int cap = Integer.highestOneBit(Math.max(4, buckets * 2 - 1)) << 1;
        long[] keys = new long[cap];
        FilterIndex.Node[] children = new FilterIndex.Node[cap];
        int below = copy ? separate : separate + 1;
        CompiledFilter[] unpinned = Arrays.copyOf(rest, restCount);
        for (int b = 0; b < buckets; b++) {
            CompiledFilter[] in = copy ? Leaves.merge(members[b], members[b].length, unpinned, restCount) : members[b];
            FilterIndex.put(keys, children, bucketKey[b], node(in, depth + 1, below));
        }
        FilterIndex.Node unpinnedNode = node(unpinned, depth + 1, below);
        int slot = fields.slot[field];
        boolean high = fields.high[field];
        return new FilterIndex.Node(field, m, slot, high, w - m, keys, children, buckets, copy ? unpinnedNode : null,
                copy ? null : unpinnedNode);
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
