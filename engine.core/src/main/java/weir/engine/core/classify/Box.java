package weir.engine.core.classify;

/**
 * A filter's conditions as a box, when they are one: per condition group one test that bounds a number (an
 * unsigned integer, or one half of an IPv6 address) between two values. EQUAL, a range, an address prefix and a
 * prefix-shaped mask are such bounds; a box is a few comparisons over one array instead of the condition
 * program's interpreter, and gives exactly its answer (a value that is absent fails, as every non-EMPTY test
 * does). Filters with other conditions have no box and are matched by their {@link CompiledConditions}.
 *
 * <p>Layout: per bound three longs: {@code slot << 1 | top-half}, then the low and high bound, both XOR-ed with
 * {@link Long#MIN_VALUE} so that a signed comparison orders the unsigned numbers.
 */
final class Box {
    private Box() {
    }

    /** Whether the values satisfy the box (packet path). */
    static boolean matches(long[] b, PacketValues pv) {
        return matches(b, 0, b.length / 3, pv);
    }

    /** Whether the values satisfy the {@code bounds} bounds at {@code from} in {@code b} (packet path). */
    static boolean matches(long[] b, int from, int bounds, PacketValues pv) {
        boolean[] present = pv.present;
        for (int i = from, end = from + 3 * bounds; i < end; i += 3) {
            int code = (int) b[i];
            int s = code >>> 1;
            if (!present[s]) {
                return false;
            }
            long v = ((code & 1) != 0 ? pv.high[s] : pv.bits[s]) ^ Long.MIN_VALUE;
            if (v < b[i + 1] || v > b[i + 2]) {
                return false;
            }
        }
        return true;
    }

    /** The box of these conditions, or null when they are not one. */
    static long[] of(CompiledConditions c, IndexFields fields) {
        int groups = c.groupEnd.length;
        long[] out = new long[6 * groups];
        int n = 0;
        for (int g = 0; g < groups; g++) {
            int t = g == 0 ? 0 : c.groupEnd[g - 1];
            if (c.groupEnd[g] - t != 1) {
                return null; // an OR group
            }
            int s = c.slot[t];
            if (fields.top[s] >= 0) {
                int added = v6(c, t, s, out, n);
                if (added < 0) {
                    return null;
                }
                n += added;
            } else if (fields.low[s] >= 0) {
                int w = fields.width[fields.low[s]];
                if (!integer(c, t, s, w, out, n)) {
                    return null;
                }
                n += 3;
            } else {
                return null;
            }
        }
        return selectiveFirst(java.util.Arrays.copyOf(out, n), fields);
    }

    /**
     * The bounds ordered by how many bits they fix (an exact address before a port, a port before a protocol, a
     * wide range last), so that a filter that does not match usually fails at its first comparison.
     */
    private static long[] selectiveFirst(long[] b, IndexFields fields) {
        int n = b.length / 3;
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && fixed(b, j, fields) > fixed(b, j - 1, fields); j--) {
                for (int k = 0; k < 3; k++) {
                    long t = b[3 * j + k];
                    b[3 * j + k] = b[3 * (j - 1) + k];
                    b[3 * (j - 1) + k] = t;
                }
            }
        }
        return b;
    }

    /** The bits a bound fixes: its number's width less the bits its range spans. */
    private static int fixed(long[] b, int i, IndexFields fields) {
        int code = (int) b[3 * i];
        int slot = code >>> 1;
        int width = fields.top[slot] >= 0 ? 64 : fields.width[fields.low[slot]];
        long span = b[3 * i + 2] - b[3 * i + 1];
        return width - (64 - Long.numberOfLeadingZeros(span));
    }

    private static boolean integer(CompiledConditions c, int t, int s, int w, long[] out, int n) {
        long wmask = w == 64 ? -1L : (1L << w) - 1;
        long lo;
        long hi;
        switch (c.op[t]) {
            case CompiledConditions.INT_EQ:
                lo = c.a[t];
                hi = c.a[t];
                break;
            case CompiledConditions.INT_RANGE: {
                long flip = c.c[t];
                lo = c.a[t];
                hi = c.b[t];
                if (flip == 0) {
                    lo = Math.max(lo, 0);
                    hi = Math.min(hi, wmask);
                    if (lo > hi) {
                        // matches no value: a box that nothing passes
                        put(out, n, s, false, 1, 0);
                        return true;
                    }
                } else {
                    lo ^= flip;
                    hi ^= flip;
                }
                break;
            }
            case CompiledConditions.INT_MASK: {
                long mask = c.a[t] & wmask;
                int len = Long.numberOfLeadingZeros(~(mask << (64 - w)));
                len = Math.min(len, w);
                if (mask != Pins.prefix(len, w)) {
                    return false; // bits tested below a gap: not a range
                }
                lo = c.b[t] & mask;
                if (lo != c.b[t]) {
                    put(out, n, s, false, 1, 0); // a value outside the mask can never be equal
                    return true;
                }
                hi = lo | (~mask & wmask);
                break;
            }
            default:
                return false;
        }
        put(out, n, s, false, lo, hi);
        return true;
    }

    /** Bounds for an IPv6 test: how many longs were added, or -1 when it is not a box. */
    private static int v6(CompiledConditions c, int t, int s, long[] out, int n) {
        switch (c.op[t]) {
            case CompiledConditions.V6_EQ:
                put(out, n, s, true, c.a[t], c.a[t]);
                put(out, n + 3, s, false, c.b[t], c.b[t]);
                return 6;
            case CompiledConditions.V6_MASK: {
                long hm = c.a[t];
                long lm = c.c[t];
                int p = Long.numberOfLeadingZeros(~hm);
                if (hm != Pins.prefix(p, 64)) {
                    return -1;
                }
                if (p < 64) {
                    if (lm != 0) {
                        return -1;
                    }
                    // also for /0: the bound still says that the value must be present
                    put(out, n, s, true, c.b[t], c.b[t] | ~hm);
                    return 3;
                }
                int q = Long.numberOfLeadingZeros(~lm);
                if (lm != Pins.prefix(q, 64)) {
                    return -1;
                }
                put(out, n, s, true, c.b[t], c.b[t]);
                put(out, n + 3, s, false, c.d[t], c.d[t] | ~lm);
                return 6;
            }
            default:
                return -1;
        }
    }

    private static void put(long[] out, int n, int slot, boolean top, long lo, long hi) {
        out[n] = ((long) slot << 1) | (top ? 1 : 0);
        out[n + 1] = lo ^ Long.MIN_VALUE;
        out[n + 2] = hi ^ Long.MIN_VALUE;
    }
}
