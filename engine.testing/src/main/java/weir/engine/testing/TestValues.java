package weir.engine.testing;

import java.util.Arrays;

import weir.engine.api.ConditionFlag;
import weir.engine.api.DataType;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * {@link IncomingValues} for a callout's tests, behaving as the engine's do: one slot per field of the layer,
 * every slot EMPTY at first, integers in host order (an IPv4 address is its UINT32), IPv6 as two longs, the
 * field's type enforced (TYPE_MISMATCH, or IllegalArgumentException naming the field). Built the way a shim
 * fills them, in the field's natural text:
 *
 * <pre>
 * IncomingValues v = TestValues.at(Layer.INBOUND_TRANSPORT_V4)
 *         .tcp().local("10.0.0.2", 22).remote("198.51.100.7", 40000);
 * </pre>
 *
 * For ICMP, as in WFP, the local port slot holds the type and the remote port slot the code:
 * {@code .icmp().local("10.0.0.2", 8).remote("192.0.2.1", 0)}.
 */
public final class TestValues implements IncomingValues {
    private final Layer layer;
    private final DataType[] types;
    private final boolean[] present;
    private final long[] bits;
    private final long[] high;
    private final Object[] refs;

    private TestValues(Layer layer) {
        this.layer = layer;
        int n = layer.fields().size();
        types = new DataType[n];
        for (int i = 0; i < n; i++) {
            types[i] = layer.typeOf(i);
        }
        present = new boolean[n];
        bits = new long[n];
        high = new long[n];
        refs = new Object[n];
    }

    /** Empty values (every slot EMPTY) for one layer. */
    public static TestValues at(Layer layer) {
        return new TestValues(layer);
    }

    // ---- the fields a shim fills, by name ----

    /** IP_PROTOCOL 6. */
    public TestValues tcp() {
        return with(Field.IP_PROTOCOL, 6);
    }

    /** IP_PROTOCOL 17. */
    public TestValues udp() {
        return with(Field.IP_PROTOCOL, 17);
    }

    /** IP_PROTOCOL 1 at an IPv4 layer, 58 at an IPv6 one. */
    public TestValues icmp() {
        return with(Field.IP_PROTOCOL, layer.ipVersion() == IpVersion.V6 ? 58 : 1);
    }

    /** IP_LOCAL_ADDRESS and IP_LOCAL_PORT (for ICMP: the type). */
    public TestValues local(String address, int port) {
        return with(Field.IP_LOCAL_ADDRESS, address).with(Field.IP_LOCAL_PORT, port);
    }

    /** IP_REMOTE_ADDRESS and IP_REMOTE_PORT (for ICMP: the code). */
    public TestValues remote(String address, int port) {
        return with(Field.IP_REMOTE_ADDRESS, address).with(Field.IP_REMOTE_PORT, port);
    }

    /** DIRECTION. */
    public TestValues direction(Direction d) {
        return with(Field.DIRECTION, d.code());
    }

    /** FLAGS, the given bits OR-ed. */
    public TestValues flags(ConditionFlag... flags) {
        long f = 0;
        for (ConditionFlag c : flags) {
            f |= c.code();
        }
        return with(Field.FLAGS, f);
    }

    /** An integer field (any width; an IPv4 address as its number). */
    public TestValues with(Field field, long value) {
        setLong(index(field), value);
        return this;
    }

    /** A field from its text: an address ({@code 192.0.2.7}, {@code 2001:db8::7}), a number, or a string. */
    public TestValues with(Field field, String text) {
        int i = index(field);
        DataType t = types[i];
        if (t == DataType.BYTE_ARRAY16 || field.isAddress()) {
            set(i, Value.address(text));
        } else if (t == DataType.UNICODE_STRING) {
            setString(i, text);
        } else if (t == DataType.BYTE_BLOB) {
            set(i, Value.blobOfString(text));
        } else {
            setLong(i, Long.decode(text));
        }
        return this;
    }

    /** Makes a field's slot EMPTY. */
    public TestValues without(Field field) {
        setEmpty(index(field));
        return this;
    }

    @Override
    public TestValues set(Field field, Value value) {
        set(index(field), value);
        return this;
    }

    private int index(Field field) {
        int i = layer.indexOf(field);
        if (i < 0) {
            throw new IllegalArgumentException("layer " + layer + " has no field " + field + "; its fields are "
                    + layer.fields());
        }
        return i;
    }

