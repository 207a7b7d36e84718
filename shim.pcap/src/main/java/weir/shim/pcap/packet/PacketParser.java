package weir.shim.pcap.packet;

import weir.shim.pcap.capture.Frame;
import weir.shim.pcap.capture.LinkType;

/**
 * Parses a frame's link, IP and transport headers in place into a reusable {@link ParsedPacket}: no
 * allocation, no lock, never throws for any bytes. Link types: Ethernet (802.1Q/802.1ad tags, LLC/SNAP),
 * Linux cooked v1 and v2, raw IP, BSD null/loopback; everything else is UNSUPPORTED_LINK_TYPE. IPv4 with
 * options, fragments and AH; IPv6 with its extension-header chain; TCP, UDP, ICMP, ICMPv6, and the packet an
 * ICMP error quotes. One parser per thread (it keeps scratch state).
 */
public final class PacketParser {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int MAX_VLAN_TAGS = 8;
    static final int MAX_EXTENSION_HEADERS = 16;

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int AH = 51;
    static final int FRAGMENT = 44;
    static final int NO_NEXT_HEADER = 59;

    private static final int ARPHRD_NETLINK = 824;
    private static final int SLL_PROTOCOL_802_2 = 4;
    private static final int CHAIN_TRUNCATED = -1;
    private static final int CHAIN_TOO_LONG = -2;

    // the IPv6 chain walk's results, read right after each walk
    private int chainNext;
    private boolean chainFragment;
    private boolean chainLaterFragment;
    private boolean chainMoreFragments;
    private int chainFragmentOffset;
    private long chainFragmentId;

    /** Parses the current frame of a reader (copying it out of the mapped file if needed). */
    public void parse(Frame frame, ParsedPacket out) {
        parse(frame.array(), frame.offset(), frame.capturedLength(), frame.originalLength(), frame.linkType(), out);
    }

    /**
     * Parses {@code capturedLength} bytes at {@code offset}.
     *
     * @param originalLength the frame's length on the wire (unsigned); a capture cut by its snapshot length
     *            is not malformed for missing payload
     * @param linkType a {@code LINKTYPE_*} (or {@code DLT_RAW} 12) of {@link LinkType}
     */
    public void parse(byte[] a, int offset, int capturedLength, int originalLength, int linkType, ParsedPacket p) {
        p.reset(a, offset, capturedLength, originalLength, linkType);
        int end = offset + capturedLength;
        switch (linkType) {
            case LinkType.ETHERNET:
                if (capturedLength < 14) {
                    p.malformed(Malformation.TRUNCATED_LINK_HEADER);
                    return;
                }
                etherType(a, offset + 14, end, u16(a, offset + 12), true, p);
                return;
            case LinkType.LINUX_SLL:
                if (capturedLength < 16) {
                    p.malformed(Malformation.TRUNCATED_LINK_HEADER);
                    return;
                }
                p.linkPacketType = u16(a, offset);
                if (u16(a, offset + 2) == ARPHRD_NETLINK) {
                    notIp(u16(a, offset + 14), p);
                    return;
                }
                etherType(a, offset + 16, end, u16(a, offset + 14), false, p);
                return;
            case LinkType.LINUX_SLL2:
                if (capturedLength < 20) {
                    p.malformed(Malformation.TRUNCATED_LINK_HEADER);
                    return;
                }
                p.linkInterfaceIndex = u32(a, offset + 4) & 0xFFFFFFFFL;
                p.linkPacketType = a[offset + 10] & 0xFF;
                if (u16(a, offset + 8) == ARPHRD_NETLINK) {
                    notIp(u16(a, offset), p);
                    return;
                }
                etherType(a, offset + 20, end, u16(a, offset), false, p);
                return;
            case LinkType.NULL:
            case LinkType.LOOP:
                nullHeader(a, offset, end, p);
                return;
            case LinkType.DLT_RAW:
            case LinkType.RAW:
                if (capturedLength > 0 && (a[offset] & 0xF0) == 0x60) {
                    ipv6(a, offset, end, p);
                } else {
                    ipv4(a, offset, end, p);
                }
                return;
            case LinkType.IPV4:
                ipv4(a, offset, end, p);
                return;
            case LinkType.IPV6:
                ipv6(a, offset, end, p);
                return;
            default:
                p.status = PacketStatus.UNSUPPORTED_LINK_TYPE;
        }
    }

    /** The 4-byte address family of BSD null (host order of the capturer) and loop (big-endian) headers. */
    private void nullHeader(byte[] a, int offset, int end, ParsedPacket p) {
        if (end - offset < 4) {
            p.malformed(Malformation.TRUNCATED_LINK_HEADER);
            return;
        }
        int family = u32(a, offset);
        if ((family & 0xFFFF0000) != 0 && (family & 0xFFFF) == 0) {
            family = Integer.reverseBytes(family);
        }
        p.linkProtocol = family;
        switch (family) {
            case 2: // AF_INET everywhere
                ipv4(a, offset + 4, end, p);
                return;
            case 24: // AF_INET6 of NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly
            case 30: // Darwin
                ipv6(a, offset + 4, end, p);
                return;
            default:
                p.status = PacketStatus.NOT_IP;
        }
    }

