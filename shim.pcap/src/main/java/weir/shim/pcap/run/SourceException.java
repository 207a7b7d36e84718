package weir.shim.pcap.run;

/**
 * A source that cannot open or run: the message is the one line a user sees, naming the file or interface
 * and the reason (and, where there is one, the fix).
 */
final class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    SourceException(String message) {
        super(message);
    }

    SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
