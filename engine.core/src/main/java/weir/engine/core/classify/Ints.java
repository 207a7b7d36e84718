package weir.engine.core.classify;

import java.math.BigInteger;

import weir.engine.api.DataType;
import weir.engine.api.Value;

/**
 * Numeric values as bits and as positions in their type's order. The order key of a value is an unsigned
 * number in [0, 2^width): unsigned types as they are, signed types offset by 2^(width-1), IPv6 addresses as
 * 128-bit big-endian numbers. Management-side arithmetic (weights, templates, ranges), so BigInteger is fine.
 */
final class Ints {
    private Ints() {
    }

    /** A value's bits as a long: unsigned types zero-extended, signed types sign-extended. */
    static long bits(Value v) {
        if (v instanceof Value.UInt8 u) {
            return u.value();
        } else if (v instanceof Value.UInt16 u) {
            return u.value();
        } else if (v instanceof Value.UInt32 u) {
            return u.unsigned();
        } else if (v instanceof Value.UInt64 u) {
            return u.value();
        } else if (v instanceof Value.Int8 i) {
            return i.value();
        } else if (v instanceof Value.Int16 i) {
            return i.value();
        } else if (v instanceof Value.Int32 i) {
            return i.value();
        } else if (v instanceof Value.Int64 i) {
            return i.value();
        }
        throw new IllegalArgumentException("not an integer: " + v);
    }

    /** The value's position in its type's order, in [0, 2^width). */
    static BigInteger key(Value v) {
        DataType t = v.type();
        if (t == DataType.BYTE_ARRAY16) {
            return new BigInteger(1, ((Value.ByteArray16) v).bytes());
        }
        long b = bits(v);
        if (t.isSigned()) {
            return BigInteger.valueOf(b).add(BigInteger.ONE.shiftLeft(t.bits() - 1));
        }
        return new BigInteger(Long.toUnsignedString(b));
    }

    /** The largest order key of a type: 2^width - 1. */
    static BigInteger max(DataType t) {
        return BigInteger.ONE.shiftLeft(t.bits()).subtract(BigInteger.ONE);
    }

    /** ceil(log2(n)) for n >= 1: the bits needed to tell n values apart. */
    static int ceilLog2(BigInteger n) {
        return n.subtract(BigInteger.ONE).bitLength();
    }

    /** An IPv6 address as a 128-bit number. */
    static BigInteger v6(byte[] addr) {
        return new BigInteger(1, addr);
    }

    /** The first {@code prefix} of 128 bits set. */
    static BigInteger v6Mask(int prefix) {
        BigInteger all = max(DataType.BYTE_ARRAY16);
        return all.shiftRight(prefix).xor(all);
    }

    /** Compares two values of one sortable type in that type's order (strings by UTF-16 unit, blobs unsigned). */
    static int compare(Value a, Value b) {
        if (a instanceof Value.UnicodeString x && b instanceof Value.UnicodeString y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof Value.ByteBlob x && b instanceof Value.ByteBlob y) {
            return java.util.Arrays.compareUnsigned(x.bytes(), y.bytes());
        }
        DataType t = a.type();
        if (t == b.type()) {
            // the order keys without BigInteger (an import compares two bounds per range)
            if (t.isUnsigned()) {
                return Long.compareUnsigned(bits(a), bits(b));
            }
            if (t.isSigned()) {
                return Long.compare(bits(a), bits(b));
            }
            if (t == DataType.BYTE_ARRAY16) {
                return java.util.Arrays.compareUnsigned(((Value.ByteArray16) a).bytes(), ((Value.ByteArray16) b).bytes());
            }
        }
        return key(a).compareTo(key(b));
    }
}
