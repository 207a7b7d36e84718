package weir.engine.api;

/**
 * WFP's error codes ({@code FWP_E_*} and the run-time {@code STATUS_*} that callout calls return), with their
 * numeric values and the fix a user should try.
 */
public enum ErrorCode {
    CALLOUT_NOT_FOUND(0x80320001, "the callout is not known: add the callout object (or register the callout) first"),
    CONDITION_NOT_FOUND(0x80320002, "the condition field is not known"),
    FILTER_NOT_FOUND(0x80320003, "no filter has this key or id"),
    LAYER_NOT_FOUND(0x80320004, "no layer has this key"),
    PROVIDER_NOT_FOUND(0x80320005, "no provider has this key: add the provider first"),
    PROVIDER_CONTEXT_NOT_FOUND(0x80320006, "no provider context has this key: add it first"),
    SUBLAYER_NOT_FOUND(0x80320007, "no sublayer has this key: add the sublayer first"),
    NOT_FOUND(0x80320008, "the object does not exist"),
    ALREADY_EXISTS(0x80320009, "an object with this key already exists: delete it first or use another key"),
    IN_USE(0x8032000A, "the object is referenced by another object: delete those first"),
    DYNAMIC_SESSION_IN_PROGRESS(0x8032000B, "the call is not allowed from a dynamic session"),
    WRONG_SESSION(0x8032000C, "the object belongs to another session"),
    NO_TXN_IN_PROGRESS(0x8032000D, "no transaction is open: begin one first"),
    TXN_IN_PROGRESS(0x8032000E, "a transaction is already open in this session: commit or abort it first"),
    TXN_ABORTED(0x8032000F, "the transaction was aborted"),
    SESSION_ABORTED(0x80320010, "the session was closed"),
    INCOMPATIBLE_TXN(0x80320011, "the transaction is read-only: begin a read-write transaction to change objects"),
    TIMEOUT(0x80320012, "another session held the engine lock too long"),
    NET_EVENTS_DISABLED(0x80320013, "net events are not being collected: turn on collectNetEvents"),
    INCOMPATIBLE_LAYER(0x80320014, "the operation is not allowed at this layer"),
    LIFETIME_MISMATCH(0x80320016, "an object may only reference objects that live at least as long"),
    BUILTIN_OBJECT(0x80320017, "built-in objects cannot be added or deleted"),
    TOO_MANY_CALLOUTS(0x80320018, "too many callouts are registered"),
    NOTIFICATION_DROPPED(0x80320019, "a change notification was dropped because the subscriber is too slow"),
    INVALID_ENUMERATOR(0x8032001D, "the enumeration template is invalid"),
    INVALID_FLAGS(0x8032001E, "the flags are invalid for this object"),
    INVALID_NET_MASK(0x8032001F, "the address mask is not a contiguous prefix"),
    INVALID_RANGE(0x80320020, "the range is invalid: low must not exceed high and both must have the field's type"),
    ZERO_LENGTH_ARRAY(0x80320022, "an array value must not be empty"),
    NULL_DISPLAY_NAME(0x80320023, "the display name is required"),
    INVALID_ACTION_TYPE(0x80320024, "a filter's action must be PERMIT, BLOCK, CALLOUT_TERMINATING, CALLOUT_INSPECTION or CALLOUT_UNKNOWN"),
    INVALID_WEIGHT(0x80320025, "a weight is EMPTY (auto), a UINT64, or a range 0..15"),
    MATCH_TYPE_MISMATCH(0x80320026, "this match type does not apply to this data type"),
    TYPE_MISMATCH(0x80320027, "the value's type is not the field's type (no implicit conversion)"),
    OUT_OF_BOUNDS(0x80320028, "a value is out of bounds"),
    DUPLICATE_CONDITION(0x8032002A, "the template has duplicate conditions"),
    ACTION_INCOMPATIBLE_WITH_LAYER(0x8032002C, "the callout's applicable layer is not the filter's layer"),
    CONTEXT_INCOMPATIBLE_WITH_CALLOUT(0x8032002F, "the context does not fit the callout"),
    NEVER_MATCH(0x80320033, "the filter can never match"),
    INVALID_PARAMETER(0x80320035, "a parameter is invalid"),
    CALLOUT_NOTIFICATION_FAILED(0x80320037, "the callout refused the filter in its notify(ADD_FILTER)"),
    DEVICE_BUSY(0x80000011, "flows still hold this callout's contexts: remove them first, then unregister again"),
    OBJECT_NAME_EXISTS(0x40000000, "the flow already holds a context of this callout: remove it first"),
    CANNOT_PEND(0xC0220103, "only the initial ALE authorization can be pended"),
    NOT_SUPPORTED(0xC00000BB, "Weir does not support this yet"),
    STORE_DAMAGED(0xC0000000, "the engine store could not be read");

    private final int code;
    private final String hint;

    ErrorCode(long code, String hint) {
        this.code = (int) code;
        this.hint = hint;
    }

    /** WFP's numeric value (an HRESULT or NTSTATUS). */
    public int code() {
        return code;
    }

    /** What the code means and what to do, in one phrase. */
    public String hint() {
        return hint;
    }
}
