package weir.shim.pcap.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Blocks the packet thread until a frame waits on one of its capture handles, another thread wakes it, or a
 * timeout passes: {@code poll} on the handles' descriptors and on a pipe that {@link #wake} writes to. An idle
 * Weir so sleeps in the kernel instead of polling the handles in a loop. Allocates nothing while waiting.
 */
public final class Waiter implements AutoCloseable {
    private static final int POLLFD = 8;

    private final Memory fds;
    private final NativeLong count;
    private final int wakeRead;
    private final int wakeWrite;
    private final int wakeSlot;
    private final Memory drained = new Memory(64);
    private final Memory token = new Memory(1);
    private final NativeLong one = new NativeLong(1);
    private final NativeLong drain = new NativeLong(64);
    private boolean closed;

    /**
     * @param captureFds the descriptors to wait on
     * @throws CaptureException when the C library's calls or a pipe are not available
     */
    public Waiter(int... captureFds) throws CaptureException {
        String why = Posix.unavailable();
        if (why != null) {
            throw new CaptureException("the C library's poll cannot be called (" + why + ")");
        }
        int[] pipe = new int[2];
        if (Posix.pipe(pipe) != 0) {
            throw new CaptureException("cannot make a pipe to wake the packet thread (errno " + Native.getLastError()
                    + ")");
        }
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        wakeSlot = captureFds.length;
        fds = new Memory((long) POLLFD * (captureFds.length + 1));
        fds.clear();
        for (int i = 0; i <= captureFds.length; i++) {
            fds.setInt((long) i * POLLFD, i < captureFds.length ? captureFds[i] : wakeRead);
            fds.setShort((long) i * POLLFD + 4, Posix.POLLIN);
        }
        count = new NativeLong(captureFds.length + 1);
    }

    /**
     * Waits until a frame waits, {@link #wake} is called, or {@code timeoutMillis} pass.
     *
     * @return true unless the timeout passed with nothing to do
     */
    public boolean await(int timeoutMillis) {
        int n = Posix.poll(fds, count, timeoutMillis);
        if (n <= 0) {
            return false; // timeout, or a signal interrupted the wait: the caller looks around either way
        }
        if (fds.getShort((long) wakeSlot * POLLFD + 6) != 0) {
            Posix.read(wakeRead, drained, drain);
        }
        return true;
    }

    /** Wakes the waiting thread (any thread); nothing after {@link #close}. */
    public synchronized void wake() {
        if (!closed) {
            token.setByte(0, (byte) 1);
            Posix.write(wakeWrite, token, one);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Posix.close(wakeRead);
            Posix.close(wakeWrite);
        }
    }
}