    private void etherType(byte[] a, int pos, int end, int type, boolean lengthMeansLlc, ParsedPacket p) {
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100 || type == 0x9200) {
            if (p.vlanCount == MAX_VLAN_TAGS) {
                p.malformed(Malformation.TOO_MANY_VLAN_TAGS);
                return;
            }
            if (end - pos < 4) {
                p.malformed(Malformation.TRUNCATED_LINK_HEADER);
                return;
            }
            int vlan = u16(a, pos) & 0x0FFF;
            if (p.vlanCount++ == 0) {
                p.outerVlan = vlan;
            } else {
                p.innerVlan = vlan;
            }
            type = u16(a, pos + 2);
            pos += 4;
        }
        if (lengthMeansLlc && type <= 1500 || !lengthMeansLlc && type == SLL_PROTOCOL_802_2) {
            // 802.2 LLC: only SNAP with a zero OUI carries an EtherType
            if (end - pos >= 8 && a[pos] == (byte) 0xAA && a[pos + 1] == (byte) 0xAA && a[pos + 2] == 3
                    && a[pos + 3] == 0 && a[pos + 4] == 0 && a[pos + 5] == 0) {
                type = u16(a, pos + 6);
                pos += 8;
            } else {
                notIp(type, p);
                return;
            }
        }
        p.linkProtocol = type;
        if (type == ETHERTYPE_IPV4) {
            ipv4(a, pos, end, p);
        } else if (type == ETHERTYPE_IPV6) {
            ipv6(a, pos, end, p);
        } else {
            p.status = PacketStatus.NOT_IP;
        }
    }

    private static void notIp(int protocol, ParsedPacket p) {
        p.linkProtocol = protocol;
        p.status = PacketStatus.NOT_IP;
    }

    /**
     * Bytes the frame had on the wire from {@code pos} on (at least what was captured), bounded so that
     * {@code pos} plus it stays an int.
     */
    private static int originalFrom(ParsedPacket p, int pos) {
        long original = Math.max(Integer.toUnsignedLong(p.originalLength), p.length);
        return (int) Math.min(Integer.MAX_VALUE - pos, original - (pos - p.offset));
    }

    private void ipv4(byte[] a, int pos, int end, ParsedPacket p) {
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
        for (int n = 0; protocol == AH; n++) {
            if (n == MAX_EXTENSION_HEADERS) {
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
        transport(a, t, capturedEnd, declaredEnd, 4, p);
    }

    private void ipv6(byte[] a, int pos, int end, ParsedPacket p) {
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
        int t = walk(a, pos + 40, capturedEnd, next);
        if (t < 0) {
            p.protocol = chainNext;
            p.malformed(t == CHAIN_TOO_LONG ? Malformation.TOO_MANY_EXTENSION_HEADERS
                    : Malformation.TRUNCATED_EXTENSION_HEADER);
            return;
        }
        p.networkHeaderLength = t - pos;
        p.protocol = chainNext;
        if (chainFragment) {
            p.fragment = chainLaterFragment || chainMoreFragments;
            p.laterFragment = chainLaterFragment;
            p.moreFragments = chainMoreFragments;
            p.fragmentOffset = chainFragmentOffset;
            p.fragmentId = chainFragmentId;
        }
        if (p.laterFragment) {
            p.transportOk = true;
            return;
        }
        transport(a, t, capturedEnd, declaredEnd, 6, p);
    }

    /**
     * Walks IPv6 extension headers from {@code pos}; returns the offset of the upper-layer header (with its
     * protocol in {@link #chainNext}), or CHAIN_TRUNCATED / CHAIN_TOO_LONG. A non-first fragment ends the
     * chain at its fragment header. ESP (50) and no-next-header (59) end it like any upper layer.
     */
    private int walk(byte[] a, int pos, int end, int next) {
        chainFragment = false;
        chainLaterFragment = false;
        chainMoreFragments = false;
        chainFragmentOffset = 0;
        chainFragmentId = 0;
        for (int n = 0;; n++) {
            chainNext = next;
            int length;
            switch (next) {
                case 0: // hop-by-hop options
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - pos < 2) {
                        return CHAIN_TRUNCATED;
                    }
                    length = ((a[pos + 1] & 0xFF) + 1) * 8;
                    break;
                case AH:
                    if (end - pos < 2) {
                        return CHAIN_TRUNCATED;
                    }
                    length = ((a[pos + 1] & 0xFF) + 2) * 4;
                    break;
                case FRAGMENT:
                    if (end - pos < 8) {
                        return CHAIN_TRUNCATED;
                    }
                    int field = u16(a, pos + 2);
                    chainFragment = true;
                    chainFragmentOffset = field & 0xFFF8;
                    chainMoreFragments = (field & 1) != 0;
                    chainFragmentId = u32(a, pos + 4) & 0xFFFFFFFFL;
                    chainLaterFragment = chainFragmentOffset != 0;
                    length = 8;
                    break;
                default:
                    return pos;
            }
            if (n == MAX_EXTENSION_HEADERS) {
                return CHAIN_TOO_LONG;
            }
            if (end - pos < length) {
                return CHAIN_TRUNCATED;
            }
            next = a[pos] & 0xFF;
            pos += length;
            if (chainLaterFragment) {
                chainNext = next;
                return pos;
            }
        }
    }

    private void transport(byte[] a, int t, int capturedEnd, int declaredEnd, int version, ParsedPacket p) {
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

    /** The IP header and transport start an ICMP error quotes (RFC 792: header + 8 bytes; RFC 4443: as much as fits). */
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
            t = walk(a, pos + 40, end, a[pos + 6] & 0xFF);
            e.protocol = chainNext;
            if (t < 0 || chainLaterFragment) {
                return; // the quote may end anywhere: no ports, but not malformed
            }
            protocol = chainNext;
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

    static int u16(byte[] a, int i) {
        return (a[i] & 0xFF) << 8 | a[i + 1] & 0xFF;
    }

    static int u32(byte[] a, int i) {
        return (a[i] & 0xFF) << 24 | (a[i + 1] & 0xFF) << 16 | (a[i + 2] & 0xFF) << 8 | a[i + 3] & 0xFF;
    }

    static long u64(byte[] a, int i) {
        return (long) u32(a, i) << 32 | u32(a, i + 4) & 0xFFFFFFFFL;
    }
}
