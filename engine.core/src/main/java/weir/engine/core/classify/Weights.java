package weir.engine.core.classify;

import java.math.BigInteger;
import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.Weight;
import weir.engine.api.WfpException;

/**
 * Effective weights (spec §2.1) and Weir's auto weight (D3).
 *
 * <p>Auto weight: a filter's specificity in bits, summed over its condition groups (one group per field,
 * D5), each group counting its least specific member:
 * <ul>
 * <li>an exact value counts the field's width (8 protocol, 16 port, 32 IPv4 and flags words, 64 LUIDs, 128
 * IPv6); blobs and strings count as 128 bits wide; an EQUAL on an EMPTY value pins the field too;</li>
 * <li>an address and mask counts its prefix length;</li>
 * <li>a range (RANGE, GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL) of n values counts
 * {@code width - ceil(log2 n)}, i.e. the whole bits it pins, rounded down; ranges of blobs and strings count 0;</li>
 * <li>a flags test counts the bits it names;</li>
 * <li>a case-insensitive string counts 127, a suffix test (PREFIX) 8 bits per byte it names (strings are UTF-16:
 * 16 per character), at most 127;</li>
 * <li>NOT_EQUAL and NOT_PREFIX exclude almost nothing and count 0.</li>
 * </ul>
 * The sum S (at most 37 fields x 128 bits) is capped at 8191 and scaled to {@code S << 47}, which stays below
 * 2^60, keeps the order of S, and is the same for the same conditions on every run.
 */
public final class Weights {
    /** Bits of specificity an auto weight can express; S beyond it is capped. */
    static final int MAX_SPECIFICITY = (1 << 13) - 1;
    /** Scale: 8191 << 47 < 2^60. */
    static final int SHIFT = 47;
    /** The width that blobs and strings count as. */
    static final int VARIABLE_WIDTH = 128;

    private Weights() {
    }

    /** D3: specificity-based weight in [0, 2^60), deterministic. */
    public static long autoWeight(Layer layer, List<Condition> conditions) {
        return (long) Math.min(specificity(layer, conditions), MAX_SPECIFICITY) << SHIFT;
    }

    /** The specificity of a condition list in bits (sum over field groups of the group's minimum). */
    public static int specificity(Layer layer, List<Condition> conditions) {
        int[] group = new int[layer.fields().size()];
        java.util.Arrays.fill(group, -1);
        for (Condition c : conditions) {
            int slot = Fields.slotOf(layer, c.field());
            if (slot < 0) {
                continue; // rejected at add by ConditionValidator; weights never throw for it
            }
            int s = bits(layer.typeOf(slot), c);
            group[slot] = group[slot] < 0 ? s : Math.min(group[slot], s);
        }
        int sum = 0;
        for (int g : group) {
            if (g > 0) {
                sum += g;
            }
        }
        return sum;
    }

    /** @throws weir.engine.api.WfpException INVALID_WEIGHT for a range outside 0..15 */
    public static long effectiveWeight(Layer layer, Weight weight, List<Condition> conditions) {
        if (weight == null || weight instanceof Weight.Auto) {
            return autoWeight(layer, conditions);
        }
        if (weight instanceof Weight.Exact e) {
            return e.value();
        }
        int r = ((Weight.InRange) weight).range();
        if (r < 0 || r > Weight.RANGE_MAX) {
            throw new WfpException(ErrorCode.INVALID_WEIGHT,
                    "weight range " + r + " is outside 0.." + Weight.RANGE_MAX + "; use Weight.range(0..15), "
                            + "Weight.exact(n) or Weight.auto()");
        }
        return ((long) r << Weight.AUTO_WEIGHT_BITS) | autoWeight(layer, conditions);
    }

    /** One condition's specificity in bits. */
    static int bits(DataType ft, Condition c) {
        int width = ft.bits() > 0 ? ft.bits() : VARIABLE_WIDTH;
        Value v = c.value();
        if (v instanceof Value.Empty) {
            return width;
        }
        if (v instanceof Value.V4AddrMask m) {
            return Integer.bitCount(m.mask());
        }
        if (v instanceof Value.V6AddrMask m) {
            return Math.max(0, Math.min(128, m.prefixLength()));
        }
        MatchType mt = c.matchType();
        switch (mt) {
            case EQUAL:
                return width;
            case EQUAL_CASE_INSENSITIVE:
                return width - 1;
            case NOT_EQUAL, NOT_PREFIX:
                return 0;
            case FLAGS_ALL_SET, FLAGS_ANY_SET, FLAGS_NONE_SET:
                return Fields.isNumeric(v.type()) && v.type() != DataType.BYTE_ARRAY16 ? Long.bitCount(Ints.bits(v)) : 0;
            case PREFIX:
                return Math.min(suffixBytes(v) * 8, width - 1);
            default:
                return rangeBits(ft, width, mt, v);
        }
    }

    private static int suffixBytes(Value v) {
        if (v instanceof Value.UnicodeString s) {
            return 2 * s.value().length();
        }
        if (v instanceof Value.ByteBlob b) {
            return b.bytes().length;
        }
        return 0;
    }

    private static int rangeBits(DataType ft, int width, MatchType mt, Value v) {
        if (!Fields.isNumeric(ft)) {
            return 0;
        }
        BigInteger lo;
        BigInteger hi;
        BigInteger max = Ints.max(ft);
        if (v instanceof Value.Range r) {
            if (r.low().type() != ft || r.high().type() != ft) {
                return 0;
            }
            lo = Ints.key(r.low());
            hi = Ints.key(r.high());
        } else {
            if (v.type() != ft) {
                return 0;
            }
            BigInteger k = Ints.key(v);
            switch (mt) {
                case GREATER -> {
                    lo = k.add(BigInteger.ONE);
                    hi = max;
                }
                case GREATER_OR_EQUAL -> {
                    lo = k;
                    hi = max;
                }
                case LESS -> {
                    lo = BigInteger.ZERO;
                    hi = k.subtract(BigInteger.ONE);
                }
                case LESS_OR_EQUAL -> {
                    lo = BigInteger.ZERO;
                    hi = k;
                }
                default -> {
                    return 0;
                }
            }
        }
        if (hi.compareTo(lo) < 0) {
            return width; // matches nothing: as specific as it gets
        }
        return width - Ints.ceilLog2(hi.subtract(lo).add(BigInteger.ONE));
    }
}
