package weir.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 packets for the NAT tests, built byte by byte with checksums computed here; a pcap writer and reader
 * (Ethernet link type); and a checker that recomputes every checksum from scratch (IPv4 header, TCP and UDP
 * with their pseudo-header, ICMP, and an ICMP error's quoted header and quoted transport when whole), so that
 * what Weir's NAT writes is verified by code that shares nothing with it.
 */
final class NatPackets {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    private static final byte[] MAC_IN = {2, 0, 0, 0, 0, 1};
    private static final byte[] MAC_OUT = {2, 0, 0, 0, 0, 2};

    private NatPackets() {
    }

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }

    static byte[] tcp(String src, int sport, String dst, int dport, int flags, int payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload);
        t.putShort((short) sport).putShort((short) dport).putInt(1000).putInt((flags & ACK) != 0 ? 2000 : 0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 64240).putInt(0);
        byte[] seg = t.array();
        for (int i = 20; i < seg.length; i++) {
            seg[i] = (byte) ('a' + i % 26);
        }
        put16(seg, 16, pseudo(ip(src), ip(dst), 6, seg));
        return ipv4(src, dst, 6, seg);
    }

    static byte[] udp(String src, int sport, String dst, int dport, int payload, boolean checksum) {
        byte[] seg = new byte[8 + payload];
        put16(seg, 0, sport);
        put16(seg, 2, dport);
        put16(seg, 4, seg.length);
        for (int i = 8; i < seg.length; i++) {
            seg[i] = (byte) i;
        }
        if (checksum) {
            int c = pseudo(ip(src), ip(dst), 17, seg);
            put16(seg, 6, c == 0 ? 0xFFFF : c);
        }
        return ipv4(src, dst, 17, seg);
    }

    static byte[] echo(boolean request, String src, String dst, int id, int seq) {
        byte[] m = new byte[8 + 16];
        m[0] = (byte) (request ? 8 : 0);
        put16(m, 4, id);
        put16(m, 6, seq);
        put16(m, 2, fold(sum(m, 0, m.length, 0)));
        return ipv4(src, dst, 1, m);
    }

    /** An ICMP error quoting {@code quoted} (as much of it as given). */
    static byte[] icmpError(int type, int code, String src, String dst, byte[] quoted) {
        byte[] m = new byte[8 + quoted.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        System.arraycopy(quoted, 0, m, 8, quoted.length);
        put16(m, 2, fold(sum(m, 0, m.length, 0)));
        return ipv4(src, dst, 1, m);
    }

    private static byte[] ipv4(String src, String dst, int protocol, byte[] segment) {
        ByteBuffer h = ByteBuffer.allocate(20 + segment.length);
        h.put((byte) 0x45).put((byte) 0).putShort((short) (20 + segment.length)).putShort((short) 7)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(ip(src))
                .putInt(ip(dst)).put(segment);
        byte[] p = h.array();
        put16(p, 10, fold(sum(p, 0, 20, 0)));
        return p;
    }

    private static int pseudo(int src, int dst, int protocol, byte[] seg) {
        long acc = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + seg.length;
        return fold(sum(seg, 0, seg.length, acc));
    }

    private static long sum(byte[] b, int off, int len, long acc) {
        for (int i = 0; i < len; i += 2) {
            acc += (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        }
        return acc;
    }

    private static int fold(long s) {
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static int u32(byte[] b, int off) {
        return u16(b, off) << 16 | u16(b, off + 2);
    }

    /** The checksums of an IPv4 packet that are wrong, by name; empty when every one is right. */
    static List<String> wrongChecksums(byte[] p) {
        return wrong(p, 0, p.length, "");
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
        int seg = total - ihl;
        if (available < total || (u16(p, ip + 6) & 0x3FFF) != 0) {
            return bad;
        }
        if (protocol == 6 || protocol == 17 && u16(p, t + 6) != 0) {
            long acc = (u16(p, ip + 12) + u16(p, ip + 14) + u16(p, ip + 16) + u16(p, ip + 18)) + protocol + seg;
            if (fold(sum(p, t, seg, acc)) != 0) {
                bad.add(prefix + (protocol == 6 ? "tcp" : "udp"));
            }
        } else if (protocol == 1) {
            if (fold(sum(p, t, seg, 0)) != 0) {
                bad.add(prefix + "icmp");
            }
            int type = p[t] & 0xFF;
            if (prefix.isEmpty() && (type == 3 || type == 11) && seg >= 28) {
                bad.addAll(wrong(p, t + 8, seg - 8, "quoted "));
            }
        }
        return bad;
    }

    /** {@code tcp 10.0.0.5:1 > 198.51.100.7:80}, {@code icmp 10.0.0.5 > 198.51.100.7 echo id 7}, ... */
    static String describe(byte[] p) {
        int protocol = p[9] & 0xFF;
        int t = (p[0] & 0x0F) * 4;
        String src = dotted(u32(p, 12));
        String dst = dotted(u32(p, 16));
        switch (protocol) {
            case 6:
                return "tcp " + src + ":" + u16(p, t) + " > " + dst + ":" + u16(p, t + 2);
            case 17:
                return "udp " + src + ":" + u16(p, t) + " > " + dst + ":" + u16(p, t + 2)
                        + (u16(p, t + 6) == 0 ? " nocsum" : "");
            case 1:
                int type = p[t] & 0xFF;
                if (type == 0 || type == 8) {
                    return "icmp " + src + " > " + dst + (type == 8 ? " echo" : " echo-reply") + " id " + u16(p, t + 4);
                }
                byte[] quoted = java.util.Arrays.copyOfRange(p, t + 8, p.length);
                return "icmp " + src + " > " + dst + " type " + type + " quoting [" + describe(quoted) + "]";
            default:
                return protocol + " " + src + " > " + dst;
        }
    }

    /** A capture: Ethernet frames with their times. */
    static final class Capture {
        private final ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Capture() {
            out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                    .putInt(1);
        }

        /** Adds a packet at {@code seconds} after the capture's start, from the inside or the outside MAC. */
        Capture add(double seconds, byte[] ip) {
            long micros = 1_700_000_000_000_000L + Math.round(seconds * 1e6);
            int len = 14 + ip.length;
            out.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len);
            out.put(MAC_OUT).put(MAC_IN).put((byte) 0x08).put((byte) 0).put(ip);
            return this;
        }

        Path write(Path file) throws IOException {
            byte[] bytes = new byte[out.position()];
            out.duplicate().flip().get(bytes);
            return Files.write(file, bytes);
        }
    }

    /** The IP packets of an Ethernet pcap file, in order. */
    static List<byte[]> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> packets = new ArrayList<>();
        if (b.remaining() < 24) {
            return packets;
        }
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int captured = b.getInt();
            b.getInt();
            byte[] frame = new byte[captured];
            b.get(frame);
            packets.add(java.util.Arrays.copyOfRange(frame, 14, frame.length));
        }
        return packets;
    }
}
