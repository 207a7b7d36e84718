package weir.engine.core.classify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * A filter's conditions compiled into a flat program of primitive tests: one group per field (D5, OR inside,
 * AND across), each test an opcode with long operands, evaluated by one switch. Integers compare as longs
 * (UINT64 with its sign bit flipped so that signed comparison gives unsigned order), IPv6 addresses as two
 * longs, blobs and strings by reference. No test matches an EMPTY incoming value except EQUAL EMPTY
 * (rule 35, D14), not even NOT_EQUAL or NOT_PREFIX.
 */
final class CompiledConditions {
    static final byte EMPTY_EQ = 0;
    static final byte INT_EQ = 1;
    static final byte INT_NE = 2;
    static final byte INT_RANGE = 3;
    static final byte INT_MASK = 4;
    static final byte INT_ANY = 5;
    static final byte V6_EQ = 6;
    static final byte V6_NE = 7;
    static final byte V6_MASK = 8;
    static final byte V6_RANGE = 9;
    static final byte BLOB_CMP = 10;
    static final byte BLOB_RANGE = 11;
    static final byte BLOB_SUFFIX = 12;
    static final byte BLOB_NOT_SUFFIX = 13;
    static final byte STR_EQ = 14;
    static final byte STR_CI = 15;
    static final byte STR_CMP = 16;
    static final byte STR_RANGE = 17;
    static final byte STR_SUFFIX = 18;
    static final byte STR_NOT_SUFFIX = 19;
    static final byte NEVER = 20;

    /** Comparison outcomes a CMP test accepts: bit 0 less, bit 1 equal, bit 2 greater. */
    private static final long LT = 1;
    private static final long EQ = 2;
    private static final long GT = 4;

    static final CompiledConditions NONE = new CompiledConditions(new int[0], new int[0], new byte[0], new long[0],
            new long[0], new long[0], new long[0], new Object[0], new Object[0]);

    /** Exclusive end (test index) of each group. */
    final int[] groupEnd;
    final int[] slot;
    final byte[] op;
    final long[] a;
    final long[] b;
    final long[] c;
    final long[] d;
    final Object[] ref;
    final Object[] ref2;

    private CompiledConditions(int[] groupEnd, int[] slot, byte[] op, long[] a, long[] b, long[] c, long[] d,
            Object[] ref, Object[] ref2) {
        this.groupEnd = groupEnd;
        this.slot = slot;
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.ref = ref;
        this.ref2 = ref2;
    }

