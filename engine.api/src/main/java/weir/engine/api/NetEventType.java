package weir.engine.api;

/** WFP's {@code FWPM_NET_EVENT_TYPE} values that Weir records. */
public enum NetEventType {
    CLASSIFY_DROP(3),
    CLASSIFY_ALLOW(6);

    private final int code;

    NetEventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
