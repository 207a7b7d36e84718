package weir.callouts.nat;

import java.nio.ByteBuffer;

import weir.engine.api.Checksums;

/**
 * Crafts IPv4 (and IPv6) packets byte by byte with valid checksums. The checksums here are computed by this
 * class's own straightforward RFC 1071 sum over a built pseudo-header, independently of {@link Checksums}; the
 * tests verify packets with {@link Checksums}, so the two implementations check each other.
 */
final class Packets {
    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int FIN = 0x01;
    static final int PSH = 0x08;

    private Packets() {
    }

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }

    static byte[] tcp(String src, int sport, String dst, int dport, int flags, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt(0x1000_0001).putInt((flags & ACK) != 0 ? 0x2000_0002 : 0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0)
                .put(payload);
        byte[] seg = t.array();
        put16(seg, 16, pseudoChecksum(ip(src), ip(dst), 6, seg));
        return ipv4(src, dst, 6, seg);
    }

    static byte[] udp(String src, int sport, String dst, int dport, byte[] payload, boolean withChecksum) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        byte[] seg = u.array();
        if (withChecksum) {
            int c = pseudoChecksum(ip(src), ip(dst), 17, seg);
            put16(seg, 6, c == 0 ? 0xFFFF : c);
        }
        return ipv4(src, dst, 17, seg);
    }

    /** An ICMP echo request ({@code request}) or reply with identifier and sequence number. */
    static byte[] icmpEcho(boolean request, String src, String dst, int id, int seq, byte[] payload) {
        ByteBuffer m = ByteBuffer.allocate(8 + payload.length);
        m.put((byte) (request ? 8 : 0)).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq)
                .put(payload);
        byte[] msg = m.array();
        put16(msg, 2, fold(sum(0, msg)));
        return ipv4(src, dst, 1, msg);
    }

    /** Any ICMP message (type, code, 4 bytes of rest-of-header as zeros, body). */
    static byte[] icmp(int type, int code, String src, String dst, byte[] body) {
        ByteBuffer m = ByteBuffer.allocate(8 + body.length);
        m.put((byte) type).put((byte) code).putShort((short) 0).putInt(0).put(body);
        byte[] msg = m.array();
        put16(msg, 2, fold(sum(0, msg)));
        return ipv4(src, dst, 1, msg);
    }

    /** An IPv4 packet of another protocol (GRE, 47) with a body. */
    static byte[] other(String src, String dst, int protocol, byte[] body) {
        return ipv4(src, dst, protocol, body);
    }

    /** The packet as the first fragment of a larger datagram (MF set, header checksum fixed). */
    static byte[] firstFragment(byte[] packet) {
        byte[] p = packet.clone();
        p[6] = (byte) (p[6] | 0x20);
        p[6] = (byte) (p[6] & ~0x40);
        put16(p, 10, 0);
        put16(p, 10, fold(sum(0, slice(p, 0, 20))));
        return p;
    }

    /** A minimal IPv6 UDP packet (checksums are not what IPv6 tests look at: the callout leaves IPv6 alone). */
    static byte[] ipv6Udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + payload.length);
        b.putInt(0x6000_0000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64);
        b.putLong(0x2001_0db8_0000_0000L).putLong(5).putLong(0x2001_0db8_0000_0001L).putLong(7);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return b.array();
    }

    private static byte[] ipv4(String src, String dst, int protocol, byte[] segment) {
        ByteBuffer h = ByteBuffer.allocate(20 + segment.length);
        h.put((byte) 0x45).put((byte) 0).putShort((short) (20 + segment.length)).putShort((short) 0x1c46)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(ip(src))
                .putInt(ip(dst)).put(segment);
        byte[] p = h.array();
        put16(p, 10, fold(sum(0, slice(p, 0, 20))));
        return p;
    }

    private static int pseudoChecksum(int src, int dst, int protocol, byte[] segment) {
        ByteBuffer b = ByteBuffer.allocate(12 + segment.length);
        b.putInt(src).putInt(dst).put((byte) 0).put((byte) protocol).putShort((short) segment.length).put(segment);
        return fold(sum(0, b.array()));
    }

    private static long sum(long acc, byte[] b) {
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xFF;
            int lo = i + 1 < b.length ? b[i + 1] & 0xFF : 0;
            acc += hi << 8 | lo;
        }
        return acc;
    }

    private static int fold(long s) {
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(b, off, r, 0, len);
        return r;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    // ---- reading and verifying (with the API's Checksums) ----

    static int source(byte[] p) {
        return PacketView.get32(p, 12);
    }

    static int destination(byte[] p) {
        return PacketView.get32(p, 16);
    }

    static int sourcePort(byte[] p) {
        return Checksums.get16(p, (p[0] & 0x0F) * 4);
    }

    static int destinationPort(byte[] p) {
        return Checksums.get16(p, (p[0] & 0x0F) * 4 + 2);
    }

    static int icmpIdentifier(byte[] p) {
        return Checksums.get16(p, (p[0] & 0x0F) * 4 + 4);
    }

    static int transportChecksum(byte[] p) {
        int t = (p[0] & 0x0F) * 4;
        return Checksums.get16(p, t + Checksums.checksumOffset(p[9] & 0xFF));
    }

    static boolean ipv4HeaderChecksumValid(byte[] p) {
        return Checksums.ipv4Header(p, 0) == Checksums.get16(p, 10);
    }

    /** The TCP/UDP/ICMP checksum recomputed with {@link Checksums} equals the one in the packet. */
    static boolean transportChecksumValid(byte[] p) {
        int t = (p[0] & 0x0F) * 4;
        int len = Checksums.get16(p, 2) - t;
        int protocol = p[9] & 0xFF;
        return Checksums.transport(p, 0, t, len, protocol) == transportChecksum(p);
    }
}
