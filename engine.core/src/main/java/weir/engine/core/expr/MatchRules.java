package weir.engine.core.expr;

import java.util.Arrays;

import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * Which match types WFP accepts for which field types (spec §2.2), checked while reading so that a user
 * sees the reason where the text is, not later from the engine.
 */
public final class MatchRules {
    private MatchRules() {
    }

    /**
     * Why {@code field <match> value} is not a WFP condition at {@code layer}, or null when it is.
     *
     * @param op how the match type was written ({@code <}, {@code has}, {@code RANGE}), for the message
     * @param name how the field was written
     */
    public static String check(Layer layer, Field field, String name, MatchType match, String op, Value v) {
        DataType ft = layer.typeOf(field);
        if (match == MatchType.RANGE) {
            if (!(v instanceof Value.Range r)) {
                return op + " needs a range of two values (low and high)";
            }
            String why = end(layer, field, name, op, r.low());
            why = why != null ? why : end(layer, field, name, op, r.high());
            if (why == null && compare(r.low(), r.high()) > 0) {
                why = "the range " + ValueFormatter.format(layer, field, match, v) + " is empty: its low end is above its high end";
            }
            return why;
        }
        if (v instanceof Value.Range) {
            return "a range of two values needs RANGE (in lo..hi), not " + op;
        }
        return plain(layer, field, name, match, op, v);
    }

    private static String end(Layer layer, Field field, String name, String op, Value v) {
        if (v instanceof Value.Range) {
            return op + " takes single values at both ends, not ranges";
        }
        return plain(layer, field, name, MatchType.RANGE, op, v);
    }

    private static String plain(Layer layer, Field field, String name, MatchType match, String op, Value v) {
        DataType ft = layer.typeOf(field);
        DataType vt = v.type();
        boolean mask = vt == DataType.V4_ADDR_MASK || vt == DataType.V6_ADDR_MASK;
        if (mask && match != MatchType.EQUAL) {
            return op + " cannot take a prefix: WFP matches an address mask only with EQUAL (== or in); "
                    + complement(name, v);
        }
        if (vt == DataType.EMPTY && match != MatchType.EQUAL) {
            return op + " cannot compare with empty: only EQUAL (==) matches an EMPTY value";
        }
        switch (match) {
            case EQUAL:
                return null;
            case NOT_EQUAL, GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL, RANGE:
                if (!ft.isSortable()) {
                    return op + " needs a sortable field (numbers, addresses, strings, blobs); " + name + " is " + ft;
                }
                return null;
            case FLAGS_ALL_SET, FLAGS_ANY_SET, FLAGS_NONE_SET:
                return ft.isUnsigned() ? null
                        : op + " tests bits of unsigned integer fields; " + name + " is " + ft;
            case EQUAL_CASE_INSENSITIVE:
                return ft == DataType.UNICODE_STRING ? null
                        : op + " compares UNICODE_STRING fields only; " + name + " is " + ft
                                + (ft == DataType.BYTE_BLOB ? " (compare it exactly with ==)" : "");
            case PREFIX, NOT_PREFIX:
                return ft == DataType.BYTE_BLOB || ft == DataType.UNICODE_STRING ? null
                        : op + " tests the end of strings and blobs only; " + name + " is " + ft;
            default:
                return op + " is not a filter condition";
        }
    }

    /**
     * For a refused "not in prefix": the same-field OR of two tests that says it, e.g.
     * {@code write remote.addr < 10.0.0.0 or remote.addr > 10.255.255.255}; null for other values.
     */
    static String complement(String name, Value v) {
        String lo;
        String hi;
        if (v instanceof Value.V4AddrMask m) {
            int l = m.addr() & m.mask();
            lo = Value.formatV4(l);
            hi = Value.formatV4(l | ~m.mask());
        } else if (v instanceof Value.V6AddrMask m) {
            byte[] l = m.addr();
            byte[] h = m.addr();
            for (int bit = Math.max(0, Math.min(128, m.prefixLength())); bit < 128; bit++) {
                l[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
                h[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
            lo = Value.formatV6(l);
            hi = Value.formatV6(h);
        } else {
            return null;
        }
        return "for \"not in " + Value.format(v) + "\" write " + name + " < " + lo + " or " + name + " > " + hi;
    }

    /** Orders two values of one sortable type (unsigned for UINT*, bytes unsigned, strings by char). */
    public static int compare(Value a, Value b) {
        if (a instanceof Value.UInt8 x && b instanceof Value.UInt8 y) {
            return Integer.compare(x.value(), y.value());
        } else if (a instanceof Value.UInt16 x && b instanceof Value.UInt16 y) {
            return Integer.compare(x.value(), y.value());
        } else if (a instanceof Value.UInt32 x && b instanceof Value.UInt32 y) {
            return Integer.compareUnsigned(x.value(), y.value());
        } else if (a instanceof Value.UInt64 x && b instanceof Value.UInt64 y) {
            return Long.compareUnsigned(x.value(), y.value());
        } else if (a instanceof Value.Int8 x && b instanceof Value.Int8 y) {
            return Byte.compare(x.value(), y.value());
        } else if (a instanceof Value.Int16 x && b instanceof Value.Int16 y) {
            return Short.compare(x.value(), y.value());
        } else if (a instanceof Value.Int32 x && b instanceof Value.Int32 y) {
            return Integer.compare(x.value(), y.value());
        } else if (a instanceof Value.Int64 x && b instanceof Value.Int64 y) {
            return Long.compare(x.value(), y.value());
        } else if (a instanceof Value.ByteArray16 x && b instanceof Value.ByteArray16 y) {
            return Arrays.compareUnsigned(x.bytes(), y.bytes());
        } else if (a instanceof Value.ByteBlob x && b instanceof Value.ByteBlob y) {
            return Arrays.compareUnsigned(x.bytes(), y.bytes());
        } else if (a instanceof Value.UnicodeString x && b instanceof Value.UnicodeString y) {
            return x.value().compareTo(y.value());
        }
        return 0;
    }
}
