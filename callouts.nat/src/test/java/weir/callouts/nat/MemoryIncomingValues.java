package weir.callouts.nat;

import java.nio.ByteBuffer;
import java.util.Arrays;

import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * {@link IncomingValues} over plain arrays, as the javadoc describes them: one slot per field of the layer,
 * every slot EMPTY at first, integers in host order, IPv6 as two longs. Enough of the value types for what a
 * shim fills at the transport layers.
 */
final class MemoryIncomingValues implements IncomingValues {
    private final Layer layer;
    private final DataType[] types;
    private final long[] longs;
    private final long[] lows;
    private final Object[] refs;

    MemoryIncomingValues(Layer layer) {
        this.layer = layer;
        int n = layer.fields().size();
        types = new DataType[n];
        longs = new long[n];
        lows = new long[n];
        refs = new Object[n];
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
        return refs[index] instanceof byte[] b ? b : null;
    }

    @Override
    public String getString(int index) {
        return refs[index] instanceof String s ? s : null;
    }

    @Override
    public Value get(int index) {
        switch (types[index]) {
            case EMPTY:
                return Value.empty();
            case UINT8:
                return Value.uint8((int) longs[index]);
            case UINT16:
                return Value.uint16((int) longs[index]);
            case UINT32:
                return Value.uint32(longs[index]);
            case UINT64:
                return Value.uint64(longs[index]);
            case BYTE_ARRAY16:
                return new Value.ByteArray16(ByteBuffer.allocate(16).putLong(longs[index]).putLong(lows[index])
                        .array());
            case BYTE_BLOB:
                return Value.blob((byte[]) refs[index]);
            case UNICODE_STRING:
                return Value.string((String) refs[index]);
            default:
                throw new UnsupportedOperationException(types[index] + " slots are not kept by this test double");
        }
    }

    @Override
    public IncomingValues setLong(int index, long value) {
        types[index] = layer.typeOf(index);
        longs[index] = value;
        return this;
    }

    @Override
    public IncomingValues setV6(int index, long high, long low) {
        types[index] = DataType.BYTE_ARRAY16;
        longs[index] = high;
        lows[index] = low;
        return this;
    }

    @Override
    public IncomingValues setBytes(int index, byte[] value) {
        types[index] = layer.typeOf(index);
        refs[index] = value;
        return this;
    }

    @Override
    public IncomingValues setString(int index, String value) {
        types[index] = layer.typeOf(index);
        refs[index] = value;
        return this;
    }

    @Override
    public IncomingValues set(int index, Value value) {
        if (value.type() != layer.typeOf(index)) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, layer + " slot " + index + " is " + layer.typeOf(index)
                    + " but the value is " + value.type());
        }
        if (value instanceof Value.UInt8 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.UInt16 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.UInt32 v) {
            return setLong(index, v.unsigned());
        } else if (value instanceof Value.UInt64 v) {
            return setLong(index, v.value());
        } else if (value instanceof Value.ByteArray16 v) {
            ByteBuffer b = ByteBuffer.wrap(v.bytes());
            return setV6(index, b.getLong(), b.getLong());
        } else if (value instanceof Value.ByteBlob v) {
            return setBytes(index, v.bytes());
        } else if (value instanceof Value.UnicodeString v) {
            return setString(index, v.value());
        }
        throw new UnsupportedOperationException(value.type() + " slots are not kept by this test double");
    }

    @Override
    public IncomingValues setEmpty(int index) {
        types[index] = DataType.EMPTY;
        longs[index] = 0;
        lows[index] = 0;
        refs[index] = null;
        return this;
    }

    @Override
    public IncomingValues clear() {
        Arrays.fill(types, DataType.EMPTY);
        Arrays.fill(longs, 0);
        Arrays.fill(lows, 0);
        Arrays.fill(refs, null);
        return this;
    }
}
