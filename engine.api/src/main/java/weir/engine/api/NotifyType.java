package weir.engine.api;

/** WFP's {@code FWPS_CALLOUT_NOTIFY_TYPE}. */
public enum NotifyType {
    /** A filter naming this callout is being added; refusing makes the add fail with CALLOUT_NOTIFICATION_FAILED. */
    ADD_FILTER,
    /** A filter naming this callout is deleted (whatever the callout answers). {@code filterKey} is null, as in WFP. */
    DELETE_FILTER,
    /** The transaction that added the filter committed (only with ENABLE_COMMIT_ADD_NOTIFY). */
    ADD_FILTER_POST_COMMIT
}