    // ---- IncomingValues ----

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
    public long getLong(int index) {
        return present[index] && integer(types[index]) ? bits[index] : 0;
    }

    @Override
    public long getHigh(int index) {
        return present[index] && types[index] == DataType.BYTE_ARRAY16 ? high[index] : 0;
    }

    @Override
    public long getLow(int index) {
        return present[index] && types[index] == DataType.BYTE_ARRAY16 ? bits[index] : 0;
    }

    @Override
    public byte[] getBytes(int index) {
        return present[index] && refs[index] instanceof byte[] b ? b : null;
    }

    @Override
    public String getString(int index) {
        return present[index] && refs[index] instanceof String s ? s : null;
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
            case BYTE_ARRAY16 -> new Value.ByteArray16(bytes16(high[index], v));
            case BYTE_BLOB -> new Value.ByteBlob((byte[]) refs[index]);
            case UNICODE_STRING -> new Value.UnicodeString((String) refs[index]);
            default -> (Value) refs[index];
        };
    }

    @Override
    public TestValues setLong(int index, long value) {
        DataType t = types[index];
        if (!integer(t)) {
            throw new IllegalArgumentException(layer + " " + layer.fields().get(index) + " is " + t
                    + ", not an integer");
        }
        int w = t.bits();
        if (w < 64) {
            long lo = -(1L << (w - 1));
            long hi = (1L << w) - 1;
            if (value < lo || value > hi) {
                throw new IllegalArgumentException(layer + " " + layer.fields().get(index) + " is " + t + ": "
                        + value + " does not fit " + w + " bits");
            }
            value = t.isUnsigned() ? value & hi : (value << (64 - w)) >> (64 - w);
        }
        bits[index] = value;
        present[index] = true;
        return this;
    }

    @Override
    public TestValues setV6(int index, long high, long low) {
        if (types[index] != DataType.BYTE_ARRAY16) {
            throw new IllegalArgumentException(layer + " " + layer.fields().get(index) + " is " + types[index]
                    + ", not an IPv6 address");
        }
        this.high[index] = high;
        bits[index] = low;
        present[index] = true;
        return this;
    }

    @Override
    public TestValues setBytes(int index, byte[] value) {
        refs[index] = value;
        present[index] = value != null;
        return this;
    }

    @Override
    public TestValues setString(int index, String value) {
        refs[index] = value;
        present[index] = value != null;
        return this;
    }

    @Override
    public TestValues set(int index, Value value) {
        if (value == null || value instanceof Value.Empty) {
            return setEmpty(index);
        }
        if (value.type() != types[index]) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, layer + " " + layer.fields().get(index) + " is "
                    + types[index] + " but the value is " + value.type() + " (no implicit conversion)");
        }
        if (value instanceof Value.UInt8 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.UInt16 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.UInt32 v) {
            return setLong(index, v.unsigned());
        } else if (value instanceof Value.UInt64 v) {
            bits[index] = v.value();
            present[index] = true;
            return this;
        } else if (value instanceof Value.Int8 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.Int16 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.Int32 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.Int64 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.ByteArray16 v) {
            byte[] b = v.bytes();
            return setV6(index, longAt(b, 0), longAt(b, 8));
        } else if (value instanceof Value.ByteBlob v) {
            return setBytes(index, v.bytes());
        } else if (value instanceof Value.UnicodeString v) {
            return setString(index, v.value());
        }
        refs[index] = value;
        present[index] = true;
        return this;
    }

    @Override
    public TestValues setEmpty(int index) {
        present[index] = false;
        refs[index] = null;
        return this;
    }

    @Override
    public TestValues clear() {
        Arrays.fill(present, false);
        Arrays.fill(refs, null);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(layer.name()).append('{');
        for (int i = 0; i < types.length; i++) {
            if (present[i]) {
                Field f = layer.fields().get(i);
                sb.append(f).append('=').append(f.isAddress() ? Value.formatAddress(get(i)) : Value.format(get(i)))
                        .append(' ');
            }
        }
        return sb.append('}').toString();
    }

    private static boolean integer(DataType t) {
        return t.isUnsigned() || t.isSigned();
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static byte[] bytes16(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }
}
