package weir.engine.api;

/** WFP's {@code FWP_CALLOUT_FLAG_*} of a run-time callout, with their values. */
public enum CalloutFlag {
    /** Called only for flows that carry this callout's context (rule 28). */
    CONDITIONAL_ON_FLOW(0x1),
    ALLOW_OFFLOAD(0x2),
    /** Also receives ADD_FILTER_POST_COMMIT after the adding transaction commits (rule 25). */
    ENABLE_COMMIT_ADD_NOTIFY(0x4),
    ALLOW_MID_STREAM_INSPECTION(0x8),
    ALLOW_RECLASSIFY(0x10);

    private final int code;

    CalloutFlag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
