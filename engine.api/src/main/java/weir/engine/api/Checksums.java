package weir.engine.api;

/**
 * Internet checksums for callouts that modify packets (RFC 1071 sums, RFC 1624 incremental updates), over
 * packets held in byte arrays with the offsets of their headers. Checksums are returned as ints 0..0xFFFF
 * in host order; {@code fix*} methods write them in network order into the packet.
 */
public interface Checksums {

    /** One's-complement sum of {@code len} bytes (big-endian 16-bit words, odd byte padded), added to {@code sum}. */
    static int add(int sum, byte[] b, int off, int len) {
        long s = sum & 0xFFFF_FFFFL;
        int i = off;
        int end = off + len - 1;
        for (; i < end; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum (one's complement of the folded sum). */
    static int finish(int sum) {
        int s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return ~s & 0xFFFF;
    }

    /** The IPv4 header checksum of the header at {@code ipOff}, computed with its checksum field taken as 0. */
    static int ipv4Header(byte[] b, int ipOff) {
        int ihl = (b[ipOff] & 0x0F) * 4;
        int sum = add(0, b, ipOff, 10);
        sum = add(sum, b, ipOff + 12, ihl - 12);
        return finish(sum);
    }

    /** Recomputes and writes the IPv4 header checksum. */
    static void fixIpv4Header(byte[] b, int ipOff) {
        put16(b, ipOff + 10, ipv4Header(b, ipOff));
    }

    /**
     * The TCP, UDP, ICMP or ICMPv6 checksum of the segment at {@code transportOff} (length {@code len}),
     * with its checksum field taken as 0 and, except for ICMPv4, the IPv4 or IPv6 pseudo-header of the IP
     * header at {@code ipOff} (version read from the header). {@code protocol} is the transport's protocol
     * number (6, 17, 1, 58). The UDP result 0 is returned as 0xFFFF (RFC 768).
     */
    static int transport(byte[] b, int ipOff, int transportOff, int len, int protocol) {
        int checksumAt = checksumOffset(protocol);
        int sum = 0;
        if (protocol != 1) {
            int version = (b[ipOff] & 0xF0) >>> 4;
            if (version == 4) {
                sum = add(sum, b, ipOff + 12, 8);
            } else {
                sum = add(sum, b, ipOff + 8, 32);
            }
            sum += protocol;
            sum += len & 0xFFFF;
            sum += len >>> 16;
        }
        sum = add(sum, b, transportOff, checksumAt);
        sum = add(sum, b, transportOff + checksumAt + 2, len - checksumAt - 2);
        int c = finish(sum);
        return protocol == 17 && c == 0 ? 0xFFFF : c;
    }

    /** Recomputes and writes the transport checksum (see {@link #transport}). */
    static void fixTransport(byte[] b, int ipOff, int transportOff, int len, int protocol) {
        put16(b, transportOff + checksumOffset(protocol), transport(b, ipOff, transportOff, len, protocol));
    }

    /** Where the checksum field sits in the transport header of {@code protocol}. */
    static int checksumOffset(int protocol) {
        switch (protocol) {
            case 6:
                return 16;
            case 17:
                return 6;
            case 1:
            case 58:
                return 2;
            default:
                throw new IllegalArgumentException("no checksum known for IP protocol " + protocol);
        }
    }

    /**
     * RFC 1624 (eqn. 3): the checksum after one 16-bit word of the covered data changed from {@code oldWord}
     * to {@code newWord}: {@code HC' = ~(~HC + ~m + m')}.
     */
    static int update16(int checksum, int oldWord, int newWord) {
        int s = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return finish(s);
    }

    /** RFC 1624 for a 32-bit field (an IPv4 address) that changed: two 16-bit updates. */
    static int update32(int checksum, int oldValue, int newValue) {
        int c = update16(checksum, oldValue >>> 16, newValue >>> 16);
        return update16(c, oldValue & 0xFFFF, newValue & 0xFFFF);
    }

    /** Reads a big-endian 16-bit value. */
    static int get16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Writes a big-endian 16-bit value. */
    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
