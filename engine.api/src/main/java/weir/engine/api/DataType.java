package weir.engine.api;

/** WFP's {@code FWP_DATA_TYPE}, with WFP's numeric codes. */
public enum DataType {
    EMPTY(0, 0),
    UINT8(1, 8),
    UINT16(2, 16),
    UINT32(3, 32),
    UINT64(4, 64),
    INT8(5, 8),
    INT16(6, 16),
    INT32(7, 32),
    INT64(8, 64),
    BYTE_ARRAY16(11, 128),
    BYTE_BLOB(12, 0),
    SID(13, 0),
    SECURITY_DESCRIPTOR(14, 0),
    TOKEN_INFORMATION(15, 0),
    TOKEN_ACCESS_INFORMATION(16, 0),
    UNICODE_STRING(17, 0),
    V4_ADDR_MASK(0x100, 32),
    V6_ADDR_MASK(0x101, 128),
    RANGE(0x102, 0);

    private final int code;
    private final int bits;

    DataType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** WFP's numeric value. */
    public int code() {
        return code;
    }

    /** Width in bits of fixed-width types (0 for variable-length and structured types). */
    public int bits() {
        return bits;
    }

    /** UINT8..UINT64. */
    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /** INT8..INT64. */
    public boolean isSigned() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    /** Types that GREATER, LESS, RANGE and NOT_EQUAL accept ("sortable" in WFP's words). */
    public boolean isSortable() {
        return isUnsigned() || isSigned() || this == BYTE_ARRAY16 || this == BYTE_BLOB || this == UNICODE_STRING;
    }
}
