package weir.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import weir.engine.api.Checksums;
import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.InjectionState;
import weir.engine.api.Metadata;
import weir.engine.api.PacketInjector;
import weir.engine.api.WfpException;

/**
 * A {@link PacketInjector} for a callout's tests (WFP's clone → modify → inject): it keeps what is injected
 * instead of sending it, and answers {@link #state} from the metadata as the shim's injector does. It accepts
 * what the shim accepts (its own handles, a direction, an IP packet inside the array) and holds a packet to
 * what a receiver would check, which the shim sends without looking: the IPv4 total length or IPv6 payload
 * length must match the injected length, and the IPv4 header checksum and the TCP, UDP (IPv4: 0 means none),
 * ICMP or ICMPv6 checksum of an unfragmented packet must be right. Anything else is refused with a
 * {@link WfpException} INVALID_PARAMETER naming what is wrong, as the shim refuses. Thread-safe.
 *
 * <pre>
 * TestInjector injector = new TestInjector();
 * callout.bindInjector(injector);                            // however your callout gets its PacketInjector
 * callout.classify(values, metadata, packet, filter, null, out);
 * assertTrue(out.isAbsorb());
 * byte[] copy = injector.takeAll().get(0).packet();         // the IP packet the callout built
 * </pre>
 *
 * {@link #discarding()} keeps nothing and allocates nothing, for tests that measure a callout's allocations.
 */
public final class TestInjector implements PacketInjector {
    /** An injection handle: identity is what counts, as with the shim's. */
    public record Handle(String name, long id) {
        @Override
        public String toString() {
            return "injection handle " + id + " (" + name + ")";
        }
    }

    /**
     * One injected packet: the handle, the direction, the IP packet (a copy), and a copy of the metadata passed
     * with it (that of the packet it replaces), or null.
     */
    public record Injected(Object handle, Direction direction, byte[] packet, TestMetadata metadata) {
    }

    private final boolean keep;
    private final List<Handle> handles = new ArrayList<>();
    private final List<Injected> injected = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private volatile boolean failing;

    /** An injector that keeps every injected packet until {@link #takeAll}. */
    public TestInjector() {
        this(true);
    }

    private TestInjector(boolean keep) {
        this.keep = keep;
    }

    /** An injector that checks and counts injected packets but keeps none, and allocates nothing to inject. */
    public static TestInjector discarding() {
        return new TestInjector(false);
    }

    /**
     * From now on (until called with false) inject throws {@link WfpException} INVALID_PARAMETER, as a shim
     * that cannot send: for testing what a callout does when injection fails.
     */
    public TestInjector failing(boolean fail) {
        failing = fail;
        return this;
    }

    @Override
    public synchronized Object createHandle(String name) {
        Handle h = new Handle(name == null ? "" : name, handles.size() + 1L);
        handles.add(h);
        return h;
    }