    /** All groups hold: a filter with no conditions matches everything (rule 15). */
    boolean matches(PacketValues v) {
        int t = 0;
        int[] ends = groupEnd;
        for (int g = 0; g < ends.length; g++) {
            int end = ends[g];
            boolean any = false;
            for (; t < end; t++) {
                if (test(t, v)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
            t = end;
        }
        return true;
    }

    private boolean test(int t, PacketValues v) {
        int s = slot[t];
        if (!v.present[s]) {
            return op[t] == EMPTY_EQ;
        }
        switch (op[t]) {
            case INT_EQ:
                return v.bits[s] == a[t];
            case INT_NE:
                return v.bits[s] != a[t];
            case INT_RANGE: {
                long k = v.bits[s] ^ c[t];
                return k >= a[t] && k <= b[t];
            }
            case INT_MASK:
                return (v.bits[s] & a[t]) == b[t];
            case INT_ANY:
                return (v.bits[s] & a[t]) != 0;
            case V6_EQ:
                return v.high[s] == a[t] && v.bits[s] == b[t];
            case V6_NE:
                return v.high[s] != a[t] || v.bits[s] != b[t];
            case V6_MASK:
                return (v.high[s] & a[t]) == b[t] && (v.bits[s] & c[t]) == d[t];
            case V6_RANGE:
                return compare128(v.high[s], v.bits[s], a[t], b[t]) >= 0 && compare128(v.high[s], v.bits[s], c[t], d[t]) <= 0;
            case BLOB_CMP:
                return accepts(Arrays.compareUnsigned((byte[]) v.refs[s], (byte[]) ref[t]), a[t]);
            case BLOB_RANGE: {
                byte[] x = (byte[]) v.refs[s];
                return Arrays.compareUnsigned(x, (byte[]) ref[t]) >= 0 && Arrays.compareUnsigned(x, (byte[]) ref2[t]) <= 0;
            }
            case BLOB_SUFFIX:
                return endsWith((byte[]) v.refs[s], (byte[]) ref[t]);
            case BLOB_NOT_SUFFIX:
                return !endsWith((byte[]) v.refs[s], (byte[]) ref[t]);
            case STR_EQ:
                return ((String) v.refs[s]).equals(ref[t]);
            case STR_CI:
                return ((String) v.refs[s]).equalsIgnoreCase((String) ref[t]);
            case STR_CMP:
                return accepts(((String) v.refs[s]).compareTo((String) ref[t]), a[t]);
            case STR_RANGE: {
                String x = (String) v.refs[s];
                return x.compareTo((String) ref[t]) >= 0 && x.compareTo((String) ref2[t]) <= 0;
            }
            case STR_SUFFIX:
                return ((String) v.refs[s]).endsWith((String) ref[t]);
            case STR_NOT_SUFFIX:
                return !((String) v.refs[s]).endsWith((String) ref[t]);
            default:
                return false; // EMPTY_EQ on a present value, NEVER
        }
    }

    private static boolean accepts(int cmp, long outcomes) {
        long bit = cmp < 0 ? LT : cmp == 0 ? EQ : GT;
        return (outcomes & bit) != 0;
    }

    static int compare128(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    private static boolean endsWith(byte[] x, byte[] suffix) {
        int off = x.length - suffix.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (x[off + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- compilation (publish time) ----

    /** Compiles validated conditions; groups keep the order of their first condition. */
    static CompiledConditions compile(Layer layer, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return NONE;
        }
        // each condition's slot, and the groups in the order of their first condition (no boxed map: an import
        // compiles tens of thousands of these)
        int n = conditions.size();
        int[] slots = new int[n];
        int[] groupSlots = new int[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            Condition cond = conditions.get(i);
            int s = Fields.slotOf(layer, cond.field());
            if (s < 0) {
                throw new IllegalArgumentException(cond.field() + " is not a field of " + layer);
            }
            slots[i] = s;
            int g = 0;
            while (g < groups && groupSlots[g] != s) {
                g++;
            }
            if (g == groups) {
                groupSlots[groups++] = s;
            }
        }
        Builder bld = new Builder(n);
        int[] ends = new int[groups];
        for (int g = 0; g < groups; g++) {
            int s = groupSlots[g];
            DataType ft = layer.typeOf(s);
            for (int i = 0; i < n; i++) {
                if (slots[i] == s) {
                    bld.add(ft, s, conditions.get(i));
                }
            }
            ends[g] = bld.count;
        }
        return new CompiledConditions(ends, bld.slot, bld.op, bld.a, bld.b, bld.c, bld.d, bld.ref, bld.ref2);
    }

    private static final class Builder {
        final int[] slot;
        final byte[] op;
        final long[] a;
        final long[] b;
        final long[] c;
        final long[] d;
        final Object[] ref;
        final Object[] ref2;
        int count;

        Builder(int n) {
            slot = new int[n];
            op = new byte[n];
            a = new long[n];
            b = new long[n];
            c = new long[n];
            d = new long[n];
            ref = new Object[n];
            ref2 = new Object[n];
        }

        void add(DataType ft, int s, Condition cond) {
            int t = count++;
            slot[t] = s;
            Value v = cond.value();
            MatchType m = cond.matchType();
            if (v instanceof Value.Empty) {
                op[t] = EMPTY_EQ;
            } else if (ft == DataType.BYTE_ARRAY16) {
                v6(t, m, v);
            } else if (ft.isUnsigned() || ft.isSigned()) {
                integer(t, ft, m, v);
            } else if (ft == DataType.BYTE_BLOB) {
                text(t, m, v, true);
            } else if (ft == DataType.UNICODE_STRING) {
                text(t, m, v, false);
            } else {
                op[t] = NEVER;
            }
        }

        private void integer(int t, DataType ft, MatchType m, Value v) {
            long flip = ft == DataType.UINT64 ? Long.MIN_VALUE : 0;
            if (v instanceof Value.V4AddrMask mask) {
                long mk = Integer.toUnsignedLong(mask.mask());
                set(t, INT_MASK, mk, Integer.toUnsignedLong(mask.addr()) & mk, 0, 0);
                return;
            }
            if (v instanceof Value.Range r) {
                set(t, INT_RANGE, Ints.bits(r.low()) ^ flip, Ints.bits(r.high()) ^ flip, flip, 0);
                return;
            }
            long x = Ints.bits(v);
            long k = x ^ flip;
            switch (m) {
                case EQUAL -> set(t, INT_EQ, x, 0, 0, 0);
                case NOT_EQUAL -> set(t, INT_NE, x, 0, 0, 0);
                case GREATER -> {
                    if (k == Long.MAX_VALUE) {
                        op[t] = NEVER;
                    } else {
                        set(t, INT_RANGE, k + 1, Long.MAX_VALUE, flip, 0);
                    }
                }
                case GREATER_OR_EQUAL -> set(t, INT_RANGE, k, Long.MAX_VALUE, flip, 0);
                case LESS -> {
                    if (k == Long.MIN_VALUE) {
                        op[t] = NEVER;
                    } else {
                        set(t, INT_RANGE, Long.MIN_VALUE, k - 1, flip, 0);
                    }
                }
                case LESS_OR_EQUAL -> set(t, INT_RANGE, Long.MIN_VALUE, k, flip, 0);
                case FLAGS_ALL_SET -> set(t, INT_MASK, x, x, 0, 0);
                case FLAGS_NONE_SET -> set(t, INT_MASK, x, 0, 0, 0);
                case FLAGS_ANY_SET -> set(t, INT_ANY, x, 0, 0, 0);
                default -> op[t] = NEVER;
            }
        }

        private void v6(int t, MatchType m, Value v) {
            if (v instanceof Value.V6AddrMask mask) {
                int p = mask.prefixLength();
                long hm = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
                long lm = p <= 64 ? 0 : p >= 128 ? -1L : -1L << (128 - p);
                byte[] ad = mask.addr();
                set(t, V6_MASK, hm, PacketValues.longAt(ad, 0) & hm, lm, PacketValues.longAt(ad, 8) & lm);
                return;
            }
            if (v instanceof Value.Range r) {
                byte[] lo = ((Value.ByteArray16) r.low()).bytes();
                byte[] hi = ((Value.ByteArray16) r.high()).bytes();
                set(t, V6_RANGE, PacketValues.longAt(lo, 0), PacketValues.longAt(lo, 8), PacketValues.longAt(hi, 0),
                        PacketValues.longAt(hi, 8));
                return;
            }
            byte[] x = ((Value.ByteArray16) v).bytes();
            long h = PacketValues.longAt(x, 0);
            long l = PacketValues.longAt(x, 8);
            switch (m) {
                case EQUAL -> set(t, V6_EQ, h, l, 0, 0);
                case NOT_EQUAL -> set(t, V6_NE, h, l, 0, 0);
                case GREATER -> {
                    if (h == -1L && l == -1L) {
                        op[t] = NEVER;
                    } else {
                        set(t, V6_RANGE, l == -1L ? h + 1 : h, l + 1, -1L, -1L);
                    }
                }
                case GREATER_OR_EQUAL -> set(t, V6_RANGE, h, l, -1L, -1L);
                case LESS -> {
                    if (h == 0 && l == 0) {
                        op[t] = NEVER;
                    } else {
                        set(t, V6_RANGE, 0, 0, l == 0 ? h - 1 : h, l - 1);
                    }
                }
                case LESS_OR_EQUAL -> set(t, V6_RANGE, 0, 0, h, l);
                default -> op[t] = NEVER;
            }
        }

        private void text(int t, MatchType m, Value v, boolean blob) {
            if (v instanceof Value.Range r) {
                op[t] = blob ? BLOB_RANGE : STR_RANGE;
                ref[t] = raw(r.low(), blob);
                ref2[t] = raw(r.high(), blob);
                return;
            }
            ref[t] = raw(v, blob);
            switch (m) {
                case EQUAL -> {
                    op[t] = blob ? BLOB_CMP : STR_EQ;
                    a[t] = EQ;
                }
                case NOT_EQUAL -> cmp(t, blob, LT | GT);
                case GREATER -> cmp(t, blob, GT);
                case GREATER_OR_EQUAL -> cmp(t, blob, GT | EQ);
                case LESS -> cmp(t, blob, LT);
                case LESS_OR_EQUAL -> cmp(t, blob, LT | EQ);
                case EQUAL_CASE_INSENSITIVE -> op[t] = blob ? NEVER : STR_CI;
                case PREFIX -> op[t] = blob ? BLOB_SUFFIX : STR_SUFFIX;
                case NOT_PREFIX -> op[t] = blob ? BLOB_NOT_SUFFIX : STR_NOT_SUFFIX;
                default -> op[t] = NEVER;
            }
        }

        private void cmp(int t, boolean blob, long outcomes) {
            op[t] = blob ? BLOB_CMP : STR_CMP;
            a[t] = outcomes;
        }

        private static Object raw(Value v, boolean blob) {
            if (blob) {
                return ((Value.ByteBlob) v).bytes();
            }
            return v instanceof Value.UnicodeString s ? s.value()
                    : new String(((Value.ByteBlob) v).bytes(), StandardCharsets.UTF_16LE);
        }

        private void set(int t, byte o, long x, long y, long z, long w) {
            op[t] = o;
            a[t] = x;
            b[t] = y;
            c[t] = z;
            d[t] = w;
        }
    }
}
