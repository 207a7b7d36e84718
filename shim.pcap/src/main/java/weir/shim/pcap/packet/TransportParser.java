package weir.shim.pcap.packet;

import static weir.shim.pcap.packet.Wire.u16;
import static weir.shim.pcap.packet.Wire.u32;
import static weir.shim.pcap.packet.Wire.u64;

/**
 * The transport layer: TCP (data offset, flags), UDP (length), ICMP and ICMPv6 (type and code, errors
 * against information) and the packet an error quotes; any other protocol is all payload.
 */
final class TransportParser {
    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMPV6 = 58;

    private final ExtensionChain chain;

    TransportParser(ExtensionChain chain) {
        this.chain = chain;
    }

    void parse(byte[] a, int t, int capturedEnd, int declaredEnd, int version, ParsedPacket p) {
        p.transportOffset = t;
        int available = capturedEnd - t;
        switch (p.protocol) {
            case TCP:
                if (available < 20) {
                    p.malformed(Malformation.TRUNCATED_TCP_HEADER);
                    return;
                }
                int dataOffset = (a[t + 12] >> 4 & 0x0F) * 4;
                if (dataOffset < 20 || dataOffset > declaredEnd - t) {
                    p.malformed(Malformation.BAD_TCP_DATA_OFFSET);
                    return;
                }
                p.sourcePort = u16(a, t);
                p.destinationPort = u16(a, t + 2);
                p.hasPorts = true;
                p.tcpSequence = u32(a, t + 4) & 0xFFFFFFFFL;
                p.tcpAcknowledgement = u32(a, t + 8) & 0xFFFFFFFFL;
                p.tcpFlags = (a[t + 12] & 1) << 8 | a[t + 13] & 0xFF;
                p.transportHeaderLength = dataOffset;
                p.payloadOffset = Math.min(t + dataOffset, capturedEnd);
                p.payloadLength = declaredEnd - t - dataOffset;
                p.transportOk = true;
                return;
            case UDP:
                if (available < 8) {
                    p.malformed(Malformation.TRUNCATED_UDP_HEADER);
                    return;
                }
                int udpLength = u16(a, t + 4);
                // 0 above 64 KiB: an IPv6 jumbogram (RFC 2675), or a Linux BIG TCP packet in a UDP tunnel
                boolean jumbo = udpLength == 0 && declaredEnd - t > 0xFFFF;
                // a first fragment's UDP length counts the whole datagram, beyond this packet
                if (!jumbo && (udpLength < 8 || udpLength > declaredEnd - t && !p.moreFragments)) {
                    p.malformed(Malformation.BAD_UDP_LENGTH);
                    return;
                }
                p.sourcePort = u16(a, t);
                p.destinationPort = u16(a, t + 2);
                p.hasPorts = true;
                p.transportHeaderLength = 8;
                p.payloadOffset = t + 8;
                p.payloadLength = jumbo ? declaredEnd - t - 8 : Math.min(udpLength, declaredEnd - t) - 8;
                p.transportOk = true;
                return;
            case ICMP:
            case ICMPV6:
                if (p.protocol != (version == 4 ? ICMP : ICMPV6)) {
                    break;
                }
                if (available < 8) {
                    p.malformed(Malformation.TRUNCATED_ICMP_HEADER);
                    return;
                }
                int type = a[t] & 0xFF;
                p.icmp = true;
                p.sourcePort = type;
                p.destinationPort = a[t + 1] & 0xFF;
                p.hasPorts = true;
                p.transportHeaderLength = 8;
                p.payloadOffset = t + 8;
                p.payloadLength = declaredEnd - t - 8;
                p.transportOk = true;
                p.icmpError = version == 4 ? type == 3 || type == 4 || type == 5 || type == 11 || type == 12
                        : type >= 1 && type <= 4;
                if (p.icmpError) {
                    embedded(a, t + 8, capturedEnd, version, p);
                }
                return;
            default:
                break;
        }
        // a protocol without a header the shim reads: all of it is payload
        p.payloadOffset = t;
        p.payloadLength = declaredEnd - t;
        p.transportOk = true;
    }

    /**
     * The IP header and transport start an ICMP error quotes (RFC 792: the header and 8 bytes; RFC 4443:
     * as much as fits).
     */
    private void embedded(byte[] a, int pos, int end, int version, ParsedPacket p) {
        EmbeddedPacket e = p.embedded;
        int available = end - pos;
        if (available < 1) {
            p.malformed(Malformation.TRUNCATED_EMBEDDED_PACKET);
            return;
        }
        if ((a[pos] >> 4 & 0x0F) != version) {
            p.malformed(Malformation.BAD_EMBEDDED_PACKET);
            return;
        }
        int t;
        int protocol;
        if (version == 4) {
            int headerLength = (a[pos] & 0x0F) * 4;
            if (available < 20 || headerLength > available) {
                p.malformed(Malformation.TRUNCATED_EMBEDDED_PACKET);
                return;
            }
            if (headerLength < 20) {
                p.malformed(Malformation.BAD_EMBEDDED_PACKET);
                return;
            }
            e.source4 = u32(a, pos + 12);
            e.destination4 = u32(a, pos + 16);
            protocol = a[pos + 9] & 0xFF;
            e.protocol = protocol;
            e.ipVersion = 4;
            e.offset = pos;
            e.ok = true;
            if ((u16(a, pos + 6) & 0x1FFF) != 0) {
                return;
            }
            t = pos + headerLength;
            if ((protocol == TCP || protocol == UDP) && end - t < 4) {
                p.malformed(Malformation.TRUNCATED_EMBEDDED_PACKET);
                return;
            }
        } else {
            if (available < 40) {
                p.malformed(Malformation.TRUNCATED_EMBEDDED_PACKET);
                return;
            }
            e.sourceHigh = u64(a, pos + 8);
            e.sourceLow = u64(a, pos + 16);
            e.destinationHigh = u64(a, pos + 24);
            e.destinationLow = u64(a, pos + 32);
            e.ipVersion = 6;
            e.offset = pos;
            e.ok = true;
            t = chain.walk(a, pos + 40, end, a[pos + 6] & 0xFF);
            e.protocol = chain.next;
            if (t < 0 || chain.laterFragment) {
                return; // the quote may end anywhere: no ports, but not malformed
            }
            protocol = chain.next;
        }
        if ((protocol == TCP || protocol == UDP) && end - t >= 4) {
            e.sourcePort = u16(a, t);
            e.destinationPort = u16(a, t + 2);
            e.hasPorts = true;
        } else if (protocol == (version == 4 ? ICMP : ICMPV6) && end - t >= 2) {
            e.sourcePort = a[t] & 0xFF;
            e.destinationPort = a[t + 1] & 0xFF;
            e.hasPorts = true;
        }
    }
}
