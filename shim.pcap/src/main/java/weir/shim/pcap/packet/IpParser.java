package weir.shim.pcap.packet;

import static weir.shim.pcap.packet.Wire.u16;
import static weir.shim.pcap.packet.Wire.u32;
import static weir.shim.pcap.packet.Wire.u64;

/**
 * The network layer: IPv4 (options, fragments, total length against the frame, AH) and IPv6 (payload
 * length, extension chain, fragments), then the transport. A frame cut by the snapshot length is not
 * malformed for what the wire had and the capture lacks.
 */
final class IpParser {
    static final int NO_NEXT_HEADER = 59;

    private final ExtensionChain chain;
    private final TransportParser transport;

    IpParser(ExtensionChain chain) {
        this.chain = chain;
        this.transport = new TransportParser(chain);
    }

    /**
     * Bytes the frame had on the wire from {@code pos} on (at least what was captured), bounded so that
     * {@code pos} plus it stays an int.
     */
    private static int originalFrom(ParsedPacket p, int pos) {
        long original = Math.max(Integer.toUnsignedLong(p.originalLength), p.length);
        return (int) Math.min(Integer.MAX_VALUE - pos, original - (pos - p.offset));
    }

    void ipv4(byte[] a, int pos, int end, ParsedPacket p) {
        int available = end - pos;
        if (available < 1) {
            p.malformed(Malformation.TRUNCATED_IPV4_HEADER);
            return;
        }
        if ((a[pos] & 0xF0) != 0x40) {
            p.malformed(Malformation.BAD_IP_VERSION);
            return;
        }
        if (available < 20) {
            p.malformed(Malformation.TRUNCATED_IPV4_HEADER);
            return;
        }
        p.ipVersion = 4;
        p.networkOffset = pos;
        p.source4 = u32(a, pos + 12);
        p.destination4 = u32(a, pos + 16);
        p.hasAddresses = true;
        p.loopback = p.source4 >>> 24 == 127 || p.destination4 >>> 24 == 127;
        p.protocol = a[pos + 9] & 0xFF;
        p.hopLimit = a[pos + 8] & 0xFF;
        int flags = u16(a, pos + 6);
        p.fragmentId = u16(a, pos + 4);
        p.moreFragments = (flags & 0x2000) != 0;
        p.fragmentOffset = (flags & 0x1FFF) * 8;
        p.laterFragment = p.fragmentOffset != 0;
        p.fragment = p.moreFragments || p.laterFragment;
        int headerLength = (a[pos] & 0x0F) * 4;
        int total = u16(a, pos + 2);
        int original = originalFrom(p, pos);
        if (total == 0) {
            // captured at the sender before segmentation (TSO/LSO; Linux BIG TCP above 64 KiB): the
            // length is the frame's, as Wireshark presumes
            total = original;
        }
        p.ipLength = total;
        if (headerLength < 20) {
            p.malformed(Malformation.BAD_IPV4_HEADER_LENGTH);
            return;
        }
        if (headerLength > available) {
            p.malformed(Malformation.TRUNCATED_IPV4_HEADER);
            return;
        }
        if (total < headerLength || total > original) {
            p.malformed(Malformation.BAD_IPV4_TOTAL_LENGTH);
            return;
        }
        p.networkHeaderLength = headerLength;
        p.networkOk = true;
        if (p.laterFragment) {
            p.transportOk = true;
            return;
        }
        int declaredEnd = pos + total;
        int capturedEnd = Math.min(declaredEnd, end);
        int t = pos + headerLength;
        int protocol = p.protocol;
        // AH is IPsec's header, not the transport: WFP's transport layers see what it protects
        for (int n = 0; protocol == ExtensionChain.AH; n++) {
            if (n == ExtensionChain.MAX_HEADERS) {
                p.malformed(Malformation.TOO_MANY_EXTENSION_HEADERS);
                return;
            }
            if (capturedEnd - t < 2 || capturedEnd - t < ((a[t + 1] & 0xFF) + 2) * 4) {
                p.malformed(Malformation.TRUNCATED_EXTENSION_HEADER);
                return;
            }
            protocol = a[t] & 0xFF;
            t += ((a[t + 1] & 0xFF) + 2) * 4;
        }
        p.protocol = protocol;
        transport.parse(a, t, capturedEnd, declaredEnd, 4, p);
    }

    void ipv6(byte[] a, int pos, int end, ParsedPacket p) {
        int available = end - pos;
        if (available < 1) {
            p.malformed(Malformation.TRUNCATED_IPV6_HEADER);
            return;
        }
        if ((a[pos] & 0xF0) != 0x60) {
            p.malformed(Malformation.BAD_IP_VERSION);
            return;
        }
        if (available < 40) {
            p.malformed(Malformation.TRUNCATED_IPV6_HEADER);
            return;
        }
        p.ipVersion = 6;
        p.networkOffset = pos;
        p.sourceHigh = u64(a, pos + 8);
        p.sourceLow = u64(a, pos + 16);
        p.destinationHigh = u64(a, pos + 24);
        p.destinationLow = u64(a, pos + 32);
        p.hasAddresses = true;
        p.loopback = p.sourceHigh == 0 && p.sourceLow == 1 || p.destinationHigh == 0 && p.destinationLow == 1;
        p.hopLimit = a[pos + 7] & 0xFF;
        int payload = u16(a, pos + 4);
        int next = a[pos + 6] & 0xFF;
        p.protocol = next;
        int original = originalFrom(p, pos);
        int declaredEnd;
        if (payload == 0 && next != NO_NEXT_HEADER) {
            // a jumbogram (its length is in the hop-by-hop option), or a packet captured at the sender
            // before segmentation (TSO; Linux BIG TCP with the jumbo option removed): the frame's length
            declaredEnd = pos + original;
        } else if (40 + payload > original) {
            p.ipLength = 40 + payload;
            p.malformed(Malformation.BAD_IPV6_PAYLOAD_LENGTH);
            return;
        } else {
            declaredEnd = pos + 40 + payload;
        }
        p.ipLength = declaredEnd - pos;
        p.networkOk = true;
        int capturedEnd = Math.min(declaredEnd, end);
        int t = chain.walk(a, pos + 40, capturedEnd, next);
        if (t < 0) {
            p.protocol = chain.next;
            p.malformed(t == ExtensionChain.TOO_LONG ? Malformation.TOO_MANY_EXTENSION_HEADERS
                    : Malformation.TRUNCATED_EXTENSION_HEADER);
            return;
        }
        p.networkHeaderLength = t - pos;
        p.protocol = chain.next;
        if (chain.fragment) {
            p.fragment = chain.laterFragment || chain.moreFragments;
            p.laterFragment = chain.laterFragment;
            p.moreFragments = chain.moreFragments;
            p.fragmentOffset = chain.fragmentOffset;
            p.fragmentId = chain.fragmentId;
        }
        if (p.laterFragment) {
            p.transportOk = true;
            return;
        }
        transport.parse(a, t, capturedEnd, declaredEnd, 6, p);
    }
}
