package weir.shim.pcap.live;

/**
 * What one interface sent: written by the thread that sends, one at a time (a {@link SendRing} hands sending
 * between the packet thread and its sender only when nothing is in flight), read by any (the shell, the
 * summary). A failed frame keeps the kernel's error number; its text is looked up only when asked.
 */
public final class SendCounters {
    private volatile long sent;
    private volatile long failed;
    private volatile int lastErrno;
    private volatile long tooLarge;

    void sent(int frames) {
        sent = sent + frames;
    }

    void failed(int errno) {
        failed = failed + 1;
        lastErrno = errno;
        if (errno == Posix.EMSGSIZE) {
            tooLarge = tooLarge + 1;
        }
    }

    /** Frames handed to the kernel. */
    public long sent() {
        return sent;
    }

    /** Frames the kernel refused. */
    public long failed() {
        return failed;
    }

    /** Of the refused frames, those larger than the interface takes (EMSGSIZE). */
    public long tooLarge() {
        return tooLarge;
    }

    /** The last refusal's reason in words, or null when none failed. */
    public String lastError() {
        int e = lastErrno;
        if (failed == 0) {
            return null;
        }
        if (e == 0) {
            return "unknown error";
        }
        return Libpcap.text(Libpcap.pcap_strerror(e)) + " (errno " + e + ")";
    }
}
