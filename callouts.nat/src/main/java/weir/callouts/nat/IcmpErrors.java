package weir.callouts.nat;

import weir.engine.api.Checksums;

/**
 * ICMP errors (RFC 792: unreachable, source quench, redirect, time exceeded, parameter problem) quote the
 * datagram they are about: its IP header and at least 8 bytes after it (ports, or an echo identifier). An error
 * about a translated flow must be translated too, outside header and quoted datagram alike, or the inside host
 * never learns that its packet failed (RFC 5508 §4: NAT behaviour for ICMP). The quoted datagram travelled the
 * other way, so its reversed tuple is the tuple a reply of its flow has: that is what the mapping is found by.
 *
 * <p>Checksums, all incremental (RFC 1624): the outer IPv4 header; the ICMP checksum, which covers the quoted
 * datagram, so every 16-bit word changed there changes it too; the quoted IPv4 header's own checksum; and the
 * quoted transport checksum when the quote holds it (UDP and ICMP always, TCP when 18 bytes or more are quoted;
 * a zero UDP checksum stays zero).
 */
final class IcmpErrors {
    private IcmpErrors() {
    }

    /** The quoted datagram of the error being classified, parsed in place (one per classifying thread). */
    static final class Quoted {
        /** Offset of the quoted IPv4 header relative to the outer IP header. */
        int offset;
        int headerLength;
        /** Bytes of the quoted datagram present (up to the outer datagram's end). */
        int available;
        int protocol;
        int source;
        int destination;
        int sourcePort;
        int destinationPort;
    }

    /**
     * Parses the datagram an error quotes; false when it is not a whole IPv4 header with the 4 bytes of ports
     * (TCP, UDP) or the 8 bytes of an echo header (ICMP) after it: such an error cannot be translated.
     */
    static boolean parse(PacketView p, Quoted q) {
        byte[] b = p.array;
        int ip = p.ipOffset;
        int icmp = p.headerLength;
        q.offset = icmp + 8;
        q.available = p.totalLength - q.offset;
        if (q.available < 20) {
            return false;
        }
        int at = ip + q.offset;
        if ((b[at] & 0xF0) != 0x40) {
            return false;
        }
        q.headerLength = (b[at] & 0x0F) * 4;
        if (q.headerLength < 20 || q.available < q.headerLength + 4) {
            return false;
        }
        // a quoted later fragment has no ports to find the mapping by
        if ((Checksums.get16(b, at + 6) & 0x1FFF) != 0) {
            return false;
        }
        q.protocol = b[at + 9] & 0xFF;
        q.source = PacketView.get32(b, at + 12);
        q.destination = PacketView.get32(b, at + 16);
        int t = at + q.headerLength;
        switch (q.protocol) {
            case 6:
            case 17:
                q.sourcePort = Checksums.get16(b, t);
                q.destinationPort = Checksums.get16(b, t + 2);
                return true;
            case 1:
                int type = b[t] & 0xFF;
                if (q.available < q.headerLength + 8
                        || type != PacketView.ICMP_ECHO_REQUEST && type != PacketView.ICMP_ECHO_REPLY) {
                    return false;
                }
                q.sourcePort = Checksums.get16(b, t + 4);
                q.destinationPort = q.sourcePort;
                return true;
            default:
                return false;
        }
    }

    /**
     * Rewrites the error copied to {@code buf[0..]}: the outer addresses, and the quoted datagram's addresses
     * and ports (for a quoted echo, its identifier becomes {@code quotedSourcePort}).
     */
    static void rewrite(byte[] buf, PacketView p, Quoted q, int outerSource, int outerDestination,
            int quotedSource, int quotedSourcePort, int quotedDestination, int quotedDestinationPort) {
        // the outer header: ICMP has no pseudo-header, so only the IPv4 header checksum follows the addresses
        int ipSum = Checksums.get16(buf, 10);
        ipSum = set32(buf, 12, outerSource, ipSum);
        ipSum = set32(buf, 16, outerDestination, ipSum);
        Checksums.put16(buf, 10, ipSum);

        int icmpSumAt = p.headerLength + 2;
        int icmp = Checksums.get16(buf, icmpSumAt);
        int at = q.offset;
        int t = at + q.headerLength;
        int quotedIpSum = Checksums.get16(buf, at + 10);
        int newQuotedIpSum = Checksums.update32(Checksums.update32(quotedIpSum, q.source, quotedSource),
                q.destination, quotedDestination);
        icmp = set32(buf, at + 12, quotedSource, icmp);
        icmp = set32(buf, at + 16, quotedDestination, icmp);
        icmp = set16(buf, at + 10, newQuotedIpSum, icmp);
        switch (q.protocol) {
            case 6:
            case 17:
                icmp = quotedTransport(buf, q, t, quotedSource, quotedSourcePort, quotedDestination,
                        quotedDestinationPort, icmp);
                break;
            default:
                // a quoted echo: its identifier, and its own checksum (no pseudo-header) if it changes
                if (quotedSourcePort != q.sourcePort) {
                    int sum = Checksums.update16(Checksums.get16(buf, t + 2), q.sourcePort, quotedSourcePort);
                    icmp = set16(buf, t + 4, quotedSourcePort, icmp);
                    icmp = set16(buf, t + 2, sum, icmp);
                }
                break;
        }
        Checksums.put16(buf, icmpSumAt, icmp);
    }

    private static int quotedTransport(byte[] buf, Quoted q, int t, int src, int sport, int dst, int dport,
            int icmp) {
        boolean udp = q.protocol == 17;
        int sumOffset = udp ? 6 : 16;
        if (q.available >= q.headerLength + sumOffset + 2) {
            int at = t + sumOffset;
            int c = Checksums.get16(buf, at);
            if (!(udp && c == 0)) {
                c = Checksums.update32(c, q.source, src);
                c = Checksums.update32(c, q.destination, dst);
                c = Checksums.update16(c, q.sourcePort, sport);
                c = Checksums.update16(c, q.destinationPort, dport);
                if (udp && c == 0) {
                    c = 0xFFFF;
                }
                icmp = set16(buf, at, c, icmp);
            }
        }
        icmp = set16(buf, t, sport, icmp);
        return set16(buf, t + 2, dport, icmp);
    }

    /** Sets a 16-bit word, returning {@code sum} updated for the change (the sum covering that word). */
    private static int set16(byte[] buf, int at, int value, int sum) {
        int old = Checksums.get16(buf, at);
        if (old == value) {
            return sum;
        }
        Checksums.put16(buf, at, value);
        return Checksums.update16(sum, old, value);
    }

    private static int set32(byte[] buf, int at, int value, int sum) {
        int s = set16(buf, at, value >>> 16, sum);
        return set16(buf, at + 2, value & 0xFFFF, s);
    }
}
