package weir.engine.core.classify;

/**
 * How a leaf lays out its filters' boxes ({@link Box}) for the packet path: by column, one column per number the
 * leaf's boxes bound (an integer field, or one half of an IPv6 address), in one primitive array that holds the
 * column codes and then a row per filter ({@link #narrow} as ints when every column has at most 32 bits, as in an
 * IPv4 5-tuple, else {@link #wide} as longs). A scan reads the rows in sequence, one array and no object header
 * per filter: a packet at 10K rules misses the cache on nearly every new line it reads, and rows of 40 bytes (4
 * columns as ints) put the five or so filters it compares in about three consecutive lines, where the former
 * layout (a long array per leaf, column-major, plus separate arrays for the need and end words) read a line per
 * column of the matching filter and one per side array. A leaf's first column is the one that tells its filters
 * apart best ({@link #columns}), so most filters that do not match fail at the first comparison.
 *
 * <p>Per filter: in every column a low and a high bound, XOR-ed with the sign bit as in Box (an open bound where
 * its box has none, which every value passes), and a word {@link #PROGRAM need}: bit c when its box bounds column
 * c (then a packet without that value fails, as a box does), and {@link #PROGRAM} when it has no box (or one over
 * more columns than a leaf keeps): the column bounds are open and the filter's condition program decides.
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
    private static void fill(CompiledFilter[] leaf, int[] columns, long[] bounds, int[] need) {
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

    /**
     * Whether every column is an unsigned integer of at most 32 bits, so that the leaf can keep its bounds as
     * ints ({@link #narrow}): an IPv4 5-tuple's columns all are. Without the fields (a test's bare leaf): no.
     */
    static boolean fitsInts(int[] columns, IndexFields fields) {
        if (fields == null) {
            return false;
        }
        for (int code : columns) {
            int s = code >>> 1;
            if ((code & 1) != 0 || fields.top[s] >= 0 || fields.low[s] < 0 || fields.width[fields.low[s]] > 32) {
                return false;
            }
        }
        return true;
    }

    /** The largest XOR-ed value a field of at most 32 bits can have. */
    private static final long INT_TOP = Long.MIN_VALUE + 0xFFFF_FFFFL;

    /**
     * The leaf as one int array, row by row, for columns that {@link #fitsInts} (half the bytes of longs, and one
     * array instead of several, so that a scan reads consecutive cache lines of one object): first the column
     * codes, then per filter a row of {@code 2 * cols + 4} ints: its low and high bound in each column (the value
     * as an unsigned int XOR-ed with {@link Integer#MIN_VALUE}, so that a signed comparison orders it; bounds
     * outside 32 bits clamped, which changes nothing for values that have at most 32), its need word, and its
     * {@code end} (where arbitration goes on after it ended its sublayer), and its {@link CompiledFilter#order} in
     * two ints, high first (merging several leaves reads it beside the bounds rather than in an array of its own).
     */
    static int[] narrow(CompiledFilter[] leaf, int[] columns, int[] ends) {
        // the row's last two ints: its order (read when a packet reaches several leaves, with the row's bounds)
        int n = leaf.length;
        int cols = columns.length;
        long[] bounds = new long[2 * cols * n];
        int[] need = new int[n];
        fill(leaf, columns, bounds, need);
        int stride = 2 * cols + 4;
        // values of 32 bits lie between MIN_VALUE and INT_TOP once XOR-ed: a bound above INT_TOP is clamped
        int[] out = new int[cols + stride * n];
        System.arraycopy(columns, 0, out, 0, cols);
        for (int i = 0; i < n; i++) {
            int o = cols + i * stride;
            for (int c = 0; c < cols; c++) {
                long lo = bounds[2 * (c * n + i)];
                long hi = Math.min(bounds[2 * (c * n + i) + 1], INT_TOP);
                if (lo > hi) {
                    out[o + 2 * c] = Integer.MAX_VALUE; // no value of 32 bits: nothing passes
                    out[o + 2 * c + 1] = Integer.MIN_VALUE;
                } else {
                    out[o + 2 * c] = toInt(lo);
                    out[o + 2 * c + 1] = toInt(hi);
                }
            }
            out[o + 2 * cols] = need[i];
            out[o + 2 * cols + 1] = ends[i];
            out[o + 2 * cols + 2] = (int) (leaf[i].order >>> 32);
            out[o + 2 * cols + 3] = (int) leaf[i].order;
        }
        return out;
    }

    /** A packet's value of a column that fits ints, as {@link #narrow} keeps bounds (packet path). */
    static int toIntValue(long unsigned) {
        return (int) unsigned ^ Integer.MIN_VALUE;
    }

    private static int toInt(long xored) {
        return toIntValue(xored ^ Long.MIN_VALUE);
    }

    /**
     * The leaf as one long array, row by row (any columns: IPv6 halves, 64-bit integers): first the column
     * codes, then per filter a row of {@code 2 * cols + 2} longs: its low and high bound in each column (XOR-ed
     * as in {@link Box}), then its need word in the low 32 bits and its {@code end} in the high ones, then its
     * order.
     */
    static long[] wide(CompiledFilter[] leaf, int[] columns, int[] ends) {
        int n = leaf.length;
        int cols = columns.length;
        long[] bounds = new long[2 * cols * n];
        int[] need = new int[n];
        fill(leaf, columns, bounds, need);
        int stride = 2 * cols + 2;
        long[] out = new long[cols + stride * n];
        for (int c = 0; c < cols; c++) {
            out[c] = columns[c];
        }
        for (int i = 0; i < n; i++) {
            int o = cols + i * stride;
            for (int c = 0; c < cols; c++) {
                out[o + 2 * c] = bounds[2 * (c * n + i)];
                out[o + 2 * c + 1] = bounds[2 * (c * n + i) + 1];
            }
            out[o + 2 * cols] = (need[i] & 0xFFFF_FFFFL) | ((long) ends[i] << 32);
            out[o + 2 * cols + 1] = leaf[i].order;
        }
        return out;
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
