package weir.engine.api;

/** WFP's {@code FWP_DIRECTION}: the value of the DIRECTION field. */
public enum Direction {
    OUTBOUND(0),
    INBOUND(1);

    private final int code;

    Direction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
