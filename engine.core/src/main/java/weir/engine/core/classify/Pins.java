package weir.engine.core.classify;

/**
 * What a filter's conditions fix of each index field ({@link IndexFields}): a prefix length and the prefix
 * values its condition group allows. A group pins a field to length {@code len} when every packet it matches
 * has one of the listed values in that field's top {@code len} bits; an EQUAL pins the whole width, an address
 * and mask its prefix, a range the bits its two ends share, an OR group the shortest of its members (each
 * member's value kept, so the filter goes to one child per value). A group that can match an EMPTY value, or
 * tests anything else (NOT_EQUAL, FLAGS_ANY_SET, a signed field, a blob...), pins nothing: the index keeps such a
 * filter wherever a packet could reach it.
 */
final class Pins {
    /** An OR group with more members than this is not worth copying the filter into as many children. */
    static final int MAX_VALUES = 8;

    static final Pins NONE = new Pins(new int[0], new byte[0], new long[0][]);

    /** The pinned index fields, ascending. */
    final int[] field;
    /** Per pinned field: the prefix length (1..width). */
    final byte[] len;
    /** Per pinned field: the allowed values, each with zeros below its own prefix (at least {@link #len} long). */
    final long[][] values;

    private Pins(int[] field, byte[] len, long[][] values) {
        this.field = field;
        this.len = len;
        this.values = values;
    }

    /** The position of index field {@code f} in {@link #field}, or -1. */
    int find(int f) {
        int[] fs = field;
        for (int i = 0; i < fs.length; i++) {
            if (fs[i] == f) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The keys of this filter under a test of the top {@code m} bits of index field {@code f} whose values are
     * {@code width} wide, written into {@code out} (distinct), or -1 when the filter is not pinned there.
     */
    int keys(int f, int m, int width, long[] out) {
        int i = find(f);
        if (i < 0 || len[i] < m) {
            return -1;
        }
        int shift = width - m;
        long[] vs = values[i];
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

    static Pins of(CompiledConditions c, IndexFields fields) {
        int groups = c.groupEnd.length;
        if (groups == 0) {
            return NONE;
        }
        // at most two index fields per group (an IPv6 address's two halves)
        int[] f = new int[2 * groups];
        byte[] l = new byte[2 * groups];
        long[][] v = new long[2 * groups][];
        int n = 0;
        long[] scratch = new long[MAX_VALUES];
        for (int g = 0; g < groups; g++) {
            int start = g == 0 ? 0 : c.groupEnd[g - 1];
            int end = c.groupEnd[g];
            int slot = c.slot[start];
            if (end - start > MAX_VALUES) {
                continue;
            }
            int lowField = fields.low[slot];
            int topField = fields.top[slot];
            if (topField >= 0) {
                int lt = group(c, start, end, true, scratch);
                if (lt > 0) {
                    f[n] = topField;
                    l[n] = (byte) lt;
                    v[n++] = java.util.Arrays.copyOf(scratch, end - start);
                    if (lt == 64) {
                        int ll = group(c, start, end, false, scratch);
                        if (ll > 0) {
                            f[n] = lowField;
                            l[n] = (byte) ll;
                            v[n++] = java.util.Arrays.copyOf(scratch, end - start);
                        }
                    }
                }
            } else if (lowField >= 0) {
                int w = fields.width[lowField];
                int len = w;
                for (int t = start; t < end; t++) {
                    len = Math.min(len, integer(c, t, w, scratch, t - start));
                }
                if (len > 0) {
                    f[n] = lowField;
                    l[n] = (byte) len;
                    v[n++] = java.util.Arrays.copyOf(scratch, end - start);
                }
            }
        }
        if (n == 0) {
            return NONE;
        }
        // ascending fields (groups are in the order of their first condition)
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && f[j - 1] > f[j]; j--) {
                int tf = f[j];
                f[j] = f[j - 1];
                f[j - 1] = tf;
                byte tl = l[j];
                l[j] = l[j - 1];
                l[j - 1] = tl;
                long[] tv = v[j];
                v[j] = v[j - 1];
                v[j - 1] = tv;
            }
        }
        return new Pins(java.util.Arrays.copyOf(f, n), java.util.Arrays.copyOf(l, n), java.util.Arrays.copyOf(v, n));
    }

    /** An unsigned integer test: its pinned length (0 if none), its value into {@code out[i]}. */
    private static int integer(CompiledConditions c, int t, int w, long[] out, int i) {
        long wmask = w == 64 ? -1L : (1L << w) - 1;
        switch (c.op[t]) {
            case CompiledConditions.INT_EQ:
                out[i] = c.a[t];
                return w;
            case CompiledConditions.INT_MASK: {
                // the run of ones at the top of the mask is a prefix; bits tested below it are not used
                long mask = c.a[t] & wmask;
                int len = Long.numberOfLeadingZeros(~(mask << (64 - w)));
                len = Math.min(len, w);
                out[i] = c.b[t] & prefix(len, w);
                return len;
            }
            case CompiledConditions.INT_RANGE: {
                // bounds are kept as (value ^ flip); for an unsigned field below 64 bits flip is 0
                long lo = c.a[t];
                long hi = c.b[t];
                long flip = c.c[t];
                if (flip == 0) {
                    lo = Math.max(lo, 0);
                    hi = Math.min(hi, wmask);
                    if (lo > hi) {
                        return 0;
                    }
                } else {
                    lo ^= flip;
                    hi ^= flip;
                }
                int len = Math.max(0, Long.numberOfLeadingZeros(lo ^ hi) - (64 - w));
                len = Math.min(len, w);
                out[i] = lo & prefix(len, w);
                return len;
            }
            default:
                return 0;
        }
    }

    /** A group of IPv6 tests: the pinned length of one half (0 if none), the values into {@code out}. */
    private static int group(CompiledConditions c, int start, int end, boolean top, long[] out) {
        int len = 64;
        for (int t = start; t < end; t++) {
            long value;
            int l;
            switch (c.op[t]) {
                case CompiledConditions.V6_EQ:
                    value = top ? c.a[t] : c.b[t];
                    l = 64;
                    break;
                case CompiledConditions.V6_MASK: {
                    long mask = top ? c.a[t] : c.c[t];
                    l = Long.numberOfLeadingZeros(~mask);
                    if (!top && c.a[t] != -1L) {
                        l = 0; // the bottom half pins only under a fixed top half
                    }
                    value = (top ? c.b[t] : c.d[t]) & prefix(l, 64);
                    break;
                }
                case CompiledConditions.V6_RANGE: {
                    long lo = top ? c.a[t] : c.b[t];
                    long hi = top ? c.c[t] : c.d[t];
                    l = Long.numberOfLeadingZeros(lo ^ hi);
                    if (!top && c.a[t] != c.c[t]) {
                        l = 0;
                    } else if (top && Long.compareUnsigned(lo, hi) > 0) {
                        l = 0;
                    }
                    value = lo & prefix(l, 64);
                    break;
                }
                default:
                    return 0;
            }
            len = Math.min(len, l);
            out[t - start] = value;
        }
        return len;
    }

    /** The top {@code len} of {@code w} bits set. */
    static long prefix(int len, int w) {
        if (len == 0) {
            return 0;
        }
        long m = -1L << (64 - len);
        return w == 64 ? m : m >>> (64 - w);
    }
}
