package weir.shim.pcap.run;

import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.RawPacketListener;

/**
 * One live interface through pcap4j: immediate mode, raw packets only (the shim parses headers itself),
 * non-blocking so that one thread can serve two of them. pcap4j finds parts of itself through the thread's
 * context class loader, which inside OSGi must be this bundle's (NOTES.md): every call that may load a
 * pcap4j class runs with it set.
 */
final class PcapPort implements AutoCloseable {
    private static final int SNAPLEN = 262_144;

    private final String name;
    private final PcapHandle handle;
    private final int linkType;
    private final long interfaceIndex;
    private long sent;
    private long sendErrors;
    private String lastSendError;

    private PcapPort(String name, PcapHandle handle, int linkType, long interfaceIndex) {
        this.name = name;
        this.handle = handle;
        this.linkType = linkType;
        this.interfaceIndex = interfaceIndex;
    }

    /**
     * Opens an interface for capture.
     *
     * @param option the command-line option, for the message ({@code --live}, {@code --bridge})
     * @param inboundOnly capture only what arrives (a bridge must not see what it sends itself)
     * @throws SourceException one line naming the interface and the reason
     */
    static PcapPort open(String option, String name, boolean inboundOnly) throws SourceException {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(PcapPort.class.getClassLoader());
        try {
            PcapHandle.Builder b = new PcapHandle.Builder(name).snaplen(SNAPLEN)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS).timeoutMillis(10)
                    .immediateMode(true);
            if (inboundOnly) {
                b.direction(PcapHandle.PcapDirection.IN);
            }
            PcapHandle h = b.build();
            try {
                h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                return new PcapPort(name, h, h.getDlt().value(), interfaceIndex(name));
            } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                h.close();
                throw e;
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new SourceException(option + " " + name + ": cannot capture (" + reason(e.getMessage()) + ")");
        } catch (LinkageError e) {
            throw new SourceException(option + " " + name + ": libpcap cannot be loaded (" + e.getMessage()
                    + "); install libpcap0.8");
        } catch (RuntimeException e) {
            throw new SourceException(option + " " + name + ": cannot capture (" + e + ")");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static String reason(String message) {
        String m = message == null ? "unknown error" : message.strip();
        if (m.contains("Operation not permitted") || m.contains("permission")) {
            return m + "; live capture needs root or CAP_NET_RAW";
        }
        if (m.contains("No such device")) {
            return m + "; `ip link` lists the interfaces";
        }
        return m;
    }

    /** Linux's index of the interface (INTERFACE_INDEX), or -1 when it cannot be read. */
    private static long interfaceIndex(String name) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", name, "ifindex")).strip());
        } catch (IOException | NumberFormatException | java.nio.file.InvalidPathException e) {
            return -1;
        }
    }

    /** The interface's own addresses as a {@code --local} list (empty when it has none). */
    static String addresses(String name) {
        List<String> out = new ArrayList<>();
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif != null) {
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    // RFC 5952 (::1), not the JDK's 0:0:0:0:0:0:0:1%lo: the list is shown as --local
                    java.net.InetAddress ia = a.getAddress();
                    out.add(ia instanceof java.net.Inet6Address ? weir.engine.api.Value.formatV6(ia.getAddress())
                            : ia.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // no addresses known: every packet then reads as forwarded or inbound, and the summary says so
        }
        return String.join(",", out);
    }

    /** Reads what is waiting (non-blocking); returns the number of packets handed to {@code listener}. */
    int dispatch(RawPacketListener listener) throws SourceException {
        try {
            return handle.dispatch(-1, listener);
        } catch (PcapNativeException | NotOpenException e) {
            throw new SourceException(name + ": capture failed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Sends a frame; a failure is counted (the packet is lost, as on a congested link), never thrown. */
    void send(byte[] frame, int offset, int length) {
        try {
            byte[] bytes = frame;
            if (offset != 0) {
                bytes = java.util.Arrays.copyOfRange(frame, offset, offset + length);
            }
            handle.sendPacket(bytes, length);
            sent++;
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            sendErrors++;
            lastSendError = String.valueOf(e.getMessage());
        }
    }

    String name() {
        return name;
    }

    int linkType() {
        return linkType;
    }

    long interfaceIndex() {
        return interfaceIndex;
    }

    long sent() {
        return sent;
    }

    long sendErrors() {
        return sendErrors;
    }

    String lastSendError() {
        return lastSendError;
    }

    @Override
    public void close() {
        handle.close();
    }
}
