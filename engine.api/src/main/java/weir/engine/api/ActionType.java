package weir.engine.api;

/**
 * WFP's {@code FWP_ACTION_TYPE}: what a filter does when its conditions match, and what a callout
 * returns. The numeric codes are WFP's ({@code fwptypes.h}).
 */
public enum ActionType {
    BLOCK(0x1001),
    PERMIT(0x1002),
    CALLOUT_TERMINATING(0x5003),
    CALLOUT_INSPECTION(0x6004),
    CALLOUT_UNKNOWN(0x4005),
    CONTINUE(0x2006),
    NONE(0x7),
    NONE_NO_MATCH(0x8);

    /** {@code FWP_ACTION_FLAG_TERMINATING}. */
    public static final int FLAG_TERMINATING = 0x1000;
    /** {@code FWP_ACTION_FLAG_NON_TERMINATING}. */
    public static final int FLAG_NON_TERMINATING = 0x2000;
    /** {@code FWP_ACTION_FLAG_CALLOUT}. */
    public static final int FLAG_CALLOUT = 0x4000;

    private final int code;

    ActionType(int code) {
        this.code = code;
    }

    /** WFP's numeric value. */
    public int code() {
        return code;
    }

    /** True for the three callout action types. */
    public boolean isCallout() {
        return (code & FLAG_CALLOUT) != 0;
    }
}