    @Override
    public void inject(Object handle, Direction direction, byte[] packet, int offset, int length,
            Metadata metadata) {
        if (!ours(handle)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: " + handle + " is not a handle of this"
                    + " injector; create one with createHandle");
        }
        if (direction == null) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the direction is missing");
        }
        if (failing) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: this injector cannot send (failing)");
        }
        check(packet, offset, length);
        count.incrementAndGet();
        if (!keep) {
            return;
        }
        byte[] copy = new byte[length];
        System.arraycopy(packet, offset, copy, 0, length);
        Injected i = new Injected(handle, direction, copy, metadata == null ? null : TestMetadata.copyOf(metadata));
        synchronized (this) {
            injected.add(i);
        }
    }

    private synchronized boolean ours(Object handle) {
        for (int i = 0; i < handles.size(); i++) {
            if (handles.get(i) == handle) {
                return true;
            }
        }
        return false;
    }

    /** The shim's rule, and then what the packet's receiver would check. */
    private static void check(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 20 || off + len > b.length || off + len < 0) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the packet must be an IP packet of 20"
                    + " bytes or more inside the array (got offset " + off + ", length " + len + ")");
        }
        int version = (b[off] & 0xF0) >>> 4;
        if (version == 4) {
            checkV4(b, off, len);
        } else if (version == 6 && len >= 40) {
            checkV6(b, off, len);
        } else {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the packet must start with an IPv4 or"
                    + " IPv6 header (first byte 0x" + Integer.toHexString(b[off] & 0xFF) + ", length " + len + ")");
        }
    }

    private static void checkV4(byte[] b, int off, int len) {
        int ihl = (b[off] & 0x0F) * 4;
        int total = Checksums.get16(b, off + 2);
        if (ihl < 20 || ihl > len) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: IPv4 header length " + ihl
                    + " does not fit the packet of " + len + " bytes");
        }
        if (total != len) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: IPv4 total length " + total + " but "
                    + len + " bytes injected; inject the datagram alone, without link header or padding");
        }
        int header = Checksums.ipv4Header(b, off);
        if (header != Checksums.get16(b, off + 10)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: IPv4 header checksum 0x"
                    + Integer.toHexString(Checksums.get16(b, off + 10)) + " is wrong, 0x" + Integer.toHexString(header)
                    + " is right (Checksums.fixIpv4Header, or update32 after changing an address)");
        }
        boolean fragment = (Checksums.get16(b, off + 6) & 0x3FFF) != 0;
        if (!fragment) {
            checkTransport(b, off, off + ihl, len - ihl, b[off + 9] & 0xFF, 4);
        }
    }

    private static void checkV6(byte[] b, int off, int len) {
        int payload = Checksums.get16(b, off + 4);
        if (payload + 40 != len) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: IPv6 payload length " + payload + " but "
                    + (len - 40) + " bytes follow the header; inject the datagram alone, without link header or"
                    + " padding");
        }
        // the transport checksum is checked when no extension header comes first (fragments have one)
        checkTransport(b, off, off + 40, len - 40, b[off + 6] & 0xFF, 6);
    }

    private static void checkTransport(byte[] b, int ip, int t, int len, int protocol, int version) {
        int minimum;
        if (protocol == 6) {
            minimum = 20;
        } else if (protocol == 17) {
            minimum = 8;
        } else if (protocol == 1 && version == 4 || protocol == 58 && version == 6) {
            minimum = 8;
        } else {
            return; // no checksum the kit knows
        }
        String name = protocol == 6 ? "TCP" : protocol == 17 ? "UDP" : version == 4 ? "ICMP" : "ICMPv6";
        if (len < minimum) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the " + name + " header is cut short ("
                    + len + " bytes)");
        }
        int at = t + Checksums.checksumOffset(protocol);
        int found = Checksums.get16(b, at);
        if (protocol == 17 && found == 0) {
            if (version == 4) {
                return; // IPv4 UDP without a checksum (RFC 768)
            }
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: UDP over IPv6 must carry a checksum"
                    + " (RFC 8200 8.1); compute it with Checksums.fixTransport");
        }
        int right = Checksums.transport(b, ip, t, len, protocol);
        if (found != right) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: " + name + " checksum 0x"
                    + Integer.toHexString(found) + " is wrong, 0x" + Integer.toHexString(right) + " is right"
                    + " (Checksums.fixTransport, or update16/update32 after a change)");
        }
    }

    /** As the shim answers: the handle that injected the packet, or that injected the packet it replaces. */
    @Override
    public InjectionState state(Object handle, Metadata metadata) {
        if (metadata == null || handle == null) {
            return InjectionState.NOT_INJECTED;
        }
        Object by = metadata.injectedBy();
        if (by == handle) {
            return InjectionState.INJECTED_BY_SELF;
        }
        if (metadata.previouslyInjectedBy() == handle) {
            return InjectionState.PREVIOUSLY_INJECTED_BY_SELF;
        }
        return by != null ? InjectionState.INJECTED_BY_OTHER : InjectionState.NOT_INJECTED;
    }

    /** The handles created so far, in order. */
    public synchronized List<Handle> handles() {
        return List.copyOf(handles);
    }

    /** The packets injected and not yet taken, in order. */
    public synchronized List<Injected> injected() {
        return List.copyOf(injected);
    }

    /** The packets injected and not yet taken, in order; they are taken (a second call returns the later ones). */
    public synchronized List<Injected> takeAll() {
        List<Injected> all = List.copyOf(injected);
        injected.clear();
        return all;
    }

    /** How many packets were injected, kept or not, taken or not. */
    public long count() {
        return count.get();
    }
}
