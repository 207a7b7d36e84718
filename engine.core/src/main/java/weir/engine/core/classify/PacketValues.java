package weir.engine.core.classify;

import java.util.Arrays;

import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * The engine's {@link IncomingValues}: one layer's fields in primitive arrays, reused packet after packet.
 * Integers are kept as longs (unsigned zero-extended, signed sign-extended), IPv6 addresses as two longs,
 * blobs and strings by reference. Setters take an integer's low bits when the value fits the field either
 * as unsigned or as signed (so an IPv4 address can be passed as its {@code int}) and throw otherwise.
 */
public final class PacketValues implements IncomingValues {
    static final byte INTEGER = 0;
    static final byte V6 = 1;
    static final byte BLOB = 2;
    static final byte STRING = 3;
    static final byte OTHER = 4;

    private final Layer layer;
    private final DataType[] types;
    final byte[] kinds;
    final boolean[] present;
    /** Integers, and the low 8 bytes of IPv6 addresses. */
    final long[] bits;
    /** The high 8 bytes of IPv6 addresses. */
    final long[] high;
    /** Blobs (byte[]) and strings (String). */
    final Object[] refs;
    /**
     * Per integer field, the range {@link #setLong} accepts (signed or unsigned reading of its width) and the
     * shift that narrows a value to its width: worked out once, so that setting a field on the packet path is
     * two compares and a shift, not a look at its type.
     */
    private final long[] min;
    private final long[] max;
    private final byte[] shift;
    private final boolean[] unsigned;
    /** True once a reference may be held in {@link #refs}: a layer without blobs or strings never clears them. */
    private boolean refsUsed;

    public PacketValues(Layer layer) {
        this.layer = layer;
        int n = layer.fields().size();
        types = new DataType[n];
        kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            DataType t = layer.typeOf(i);
            types[i] = t;
            kinds[i] = t.isUnsigned() || t.isSigned() ? INTEGER : t == DataType.BYTE_ARRAY16 ? V6
                    : t == DataType.BYTE_BLOB ? BLOB : t == DataType.UNICODE_STRING ? STRING : OTHER;
        }
        min = new long[n];
        max = new long[n];
        shift = new byte[n];
        unsigned = new boolean[n];
        for (int i = 0; i < n; i++) {
            int w = types[i].bits();
            boolean narrow = kinds[i] == INTEGER && w > 0 && w < 64;
            min[i] = narrow ? -(1L << (w - 1)) : Long.MIN_VALUE;
            max[i] = narrow ? (1L << w) - 1 : Long.MAX_VALUE;
            shift[i] = (byte) (narrow ? 64 - w : 0);
            unsigned[i] = types[i].isUnsigned();
        }
        present = new boolean[n];
        bits = new long[n];
        high = new long[n];
        refs = new Object[n];
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public int size() {
        return types.length;
    }

    @Override
    public DataType type(int index) {
        return present[index] ? types[index] : DataType.EMPTY;
    }

    @Override
    public boolean isEmpty(int index) {
        return !present[index];
    }

    @Override
    public long getLong(int index) {
        return present[index] && kinds[index] == INTEGER ? bits[index] : 0;
    }

    @Override
    public long getHigh(int index) {
        return present[index] && kinds[index] == V6 ? high[index] : 0;
    }

    @Override
    public long getLow(int index) {
        return present[index] && kinds[index] == V6 ? bits[index] : 0;
    }

    @Override
    public byte[] getBytes(int index) {
        return present[index] && kinds[index] == BLOB ? (byte[]) refs[index] : null;
    }

    @Override
    public String getString(int index) {
        return present[index] && kinds[index] == STRING ? (String) refs[index] : null;
    }

