package weir.shim.pcap.path;

import weir.engine.api.Direction;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.packet.PacketParser;
import weir.shim.pcap.packet.PacketStatus;
import weir.shim.pcap.packet.ParsedPacket;
import weir.shim.pcap.values.PacketDirection;

/**
 * What every source does with a frame: parse it, decide its direction, walk it through the layers, count it,
 * and hand it to the {@link Output} as passed or dropped; then walk the copies that callouts injected
 * meanwhile, and hand those on in the original's place. A frame no layer can classify (a link type the shim
 * does not parse, not IP, or an IP header too broken to read) passes unjudged and is counted as unsupported:
 * WFP never sees such a frame either. One processor per packet thread; nothing here allocates.
 */
public final class PacketProcessor {

    /** Where verdicts go: the offline files, the bridge's other side, or nowhere (monitor). */
    public interface Output {
        /**
         * One frame and its verdict.
         *
         * @param pass true to let it go (permitted or unjudged), false for dropped
         * @param direction the packet's direction, null when unknown (unsupported frames)
         * @param injected true for a callout's copy (built with the original's link header)
         */
        void frame(boolean pass, byte[] array, int offset, int capturedLength, int originalLength, int linkType,
                long timestampNanos, PacketDirection direction, boolean injected);
    }

    private final PacketParser parser = new PacketParser();
    private final ParsedPacket packet = new ParsedPacket();
    private final ParsedPacket copy = new ParsedPacket();
    private final PacketPath path;
    private final ShimCounters counters;
    private final LocalAddresses local;
    private final ShimInjector injector;
    private final Output output;
    private byte[] frameBuffer = new byte[2048];

    public PacketProcessor(PacketPath path, ShimCounters counters, LocalAddresses local, ShimInjector injector,
            Output output) {
        this.path = path;
        this.counters = counters;
        this.local = local;
        this.injector = injector;
        this.output = output;
    }

    /**
     * Processes one frame.
     *
     * @param side the direction its interface gives (bridge), or null; used only without local addresses
     * @param interfaceIndex the capturing interface's index, or -1
     * @return true when it passed (permitted, replaced by a callout's copy that passed, or unjudged)
     */
    public boolean process(byte[] a, int offset, int capturedLength, int originalLength, int linkType,
            long timestampNanos, PacketDirection side, long interfaceIndex) {
        counters.read();
        parser.parse(a, offset, capturedLength, originalLength, linkType, packet);
        PacketStatus status = packet.status();
        if (status == PacketStatus.UNSUPPORTED_LINK_TYPE) {
            counters.unsupportedLinkType(linkType);
            output.frame(true, a, offset, capturedLength, originalLength, linkType, timestampNanos, side, false);
            return true;
        }
        if (status == PacketStatus.NOT_IP) {
            counters.notIp();
            output.frame(true, a, offset, capturedLength, originalLength, linkType, timestampNanos, side, false);
            return true;
        }
        if (status == PacketStatus.MALFORMED) {
            counters.malformed(packet.malformation());
            if (!packet.networkOk()) {
                counters.unparsable();
                output.frame(true, a, offset, capturedLength, originalLength, linkType, timestampNanos, side,
                        false);
                return true;
            }
        }
        PacketDirection direction = side != null && local.isEmpty() ? side : local.direction(packet);
        long ifIndex = packet.linkInterfaceIndex() >= 0 ? packet.linkInterfaceIndex() : interfaceIndex;
        if (injector != null) {
            injector.begin(0, timestampNanos);
        }
        boolean pass = path.walk(packet, direction, ifIndex, timestampNanos, null, null);
        // a packet a callout absorbed counts once, when its copies have been walked: as permitted when a copy
        // passed in its place (NAT's translated packet), else as dropped
        boolean absorbed = !pass && path.absorbed();
        if (pass) {
            counters.permitted();
        } else if (!absorbed) {
            counters.dropped();
        }
        if (!absorbed) {
            output.frame(pass, a, offset, capturedLength, originalLength, linkType, timestampNanos, direction, false);
        }
        int copiesPassed = injector == null ? 0 : injected(a, offset, packet.networkOffset() - offset, linkType,
                ifIndex);
        if (absorbed) {
            if (copiesPassed > 0) {
                counters.replaced();
            } else {
                counters.dropped();
                counters.absorbed();
                output.frame(false, a, offset, capturedLength, originalLength, linkType, timestampNanos, direction,
                        false);
            }
        }
        return pass || copiesPassed > 0;
    }

    /**
     * Walks the copies callouts injected (including copies of copies) and hands them on; returns how many
     * passed.
     */
    private int injected(byte[] original, int offset, int linkHeader, int linkType, long ifIndex) {
        int passed = 0;
        while (injector.next()) {
            byte[] ip = injector.packet();
            int length = injector.length();
            parser.parse(ip, 0, length, length, LinkType.RAW, copy);
            if (!copy.networkOk()) {
                counters.injectionRefused();
                continue;
            }
            PacketDirection direction = injector.direction() == Direction.OUTBOUND ? PacketDirection.OUTBOUND
                    : PacketDirection.INBOUND;
            injector.begin(injector.depth(), injector.timestamp());
            boolean pass = path.walk(copy, direction, ifIndex, injector.timestamp(), injector.handle(),
                    injector.previousHandle());
            counters.injected(pass);
            if (pass) {
                passed++;
            }
            int header = raw(linkType) ? 0 : Math.max(0, linkHeader);
            int total = header + length;
            if (frameBuffer.length < total) {
                frameBuffer = new byte[Math.max(total, frameBuffer.length * 2)];
            }
            System.arraycopy(original, offset, frameBuffer, 0, header);
            System.arraycopy(ip, 0, frameBuffer, header, length);
            if (header > 0) {
                linkProtocol(frameBuffer, header, linkType, copy.ipVersion());
            }
            output.frame(pass, frameBuffer, 0, total, total, linkType, injector.timestamp(), direction, true);
        }
        return passed;
    }

    private static boolean raw(int linkType) {
        return linkType == LinkType.RAW || linkType == LinkType.DLT_RAW || linkType == LinkType.IPV4
                || linkType == LinkType.IPV6;
    }

    /** A copy of another IP version than its original gets its link header's protocol field set to match. */
    private static void linkProtocol(byte[] f, int header, int linkType, int version) {
        int etherType = version == 6 ? 0x86DD : 0x0800;
        int at;
        switch (linkType) {
            case LinkType.ETHERNET:
            case LinkType.LINUX_SLL:
                at = header - 2;
                break;
            case LinkType.LINUX_SLL2:
                at = 0;
                break;
            default:
                return;
        }
        f[at] = (byte) (etherType >>> 8);
        f[at + 1] = (byte) etherType;
    }

    public PacketPath path() {
        return path;
    }
}
