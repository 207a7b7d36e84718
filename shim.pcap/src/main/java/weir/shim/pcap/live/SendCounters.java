package weir.shim.pcap.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one interface sent, read by any thread (the shell, the summary). Frames sent are counted by the
 * thread that sends, a batch at a time, atomically: with a flow queue the packet thread sends sparse flows'
 * frames while the interface's send thread sends the bulk (see {@link SendRing}). Refusals may be counted by
 * two threads at once (the packet thread refuses a frame too large for the interface while the sender counts a
 * refusal of the kernel's), so they are added atomically too: a rare event, and no lock. A failed frame keeps the kernel's error number; its text is looked
 * up only when asked.
 */
public final class SendCounters {
    private static final VarHandle SENT;
    private static final VarHandle FAILED;
    private static final VarHandle TOO_LARGE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT = lookup.findVarHandle(SendCounters.class, "sent", long.class);
            FAILED = lookup.findVarHandle(SendCounters.class, "failed", long.class);
            TOO_LARGE = lookup.findVarHandle(SendCounters.class, "tooLarge", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long sent;
    private volatile long failed;
    private volatile int lastErrno;
    private volatile long tooLarge;

    void sent(int frames) {
        // once per batch; two threads may send at once (a send thread's bulk, the packet thread's sparse flows)
        SENT.getAndAdd(this, (long) frames);
    }

    void failed(int errno) {
        lastErrno = errno;
        if (errno == Posix.EMSGSIZE) {
            TOO_LARGE.getAndAdd(this, 1L);
        }
        FAILED.getAndAdd(this, 1L);
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
