package weir.engine.api;

/** The bits of the FLAGS field ({@code FWP_CONDITION_FLAG_*}), with WFP's values. */
public enum ConditionFlag {
    IS_LOOPBACK(0x1),
    IS_IPSEC_SECURED(0x2),
    IS_REAUTHORIZE(0x4),
    IS_WILDCARD_BIND(0x8),
    IS_RAW_ENDPOINT(0x10),
    IS_FRAGMENT(0x20),
    IS_FRAGMENT_GROUP(0x40),
    IS_IPSEC_NATT_RECLASSIFY(0x80),
    REQUIRES_ALE_CLASSIFY(0x100),
    IS_IMPLICIT_BIND(0x200),
    IS_REASSEMBLED(0x400),
    IS_NAME_APP_SPECIFIED(0x4000),
    IS_PROMISCUOUS(0x8000),
    IS_AUTH_FW(0x10000),
    IS_RECLASSIFY(0x20000),
    IS_OUTBOUND_PASS_THRU(0x40000),
    IS_INBOUND_PASS_THRU(0x80000),
    IS_CONNECTION_REDIRECTED(0x100000);

    private final int code;

    ConditionFlag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
