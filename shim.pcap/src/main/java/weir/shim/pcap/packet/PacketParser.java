package weir.shim.pcap.packet;

import static weir.shim.pcap.packet.Wire.u16;
import static weir.shim.pcap.packet.Wire.u32;

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

    private static final int ARPHRD_NETLINK = 824;
    private static final int SLL_PROTOCOL_802_2 = 4;

    private final IpParser ip = new IpParser(new ExtensionChain());

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
                    ip.ipv6(a, offset, end, p);
                } else {
                    ip.ipv4(a, offset, end, p);
                }
                return;
            case LinkType.IPV4:
                ip.ipv4(a, offset, end, p);
                return;
            case LinkType.IPV6:
                ip.ipv6(a, offset, end, p);
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
                ip.ipv4(a, offset + 4, end, p);
                return;
            case 24: // AF_INET6 of NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly
            case 30: // Darwin
                ip.ipv6(a, offset + 4, end, p);
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
            ip.ipv4(a, pos, end, p);
        } else if (type == ETHERTYPE_IPV6) {
            ip.ipv6(a, pos, end, p);
        } else {
            p.status = PacketStatus.NOT_IP;
        }
    }

    private static void notIp(int protocol, ParsedPacket p) {
        p.linkProtocol = protocol;
        p.status = PacketStatus.NOT_IP;
    }
}
