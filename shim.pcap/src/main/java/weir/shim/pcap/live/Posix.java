package weir.shim.pcap.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library's calls of the live path (JNA direct mapping, primitive arguments: no allocation per call):
 * {@code poll} to wait on the capture handles, a pipe to wake the waiting thread, and on Linux
 * {@code sendmmsg} to send a batch of frames with one system call.
 */
final class Posix {
    static final short POLLIN = 0x1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;
    static final int EMSGSIZE = 90;

    private static final String UNAVAILABLE;

    static {
        String why = null;
        try {
            Native.register(Posix.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (LinkageError | RuntimeException e) {
            why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        }
        UNAVAILABLE = why;
    }

    private Posix() {
    }

    /** Null when the calls are bound, else the one-line reason. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    static native int poll(Pointer fds, NativeLong count, int timeoutMillis);

    static native int pipe(int[] fds);

    static native NativeLong write(int fd, Pointer buffer, NativeLong count);

    static native NativeLong read(int fd, Pointer buffer, NativeLong count);

    static native int close(int fd);

    static final int CLOCK_REALTIME = 0;

    /** {@code clock_gettime} into a {@code struct timespec} (two C longs: seconds, nanoseconds). */
    static native int clock_gettime(int clock, Pointer timespec);

    /** Linux's {@code sendmmsg}, bound separately: other systems do not have it. */
    static final class Batch {
        private static final String UNAVAILABLE;

        static {
            String why = null;
            if (!Platform.isLinux()) {
                why = "sendmmsg is Linux's";
            } else {
                try {
                    Native.register(Batch.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                } catch (LinkageError | RuntimeException e) {
                    why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
                }
            }
            UNAVAILABLE = why;
        }

        private Batch() {
        }

        static boolean available() {
            return UNAVAILABLE == null;
        }

        static native int sendmmsg(int fd, Pointer messages, int count, int flags);
    }
}
