package weir.engine.core.mgmt.persist;

/** The engine store's text is damaged: truncated, checksum mismatch, or a line that does not parse. */
public final class StoreFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreFormatException(String reason) {
        super(reason);
    }

    StoreFormatException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