    @Override
    public Value get(int index) {
        if (!present[index]) {
            return Value.empty();
        }
        long v = bits[index];
        return switch (types[index]) {
            case UINT8 -> new Value.UInt8((int) v);
            case UINT16 -> new Value.UInt16((int) v);
            case UINT32 -> new Value.UInt32((int) v);
            case UINT64 -> new Value.UInt64(v);
            case INT8 -> new Value.Int8((byte) v);
            case INT16 -> new Value.Int16((short) v);
            case INT32 -> new Value.Int32((int) v);
            case INT64 -> new Value.Int64(v);
            case BYTE_ARRAY16 -> new Value.ByteArray16(v6Bytes(high[index], v));
            case BYTE_BLOB -> new Value.ByteBlob((byte[]) refs[index]);
            case UNICODE_STRING -> new Value.UnicodeString((String) refs[index]);
            default -> (Value) refs[index];
        };
    }

    @Override
    public IncomingValues setLong(int index, long value) {
        require(index, INTEGER, "an integer");
        if (value < min[index] || value > max[index]) {
            DataType t = types[index];
            throw new IllegalArgumentException(layer + " value " + index + " " + layer.fields().get(index) + " is "
                    + t + ": " + value + " does not fit " + t.bits() + " bits");
        }
        int sh = shift[index];
        bits[index] = unsigned[index] ? (value << sh) >>> sh : (value << sh) >> sh;
        present[index] = true;
        return this;
    }

    @Override
    public IncomingValues setV6(int index, long high, long low) {
        require(index, V6, "an IPv6 address");
        this.high[index] = high;
        bits[index] = low;
        present[index] = true;
        return this;
    }

    @Override
    public IncomingValues setBytes(int index, byte[] value) {
        require(index, BLOB, "a blob");
        refsUsed = true;
        refs[index] = value;
        present[index] = value != null;
        return this;
    }

    @Override
    public IncomingValues setString(int index, String value) {
        require(index, STRING, "a string");
        refsUsed = true;
        refs[index] = value;
        present[index] = value != null;
        return this;
    }

    @Override
    public IncomingValues set(int index, Value value) {
        if (value == null || value instanceof Value.Empty) {
            return setEmpty(index);
        }
        if (value.type() != types[index]) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, layer + " value " + index + " "
                    + layer.fields().get(index) + " is " + types[index] + " but the value is " + value.type()
                    + " (no implicit conversion); use " + ConditionValidator.howToWrite(types[index]));
        }
        switch (kinds[index]) {
            case INTEGER -> setLong(index, Ints.bits(value));
            case V6 -> {
                byte[] b = ((Value.ByteArray16) value).bytes();
                setV6(index, longAt(b, 0), longAt(b, 8));
            }
            case BLOB -> setBytes(index, ((Value.ByteBlob) value).bytes());
            case STRING -> setString(index, ((Value.UnicodeString) value).value());
            default -> {
                refsUsed = true;
                refs[index] = value;
                present[index] = true;
            }
        }
        return this;
    }

    @Override
    public IncomingValues setEmpty(int index) {
        present[index] = false;
        refs[index] = null;
        return this;
    }

    @Override
    public IncomingValues clear() {
        Arrays.fill(present, false);
        if (refsUsed) {
            // only layers given blobs or strings pay for clearing references (a store barrier each)
            Arrays.fill(refs, null);
            refsUsed = false;
        }
        return this;
    }

    /** Copies another implementation's values (the slow path for foreign IncomingValues). */
    void copyFrom(IncomingValues o) {
        for (int i = 0; i < types.length; i++) {
            set(i, o.get(i));
        }
    }

    private void require(int index, byte kind, String what) {
        if (kinds[index] != kind) {
            throw new IllegalArgumentException(layer + " value " + index + " " + layer.fields().get(index) + " is "
                    + types[index] + ", not " + what);
        }
    }

    static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static byte[] v6Bytes(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(layer.name()).append('{');
        for (int i = 0; i < types.length; i++) {
            if (present[i]) {
                Value v = get(i);
                sb.append(layer.fields().get(i)).append('=')
                        .append(layer.fields().get(i).isAddress() ? Value.formatAddress(v) : Value.format(v)).append(' ');
            }
        }
        return sb.append('}').toString();
    }
}
