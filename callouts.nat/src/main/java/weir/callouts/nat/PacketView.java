package weir.callouts.nat;

import weir.engine.api.Checksums;
import weir.engine.api.LayerData;

/**
 * The headers of the packet being classified, parsed in place from the layer data into primitive fields. One
 * view is reused per classifying thread (see {@link Scratch}), so parsing allocates nothing. The packet's own
 * IPv4 header is trusted over the shim's offsets: the injected copy must be exactly that datagram (without
 * Ethernet padding after it).
 */
final class PacketView {
    static final int OK = 0;
    static final int IPV6 = 1;
    static final int FRAGMENT = 2;
    static final int TRUNCATED = 3;
    static final int MALFORMED = 4;

    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;

    byte[] array;
    /** Offset of the IPv4 header in {@link #array}. */
    int ipOffset;
    /** The datagram's length from its header (what is copied and injected). */
    int totalLength;
    int headerLength;
    int protocol;
    /** {@link IpProtocol#bitOf} the protocol. */
    int protocolBit;
    int source;
    int destination;
    /** TCP/UDP ports; for ICMP echo both are the identifier (it names the flow both ways); else 0. */
    int sourcePort;
    int destinationPort;
    /** True for TCP, UDP and ICMP echo: the packet has ports (or an identifier) to translate. */
    boolean hasPorts;
    /** True once {@link #source} and {@link #destination} were read (the IPv4 header is whole). */
    boolean addresses;
    /** The ICMP type, -1 for other protocols. */
    int icmpType;
    /** An ICMP error (destination unreachable, source quench, redirect, time exceeded, parameter problem). */
    boolean icmpError;

    /** Parses the packet; returns {@link #OK} or the reason it cannot be translated. */
    int parse(LayerData data) {
        array = data.array();
        ipOffset = data.networkOffset();
        addresses = false;
        int end = data.offset() + data.length();
        if (ipOffset < 0 || end - ipOffset < 1) {
            return MALFORMED;
        }
        byte[] b = array;
        int version = (b[ipOffset] & 0xF0) >>> 4;
        if (version == 6) {
            return IPV6;
        }
        if (version != 4) {
            return MALFORMED;
        }
        if (end - ipOffset < 20) {
            return TRUNCATED;
        }
        protocol = b[ipOffset + 9] & 0xFF;
        protocolBit = IpProtocol.bitOf(protocol);
        source = get32(b, ipOffset + 12);
        destination = get32(b, ipOffset + 16);
        addresses = true;
        headerLength = (b[ipOffset] & 0x0F) * 4;
        totalLength = Checksums.get16(b, ipOffset + 2);
        if (headerLength < 20 || totalLength < headerLength) {
            return MALFORMED;
        }
        if (totalLength > end - ipOffset) {
            return TRUNCATED;
        }
        int t = ipOffset + headerLength;
        int segment = totalLength - headerLength;
        sourcePort = 0;
        destinationPort = 0;
        hasPorts = false;
        icmpError = false;
        icmpType = -1;
        // a fragment's later pieces carry no ports to find its mapping by: none are translated (no reassembly)
        if ((Checksums.get16(b, ipOffset + 6) & 0x3FFF) != 0) {
            return FRAGMENT;
        }
        switch (protocol) {
            case 6:
                if (segment < 20) {
                    return TRUNCATED;
                }
                readPorts(b, t);
                return OK;
            case 17:
                if (segment < 8) {
                    return TRUNCATED;
                }
                readPorts(b, t);
                return OK;
            case 1:
                if (segment < 8) {
                    return TRUNCATED;
                }
                int type = b[t] & 0xFF;
                icmpType = type;
                icmpError = isError(type);
                if (type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY) {
                    sourcePort = Checksums.get16(b, t + 4);
                    destinationPort = sourcePort;
                    hasPorts = true;
                }
                return OK;
            default:
                return OK; // no ports: only static NAT maps it, by address

        }
    }

    /** ICMPv4 types that quote the datagram they are about (RFC 792): 3, 4, 5, 11, 12. */
    static boolean isError(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** Offset of the transport header relative to the IP header. */
    int transportOffset() {
        return headerLength;
    }

    private void readPorts(byte[] b, int t) {
        sourcePort = Checksums.get16(b, t);
        destinationPort = Checksums.get16(b, t + 2);
        hasPorts = true;
    }

    static int get32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
