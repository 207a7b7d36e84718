package weir.shim.pcap.live;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libpcap functions of the live path, bound by JNA's direct mapping. pcap4j's own bindings create a
 * callback object per {@code pcap_dispatch} and a {@code Pointer} per packet; here every function that runs per
 * packet takes only primitives and long-lived {@link Pointer}s, so a call allocates nothing on the Java heap.
 * The library is the one pcap4j loads (system property {@code org.pcap4j.core.pcapLibName}, default
 * {@code pcap}).
 */
final class Libpcap {
    static final int ERRBUF_SIZE = 256;
    static final int PCAP_D_IN = 1;
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    static final int PCAP_ERROR_PERM_DENIED = -8;
    static final int PCAP_ERROR_IFACE_NOT_UP = -9;

    private static final String NAME = System.getProperty("org.pcap4j.core.pcapLibName",
            Platform.isWindows() ? "wpcap" : "pcap");
    /** Why libpcap could not be bound, or null when it was. */
    private static final String UNAVAILABLE;

    static {
        String why = null;
        try {
            Native.register(Libpcap.class, NativeLibrary.getInstance(NAME));
        } catch (LinkageError | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            why = (nl < 0 ? m : m.substring(0, nl)).strip();
        }
        UNAVAILABLE = why;
    }

    private Libpcap() {
    }

    /** Null when libpcap is bound, else the one-line reason it could not be loaded. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    static native Pointer pcap_create(String source, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer p, int snaplen);

    static native int pcap_set_promisc(Pointer p, int promisc);

    static native int pcap_set_timeout(Pointer p, int millis);

    static native int pcap_set_immediate_mode(Pointer p, int immediate);

    static native int pcap_set_buffer_size(Pointer p, int bytes);

    static native int pcap_activate(Pointer p);

    static native int pcap_setdirection(Pointer p, int direction);

    static native int pcap_setnonblock(Pointer p, int nonblock, byte[] errbuf);

    static native int pcap_get_selectable_fd(Pointer p);

    static native int pcap_datalink(Pointer p);

    static native int pcap_snapshot(Pointer p);

    /** One packet into the two pointer slots (header, data): 1 read, 0 none waiting, -1 error, -2 stopped. */
    static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    static native int pcap_inject(Pointer p, Pointer buffer, NativeLong size);

    static native int pcap_stats(Pointer p, Pointer stats);

    static native Pointer pcap_geterr(Pointer p);

    static native Pointer pcap_statustostr(int error);

    static native Pointer pcap_strerror(int errno);

    static native Pointer pcap_lib_version();

    static native void pcap_close(Pointer p);

    /** The text of a C string (error messages; allocates, so never on the packet path). */
    static String text(Pointer s) {
        return s == null ? "" : s.getString(0, StandardCharsets.UTF_8.name()).strip();
    }

    /** The text in an error buffer. */
    static String text(byte[] errbuf) {
        int n = 0;
        while (n < errbuf.length && errbuf[n] != 0) {
            n++;
        }
        return new String(errbuf, 0, n, StandardCharsets.UTF_8).strip();
    }
}
