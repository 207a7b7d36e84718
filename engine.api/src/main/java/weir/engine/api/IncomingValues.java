package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WFP's {@code FWPS_INCOMING_VALUES0}: one value per field of a layer's schema, index = the field's position
 * in {@link Layer#fields()}. Reusable and mutable: a shim fills one per layer and packet without allocating;
 * get one from {@link Classifier#newIncomingValues}. Every slot starts EMPTY.
 *
 * <p>Integers are host order (D15): {@link #getLong} returns unsigned types zero-extended and signed types
 * sign-extended; an IPv4 address is UINT32. IPv6 addresses are two longs, the first 8 bytes (network
 * order) in {@link #getHigh}, the last 8 in {@link #getLow}.
 */
@ProviderType
public interface IncomingValues {

    Layer layer();

    /** The number of fields (the schema's size). */
    int size();

    /** The slot's type: the field's type, or EMPTY when no value was given. */
    DataType type(int index);

    default boolean isEmpty(int index) {
        return type(index) == DataType.EMPTY;
    }

    /** Integer value of an integer slot (0 when EMPTY). */
    long getLong(int index);

    /** First 8 bytes of a BYTE_ARRAY16 slot. */
    long getHigh(int index);

    /** Last 8 bytes of a BYTE_ARRAY16 slot. */
    long getLow(int index);

    /** The bytes of a BYTE_BLOB slot (not copied: do not modify), or null. */
    byte[] getBytes(int index);

    /** The text of a UNICODE_STRING slot, or null. */
    String getString(int index);

    /** The slot as a {@link Value} (allocates; for tools, not for the packet path). */
    Value get(int index);

    /** Sets an integer slot (any integer type; an IPv4 address is its UINT32). */
    IncomingValues setLong(int index, long value);

    /** Sets a BYTE_ARRAY16 slot from two longs. */
    IncomingValues setV6(int index, long high, long low);

    /** Sets a BYTE_BLOB slot (the array is kept, not copied). */
    IncomingValues setBytes(int index, byte[] value);

    /** Sets a UNICODE_STRING slot. */
    IncomingValues setString(int index, String value);

    /**
     * Sets a slot from a {@link Value} of exactly the field's type (tools, tests).
     *
     * @throws WfpException TYPE_MISMATCH when the value's type is not the field's
     */
    IncomingValues set(int index, Value value);

    /** Makes one slot EMPTY. */
    IncomingValues setEmpty(int index);

    /** Makes every slot EMPTY. */
    IncomingValues clear();

    /** Convenience: the slot of a field of this layer (IllegalArgumentException if the layer has none). */
    default IncomingValues set(Field field, Value value) {
        int i = layer().indexOf(field);
        if (i < 0) {
            throw new IllegalArgumentException("layer " + layer() + " has no field " + field);
        }
        return set(i, value);
    }
}
