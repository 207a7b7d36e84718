package weir.callouts.nat;

import weir.engine.api.Checksums;

/**
 * Rewrites addresses and ports of an IPv4 datagram copied into a buffer, updating the IPv4 header checksum and
 * the TCP, UDP or ICMP checksum incrementally (RFC 1624): the cost does not depend on the payload, and a payload
 * the capture cut short would not matter. A UDP checksum of 0 means "none" (RFC 768) and stays 0.
 */
final class PacketRewriter {
    private PacketRewriter() {
    }

    /**
     * Rewrites the datagram at {@code buf[0..]} whose headers {@code view} describes (offsets relative to the
     * IP header) to the given addresses and ports. For ICMP echo the identifier becomes {@code newSourcePort}.
     */
    static void rewrite(byte[] buf, PacketView view, int newSource, int newSourcePort, int newDestination,
            int newDestinationPort) {
        int oldSource = view.source;
        int oldDestination = view.destination;
        int ipChecksum = Checksums.get16(buf, 10);
        if (newSource != oldSource) {
            PacketView.put32(buf, 12, newSource);
            ipChecksum = Checksums.update32(ipChecksum, oldSource, newSource);
        }
        if (newDestination != oldDestination) {
            PacketView.put32(buf, 16, newDestination);
            ipChecksum = Checksums.update32(ipChecksum, oldDestination, newDestination);
        }
        Checksums.put16(buf, 10, ipChecksum);
        int t = view.transportOffset();
        switch (view.protocol) {
            case 6:
            case 17:
                rewriteTransport(buf, t, view, newSource, newSourcePort, newDestination, newDestinationPort);
                break;
            case 1:
                if (view.hasPorts && newSourcePort != view.sourcePort) {
                    // ICMP's checksum has no pseudo-header: only the identifier counts
                    int at = t + 2;
                    Checksums.put16(buf, at, Checksums.update16(Checksums.get16(buf, at), view.sourcePort,
                            newSourcePort));
                    Checksums.put16(buf, t + 4, newSourcePort);
                }
                break;
            default:
                break;
        }
    }

    private static void rewriteTransport(byte[] buf, int t, PacketView view, int newSource, int newSourcePort,
            int newDestination, int newDestinationPort) {
        boolean udp = view.protocol == 17;
        int at = t + (udp ? 6 : 16);
        int c = Checksums.get16(buf, at);
        boolean noChecksum = udp && c == 0;
        if (!noChecksum) {
            // the pseudo-header's addresses are covered by the transport checksum too
            if (newSource != view.source) {
                c = Checksums.update32(c, view.source, newSource);
            }
            if (newDestination != view.destination) {
                c = Checksums.update32(c, view.destination, newDestination);
            }
            if (newSourcePort != view.sourcePort) {
                c = Checksums.update16(c, view.sourcePort, newSourcePort);
            }
            if (newDestinationPort != view.destinationPort) {
                c = Checksums.update16(c, view.destinationPort, newDestinationPort);
            }
            if (udp && c == 0) {
                c = 0xFFFF;
            }
            Checksums.put16(buf, at, c);
        }
        Checksums.put16(buf, t, newSourcePort);
        Checksums.put16(buf, t + 2, newDestinationPort);
    }
}
