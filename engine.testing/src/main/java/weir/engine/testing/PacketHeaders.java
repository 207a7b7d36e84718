package weir.engine.testing;

/**
 * The kit's reading of one IP packet's headers, by the shim's rules (its parser is not an API): version,
 * addresses, protocol, fragment flags, and the transport header (TCP, UDP, ICMP, ICMPv6). A non-first fragment
 * has no transport header; a truncated one is not intact; a protocol without a header the shim reads is all
 * payload. IPv6 extension headers (hop-by-hop, routing, fragment, destination options) are walked. Used by
 * {@link TestPacket#ip}, {@link TestValues#of} and {@link TestBridge}.
 */
final class PacketHeaders {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    int version;
    int network;
    /** The IP header's length, IPv6 extension headers included (as far as they are present). */
    int ipHeaderLength;
    /** End of the datagram: its declared length, bounded by the bytes present. */
    int end;
    int protocol;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    boolean moreFragments;
    boolean laterFragment;
    /** Offset of the transport header, or -1 (a non-first fragment, or an IPv6 chain cut short). */
    int transport = -1;
    /** Offset of the payload, or -1 when the transport header is not intact. */
    int payload = -1;
    boolean icmp;
    boolean icmpError;
    /** TCP and UDP: the ports; ICMP: type and code. */
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    /** An ICMP error's quoted packet, as far as it is present (RFC 792: its header and 8 bytes). */
    boolean quoteOk;
    int quoteProtocol = -1;
    long quoteSourceHigh;
    long quoteSourceLow;
    long quoteDestinationHigh;
    long quoteDestinationLow;
    boolean quoteHasPorts;
    int quoteSourcePort;
    int quoteDestinationPort;

    private PacketHeaders() {
    }

    /**
     * Reads the IP packet at {@code ip} whose captured bytes end at {@code capturedEnd}.
     *
     * @throws IllegalArgumentException when there is no intact IPv4 or IPv6 header there
     */
    static PacketHeaders read(byte[] a, int ip, int capturedEnd) {
        PacketHeaders h = new PacketHeaders();
        h.network = ip;
        int available = capturedEnd - ip;
        if (available < 1) {
            throw new IllegalArgumentException("no IP header: the packet ends at its first byte");
        }
        h.version = (a[ip] & 0xF0) >>> 4;
        int t;
        if (h.version == 4) {
            int ihl = (a[ip] & 0x0F) * 4;
            if (available < 20 || ihl < 20 || ihl > available) {
                throw new IllegalArgumentException("IPv4 header truncated or with IHL " + ihl / 4 + " (" + available
                        + " bytes present)");
            }
            int total = u16(a, ip + 2);
            if (total < ihl) {
                throw new IllegalArgumentException("IPv4 total length " + total + " is shorter than its header");
            }
            h.end = Math.min(ip + total, capturedEnd);
            h.protocol = a[ip + 9] & 0xFF;
            int fragment = u16(a, ip + 6);
            h.moreFragments = (fragment & 0x2000) != 0;
            h.laterFragment = (fragment & 0x1FFF) != 0;
            h.sourceLow = u32(a, ip + 12);
            h.destinationLow = u32(a, ip + 16);
            t = ip + ihl;
            h.ipHeaderLength = ihl;
        } else if (h.version == 6) {
            if (available < 40) {
                throw new IllegalArgumentException("IPv6 header truncated (" + available + " bytes present)");
            }
            h.end = Math.min(ip + 40 + u16(a, ip + 4), capturedEnd);
            h.sourceHigh = u64(a, ip + 8);
            h.sourceLow = u64(a, ip + 16);
            h.destinationHigh = u64(a, ip + 24);
            h.destinationLow = u64(a, ip + 32);
            t = h.chain(a, ip + 40, a[ip + 6] & 0xFF);
        } else {
            throw new IllegalArgumentException("not an IP packet: version " + h.version + " (first byte 0x"
                    + Integer.toHexString(a[ip] & 0xFF) + ")");
        }
        if (t >= 0 && t <= h.end && !h.laterFragment) {
            h.transport(a, t);
        }
        return h;
    }

    /** Walks IPv6 extension headers from {@code pos}; the transport header's offset, or -1 if cut short. */
    private int chain(byte[] a, int pos, int next) {
        while (next == 0 || next == 43 || next == 44 || next == 60) {
            if (pos + 8 > end) {
                protocol = next;
                ipHeaderLength = pos - network;
                return -1;
            }
            int following = a[pos] & 0xFF;
            if (next == 44) {
                int f = u16(a, pos + 2);
                laterFragment = (f & 0xFFF8) != 0;
                moreFragments = (f & 1) != 0;
                pos += 8;
            } else {
                pos += ((a[pos + 1] & 0xFF) + 1) * 8;
            }
            next = following;
        }
        protocol = next;
        ipHeaderLength = pos - network;
        return pos;
    }

