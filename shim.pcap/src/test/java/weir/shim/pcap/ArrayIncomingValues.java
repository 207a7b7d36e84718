package weir.shim.pcap;

import java.util.Arrays;

import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * A test-only {@link IncomingValues} backed by arrays (the engine provides the real one). Strict: setting
 * a slot with a setter that does not fit the field's type fails, so a mapping that puts a value in the
 * wrong kind of slot shows up in tests.
 */
public final class ArrayIncomingValues implements IncomingValues {
    private final Layer layer;
    private final DataType[] types;
    private final long[] longs;
    private final long[] lows;
    private final byte[][] blobs;
    private final String[] strings;

    public ArrayIncomingValues(Layer layer) {
        this.layer = layer;
        int n = layer.fields().size();
        types = new DataType[n];
        longs = new long[n];
        lows = new long[n];
        blobs = new byte[n][];
        strings = new String[n];
        clear();
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
        return types[index];
    }

    @Override
    public long getLong(int index) {
        return types[index] == DataType.EMPTY ? 0 : longs[index];
    }

    @Override
    public long getHigh(int index) {
        return longs[index];
    }

    @Override
    public long getLow(int index) {
        return lows[index];
    }

    @Override
    public byte[] getBytes(int index) {
        return blobs[index];
    }

    @Override
    public String getString(int index) {
        return strings[index];
    }

    @Override
    public Value get(int index) {
        DataType t = types[index];
        switch (t) {
            case EMPTY:
                return new Value.Empty();
            case UINT8:
                return new Value.UInt8((int) longs[index]);
            case UINT16:
                return new Value.UInt16((int) longs[index]);
            case UINT32:
                return new Value.UInt32((int) longs[index]);
            case UINT64:
                return new Value.UInt64(longs[index]);
            case BYTE_ARRAY16:
                return new Value.ByteArray16(java.nio.ByteBuffer.allocate(16).putLong(longs[index])
                        .putLong(lows[index]).array());
            case BYTE_BLOB:
                return new Value.ByteBlob(blobs[index]);
            case UNICODE_STRING:
                return new Value.UnicodeString(strings[index]);
            default:
                throw new UnsupportedOperationException(t.name());
        }
    }

    @Override
    public IncomingValues setLong(int index, long value) {
        DataType t = layer.typeOf(index);
        if (!t.isUnsigned() && !t.isSigned()) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, layer + " slot " + index + " " + layer.fields().get(index)
                    + " is " + t + ", not an integer");
        }
        if (t.bits() < 64 && (value < 0 || value >>> t.bits() != 0)) {
            throw new IllegalArgumentException(layer + " slot " + index + " " + layer.fields().get(index) + " is "
                    + t + ", value " + value + " does not fit");
        }
        types[index] = t;
        longs[index] = value;
        return this;
    }

    @Override
    public IncomingValues setV6(int index, long high, long low) {
        DataType t = layer.typeOf(index);
        if (t != DataType.BYTE_ARRAY16) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, layer + " slot " + index + " " + layer.fields().get(index)
                    + " is " + t + ", not BYTE_ARRAY16");
        }
        types[index] = t;
        longs[index] = high;
        lows[index] = low;
        return this;
    }

    @Override
    public IncomingValues setBytes(int index, byte[] value) {
        types[index] = DataType.BYTE_BLOB;
        blobs[index] = value;
        return this;
    }

    @Override
    public IncomingValues setString(int index, String value) {
        types[index] = DataType.UNICODE_STRING;
        strings[index] = value;
        return this;
    }

    @Override
    public IncomingValues set(int index, Value value) {
        if (value.type() != layer.typeOf(index)) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, "slot " + index + " is " + layer.typeOf(index));
        }
        throw new UnsupportedOperationException("not needed by the shim's tests");
    }

    @Override
    public IncomingValues setEmpty(int index) {
        types[index] = DataType.EMPTY;
        return this;
    }

    @Override
    public IncomingValues clear() {
        Arrays.fill(types, DataType.EMPTY);
        Arrays.fill(longs, 0);
        Arrays.fill(lows, 0);
        return this;
    }
}
