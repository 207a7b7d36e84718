package weir.shim.pcap.live;

/** An interface that cannot be opened or read: the message is the one line a user sees. */
public final class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }
}
