package weir.engine.api;

import java.util.Objects;

/**
 * A management or run-time call that WFP would fail with an error code. The message names the object, the
 * field and the fix in one line, e.g. {@code TYPE_MISMATCH: filter 'ssh': condition 1 IP_LOCAL_PORT is UINT16
 * at INBOUND_TRANSPORT_V4 but the value is UINT32; use a UINT16 value}.
 */
public class WfpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public WfpException(ErrorCode error, String message) {
        super(error.name() + ": " + Objects.requireNonNull(message, "message"));
        this.error = error;
    }

    public WfpException(ErrorCode error, String message, Throwable cause) {
        super(error.name() + ": " + Objects.requireNonNull(message, "message"), cause);
        this.error = error;
    }

    /** The WFP error. */
    public ErrorCode error() {
        return error;
    }
}
