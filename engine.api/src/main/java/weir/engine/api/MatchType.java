package weir.engine.api;

/**
 * WFP's {@code FWP_MATCH_TYPE}: how a condition compares the incoming value {@code v} with the condition
 * value {@code c}. Numeric codes are WFP's. No implicit conversion: the condition's type must be the
 * field's (or an address mask / range of it).
 */
public enum MatchType {
    /** {@code v == c}; with a V4/V6 address mask: {@code v} lies in the prefix. All types. */
    EQUAL(0),
    /** {@code v > c}. Sortable types. */
    GREATER(1),
    /** {@code v < c}. Sortable types. */
    LESS(2),
    /** {@code v >= c}. Sortable types. */
    GREATER_OR_EQUAL(3),
    /** {@code v <= c}. Sortable types. */
    LESS_OR_EQUAL(4),
    /** {@code low <= v <= high} (inclusive both ends, D11); the condition value is a RANGE. */
    RANGE(5),
    /** {@code (v & c) == c}. Unsigned integers only. */
    FLAGS_ALL_SET(6),
    /** {@code (v & c) != 0}. Unsigned integers only. */
    FLAGS_ANY_SET(7),
    /** {@code (v & c) == 0}. Unsigned integers only. */
    FLAGS_NONE_SET(8),
    /** Case-insensitive equality. UNICODE_STRING only. */
    EQUAL_CASE_INSENSITIVE(9),
    /** {@code v != c}. Sortable types. */
    NOT_EQUAL(10),
    /** Misnamed by WFP: the value <em>ends with</em> {@code c}. BYTE_BLOB and UNICODE_STRING. */
    PREFIX(11),
    /** The value does not end with {@code c}. BYTE_BLOB and UNICODE_STRING. */
    NOT_PREFIX(12);

    private final int code;

    MatchType(int code) {
        this.code = code;
    }

    /** WFP's numeric value. */
    public int code() {
        return code;
    }
}
