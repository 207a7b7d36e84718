package weir.callouts.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifies every checksum of an IPv4 packet from scratch (RFC 1071 sums over the bytes, pseudo-headers built
 * here), independently of the callout's incremental updates and of {@code weir.engine.api.Checksums}: the IPv4
 * header, TCP and UDP with their pseudo-header (a zero UDP checksum means none), ICMP over the whole message,
 * and for ICMP errors the quoted datagram's IPv4 header and, when it is quoted whole, its transport checksum.
 */
final class Checks {
    private Checks() {
    }

    /** The checksums that are wrong, by name; empty when all are right. */
    static List<String> wrong(byte[] p) {
        return wrong(p, 0, (p[0] & 0x0F) * 4 == 0 ? p.length : p.length, "");
    }

    private static List<String> wrong(byte[] p, int ip, int available, String prefix) {
        List<String> bad = new ArrayList<>();
        int ihl = (p[ip] & 0x0F) * 4;
        if (fold(sum(p, ip, ihl, 0)) != 0) {
            bad.add(prefix + "ipv4 header");
        }
        int total = u16(p, ip + 2);
        int protocol = p[ip + 9] & 0xFF;
        int t = ip + ihl;
        int segment = total - ihl;
        boolean whole = available >= total;
        if ((u16(p, ip + 6) & 0x3FFF) != 0 || !whole) {
            return bad; // a fragment, or a quote cut short: the transport checksum cannot be recomputed
        }
        switch (protocol) {
            case 6:
            case 17:
                if (protocol == 17 && u16(p, t + 6) == 0) {
                    break;
                }
                long pseudo = sum(p, ip + 12, 8, 0) + protocol + segment;
                if (fold(sum(p, t, segment, pseudo)) != 0) {
                    bad.add(prefix + (protocol == 6 ? "tcp" : "udp"));
                }
                break;
            case 1:
                if (fold(sum(p, t, segment, 0)) != 0) {
                    bad.add(prefix + "icmp");
                }
                int type = p[t] & 0xFF;
                if (prefix.isEmpty() && (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)
                        && segment >= 28) {
                    bad.addAll(wrong(p, t + 8, segment - 8, "quoted "));
                }
                break;
            default:
                break;
        }
        return bad;
    }

    private static long sum(byte[] b, int off, int len, long acc) {
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            acc += hi << 8 | lo;
        }
        return acc;
    }

    /** The one's complement of the folded sum: 0 when a checksum over data that includes it is right. */
    private static int fold(long s) {
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }
}
