package weir.engine.api;

/** WFP's {@code FWPM_CHANGE_TYPE}. */
public enum ChangeType {
    ADD(1),
    DELETE(2);

    private final int code;

    ChangeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