    private void transport(byte[] a, int t) {
        transport = t;
        int available = end - t;
        if (protocol == TCP) {
            int dataOffset = available >= 20 ? (a[t + 12] >> 4 & 0x0F) * 4 : 0;
            if (dataOffset >= 20 && dataOffset <= available) {
                ports(a, t);
                tcpFlags = (a[t + 12] & 1) << 8 | a[t + 13] & 0xFF;
                payload = t + dataOffset;
            }
        } else if (protocol == UDP) {
            if (available >= 8) {
                ports(a, t);
                payload = t + 8;
            }
        } else if (protocol == (version == 4 ? ICMP : ICMPV6)) {
            if (available >= 8) {
                icmp = true;
                sourcePort = a[t] & 0xFF;
                destinationPort = a[t + 1] & 0xFF;
                icmpError = version == 4 ? sourcePort == 3 || sourcePort == 4 || sourcePort == 5 || sourcePort == 11
                        || sourcePort == 12 : sourcePort >= 1 && sourcePort <= 4;
                payload = t + 8;
                if (icmpError) {
                    quote(a, payload);
                }
            }
        } else {
            payload = t; // a protocol without a header the shim reads: all of it is payload
        }
    }

    /** The quoted packet's addresses, protocol and ports (4 bytes of TCP or UDP, 2 of ICMP are enough). */
    private void quote(byte[] a, int q) {
        int available = end - q;
        if (available < 1 || (a[q] & 0xF0) >>> 4 != version) {
            return;
        }
        int t;
        if (version == 4) {
            int ihl = (a[q] & 0x0F) * 4;
            if (available < 20 || ihl < 20 || ihl > available) {
                return;
            }
            quoteProtocol = a[q + 9] & 0xFF;
            quoteSourceLow = u32(a, q + 12);
            quoteDestinationLow = u32(a, q + 16);
            t = (u16(a, q + 6) & 0x1FFF) != 0 ? -1 : q + ihl;
        } else {
            if (available < 40) {
                return;
            }
            quoteProtocol = a[q + 6] & 0xFF; // extension headers in a quote are not walked
            quoteSourceHigh = u64(a, q + 8);
            quoteSourceLow = u64(a, q + 16);
            quoteDestinationHigh = u64(a, q + 24);
            quoteDestinationLow = u64(a, q + 32);
            t = q + 40;
        }
        quoteOk = true;
        if (t < 0) {
            return;
        }
        if ((quoteProtocol == TCP || quoteProtocol == UDP) && end - t >= 4) {
            quoteSourcePort = u16(a, t);
            quoteDestinationPort = u16(a, t + 2);
            quoteHasPorts = true;
        } else if (quoteProtocol == (version == 4 ? ICMP : ICMPV6) && end - t >= 2) {
            quoteSourcePort = a[t] & 0xFF;
            quoteDestinationPort = a[t + 1] & 0xFF;
            quoteHasPorts = true;
        }
    }

    /**
     * WFP's NL_ADDRESS_TYPE from the address alone, as the shim has it: unspecified 0, unicast 1, multicast 3,
     * broadcast 4 (a subnet's broadcast and an anycast address need configuration a packet does not carry).
     */
    static int addressType(int version, long high, long low) {
        if (version == 4) {
            return low == 0 ? 0 : low == 0xFFFF_FFFFL ? 4 : low >>> 28 == 0xE ? 3 : 1;
        }
        return high == 0 && low == 0 ? 0 : high >>> 56 == 0xFF ? 3 : 1;
    }

    private void ports(byte[] a, int t) {
        sourcePort = u16(a, t);
        destinationPort = u16(a, t + 2);
    }

    /** The transport header is intact: the shim classifies the packet at the transport layers. */
    boolean transportOk() {
        return payload >= 0;
    }

    /** TCP, UDP or ICMP with an intact header: the port slots (ICMP: type and code) have values. */
    boolean hasPorts() {
        return payload >= 0 && (protocol == TCP || protocol == UDP || icmp);
    }

    boolean fragment() {
        return moreFragments || laterFragment;
    }

    boolean loopback() {
        if (version == 4) {
            return sourceLow >>> 24 == 127 || destinationLow >>> 24 == 127;
        }
        return sourceHigh == 0 && sourceLow == 1 || destinationHigh == 0 && destinationLow == 1;
    }

    static int u16(byte[] a, int off) {
        return (a[off] & 0xFF) << 8 | a[off + 1] & 0xFF;
    }

    static long u32(byte[] a, int off) {
        return (long) u16(a, off) << 16 | u16(a, off + 2);
    }

    static long u64(byte[] a, int off) {
        return u32(a, off) << 32 | u32(a, off + 4);
    }
}
