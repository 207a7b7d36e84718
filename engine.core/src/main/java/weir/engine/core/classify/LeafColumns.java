package weir.engine.core.classify;

/**
 * How a leaf lays out its filters' boxes ({@link Box}) for the packet path: by column, one column per number the
 * leaf's boxes bound (an integer field, or one half of an IPv6 address), so that scanning a leaf compares a
 * packet's value against the same column of consecutive filters, which sit next to each other in memory (16
 * bytes a filter), instead of reading each filter's whole box. A leaf's first column is the one that tells its
 * filters apart best ({@link #columns}), so most filters that do not match fail at the first comparison, and a
 * run of them costs a cache line for every four.
 *
 * <p>Per filter: in every column a low and a high bound, both XOR-ed with {@link Long#MIN_VALUE} as in Box
 * ({@link Long#MIN_VALUE}..{@link Long#MAX_VALUE} where its box has no bound, which every value passes), and a
 * word {@link #need}: bit c when its box bounds column c (then a packet without that value fails, as a box
 * does), and {@link #PROGRAM} when it has no box (or one over more columns than a leaf keeps): the column
 * bounds are open and the filter's condition program decides.
 */
final class LeafColumns {
    /** The most columns a leaf keeps (bits of {@link #need}); a box over more is matched by its program. */
    static final int MAX_COLUMNS = 31;
    /** Set in a filter's need word when its condition program decides. */
    static final int PROGRAM = 1 << 31;

    private LeafColumns() {
    }

    /**
     * The leaf's columns as box codes ({@code slot << 1 | top-half}), the one that tells its filters apart best
     * first: a column scores, per filter bounded in it, the bits by which the filter's range is narrower than
     * the span of all the leaf's ranges in that column. A column that the tree above already fixed (every filter
     * has the same prefix there) scores nothing however narrow its ranges, so it goes last.
     */
    static int[] columns(CompiledFilter[] leaf) {
        int[] code = new int[8];
        long[] lo = new long[8];
        long[] hi = new long[8];
        int n = 0;
        for (CompiledFilter f : leaf) {
            long[] b = f.box;
            if (b == null) {
                continue;
            }
            for (int j = 0; j < b.length; j += 3) {
                int c = (int) b[j];
                int at = indexOf(code, n, c);
                if (at < 0) {
                    if (n == code.length) {
                        code = java.util.Arrays.copyOf(code, 2 * n);
                        lo = java.util.Arrays.copyOf(lo, 2 * n);
                        hi = java.util.Arrays.copyOf(hi, 2 * n);
                    }
                    at = n++;
                    code[at] = c;
                    lo[at] = Long.MAX_VALUE;
                    hi[at] = Long.MIN_VALUE;
                }
                lo[at] = Math.min(lo[at], b[j + 1]);
                hi[at] = Math.max(hi[at], b[j + 2]);
            }
        }
        int[] span = new int[n];
        for (int at = 0; at < n; at++) {
            span[at] = hi[at] >= lo[at] ? bits(lo[at], hi[at]) : 0;
        }
        long[] score = new long[n];
        for (CompiledFilter f : leaf) {
            long[] b = f.box;
            if (b == null) {
                continue;
            }
            for (int j = 0; j < b.length; j += 3) {
                int at = indexOf(code, n, (int) b[j]);
                if (b[j + 2] >= b[j + 1]) {
                    score[at] += Math.max(0, span[at] - bits(b[j + 1], b[j + 2]));
                }
            }
        }
        // by score, highest first (a handful of columns: insertion sort)
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && score[j] > score[j - 1]; j--) {
                long ts = score[j];
                score[j] = score[j - 1];
                score[j - 1] = ts;
                int tc = code[j];
                code[j] = code[j - 1];
                code[j - 1] = tc;
            }
        }
        return java.util.Arrays.copyOf(code, Math.min(n, MAX_COLUMNS));
    }

    /** The bits the values from lo to hi span (XOR-ed bounds, lo <= hi): 0 for one value, 8 for a /24. */
    private static int bits(long lo, long hi) {
        return 64 - Long.numberOfLeadingZeros(hi - lo);
    }

    /**
     * Fills the bounds (column-major: column c's entry for filter i at {@code 2 * (c * n + i)}) and the need words
     * of a leaf of {@code n} filters over these columns.
     */
    static void fill(CompiledFilter[] leaf, int[] columns, long[] bounds, int[] need) {
        int n = leaf.length;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < columns.length; c++) {
                bounds[2 * (c * n + i)] = Long.MIN_VALUE;
                bounds[2 * (c * n + i) + 1] = Long.MAX_VALUE;
            }
            long[] b = leaf[i].box;
            int w = 0;
            if (b == null) {
                need[i] = PROGRAM;
                continue;
            }
            for (int j = 0; j < b.length; j += 3) {
                int c = indexOf(columns, columns.length, (int) b[j]);
                if (c < 0) {
                    w = -1; // a column the leaf does not keep
                    break;
                }
                w |= 1 << c;
                int at = 2 * (c * n + i);
                // two bounds on one number (not made by Box today) would both have to hold: intersect them
                bounds[at] = Math.max(bounds[at], b[j + 1]);
                bounds[at + 1] = Math.min(bounds[at + 1], b[j + 2]);
            }
            if (w < 0) {
                // its program decides: open bounds in every column again (some were narrowed above)
                for (int c = 0; c < columns.length; c++) {
                    bounds[2 * (c * n + i)] = Long.MIN_VALUE;
                    bounds[2 * (c * n + i) + 1] = Long.MAX_VALUE;
                }
                need[i] = PROGRAM;
                continue;
            }
            need[i] = w;
        }
    }

    private static int indexOf(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
