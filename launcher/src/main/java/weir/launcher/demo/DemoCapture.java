package weir.launcher.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the demo capture that ships with Weir: Ethernet frames of a small, varied day on host 10.0.0.2 /
 * 2001:db8::2 — web over TCP (v4 and v6, handshake to FIN or RST), DNS over UDP (v4 and v6), pings (ICMP and
 * ICMPv6), an SSH attempt and an SNMP probe from outside (the demo policy blocks those), and one truncated
 * frame. Every checksum is valid. Generated at build time; never committed.
 *
 * <p>Usage: {@code java weir.launcher.demo.DemoCapture OUT.pcap}
 */
public final class DemoCapture {
    private static final byte[] HOST_MAC = {2, 0, 0, 0, 0, 2};
    private static final byte[] GW_MAC = {2, 0, 0, 0, 0, 1};
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private long micros = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoCapture OUT.pcap");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        DemoCapture d = new DemoCapture();
        d.build();
        try (OutputStream o = Files.newOutputStream(out)) {
            d.write(o);
        }
        System.out.println("demo capture: " + d.frames.size() + " frames -> " + out);
    }

    void build() {
        int host4 = v4(10, 0, 0, 2);
        byte[] host6 = v6("2001:db8::2");
        // 1. HTTP over IPv4: handshake, request, response, FIN both ways
        tcpConversation(v4(192, 0, 2, 10), host4, 80, 40000, null, null, "GET / HTTP/1.1\r\nHost: example\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false);
        // 2. DNS over IPv4
        udp4(host4, v4(192, 0, 2, 53), 53000, 53, dnsQuery(), true);
        udp4(v4(192, 0, 2, 53), host4, 53, 53000, dnsQuery(), false);
        // 3. ping over IPv4
        icmp4Echo(host4, v4(192, 0, 2, 1), 8, true);
        icmp4Echo(v4(192, 0, 2, 1), host4, 0, false);
        // 4. HTTPS over IPv6: handshake, data, reset
        tcpConversation(0, 0, 443, 41000, v6("2001:db8::10"), host6, "\u0016\u0003\u0001client-hello",
                "\u0016\u0003\u0003server-hello", true);
        // 5. DNS over IPv6
        udp6(host6, v6("2001:db8::53"), 53001, 53, dnsQuery(), true);
        udp6(v6("2001:db8::53"), host6, 53, 53001, dnsQuery(), false);
        // 6. ping over IPv6
        icmp6Echo(host6, v6("2001:db8::1"), 128, true);
        icmp6Echo(v6("2001:db8::1"), host6, 129, false);
        // 7. an SSH attempt from outside (inbound SYN to port 22)
        tcp4(v4(198, 51, 100, 7), host4, 51515, 22, 1000, 0, 0x02, new byte[0], false);
        tcp4(v4(198, 51, 100, 7), host4, 51515, 22, 1000, 0, 0x02, new byte[0], false);
        // 8. an SNMP probe from outside
        udp4(v4(198, 51, 100, 7), host4, 40001, 161, "public".getBytes(), false);
        // 9. a truncated frame (Ethernet + 10 bytes of an IPv4 header)
        byte[] t = frame(true, 0x0800, new byte[] {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6});
        add(t);
    }

    private void tcpConversation(int server4, int client4, int serverPort, int clientPort, byte[] server6,
            byte[] client6, String request, String response, boolean reset) {
        boolean v6 = server6 != null;
        long c = 1000, s = 5000;
        seg(v6, client4, server4, client6, server6, clientPort, serverPort, c, 0, 0x02, "", true);
        seg(v6, server4, client4, server6, client6, serverPort, clientPort, s, c + 1, 0x12, "", false);
        seg(v6, client4, server4, client6, server6, clientPort, serverPort, c + 1, s + 1, 0x10, "", true);
        seg(v6, client4, server4, client6, server6, clientPort, serverPort, c + 1, s + 1, 0x18, request, true);
        long c2 = c + 1 + request.length();
        seg(v6, server4, client4, server6, client6, serverPort, clientPort, s + 1, c2, 0x18, response, false);
        long s2 = s + 1 + response.length();
        if (reset) {
            seg(v6, client4, server4, client6, server6, clientPort, serverPort, c2, s2, 0x14, "", true);
            return;
        }
        seg(v6, client4, server4, client6, server6, clientPort, serverPort, c2, s2, 0x11, "", true);
        seg(v6, server4, client4, server6, client6, serverPort, clientPort, s2, c2 + 1, 0x11, "", false);
        seg(v6, client4, server4, client6, server6, clientPort, serverPort, c2 + 1, s2 + 1, 0x10, "", true);
    }

    private void seg(boolean v6, int src4, int dst4, byte[] src6, byte[] dst6, int sp, int dp, long seq, long ack,
            int flags, String data, boolean fromHost) {
        byte[] payload = data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (v6) {
            tcp6(src6, dst6, sp, dp, seq, ack, flags, payload, fromHost);
        } else {
            tcp4(src4, dst4, sp, dp, seq, ack, flags, payload, fromHost);
        }
    }

    private void tcp4(int src, int dst, int sp, int dp, long seq, long ack, int flags, byte[] payload, boolean out) {
        byte[] tcp = tcpHeader(sp, dp, seq, ack, flags, payload);
        add(frame(out, 0x0800, ipv4(src, dst, 6, tcp)));
    }

    private void tcp6(byte[] src, byte[] dst, int sp, int dp, long seq, long ack, int flags, byte[] payload,
            boolean out) {
        byte[] tcp = tcpHeader(sp, dp, seq, ack, flags, payload);
        add(frame(out, 0x86DD, ipv6(src, dst, 6, tcp)));
    }

    private void udp4(int src, int dst, int sp, int dp, byte[] payload, boolean out) {
        add(frame(out, 0x0800, ipv4(src, dst, 17, udpHeader(sp, dp, payload))));
    }

    private void udp6(byte[] src, byte[] dst, int sp, int dp, byte[] payload, boolean out) {
        add(frame(out, 0x86DD, ipv6(src, dst, 17, udpHeader(sp, dp, payload))));
    }

    private void icmp4Echo(int src, int dst, int type, boolean out) {
        byte[] icmp = {(byte) type, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
        add(frame(out, 0x0800, ipv4(src, dst, 1, icmp)));
    }

    private void icmp6Echo(byte[] src, byte[] dst, int type, boolean out) {
        byte[] icmp = {(byte) type, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
        add(frame(out, 0x86DD, ipv6(src, dst, 58, icmp)));
    }

    private static byte[] tcpHeader(int sp, int dp, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sp).putShort((short) dp).putInt((int) seq).putInt((int) ack);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    private static byte[] udpHeader(int sp, int dp, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sp).putShort((short) dp).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    private static final int[] IP_ID = {1};

    private static byte[] ipv4(int src, int dst, int proto, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) IP_ID[0]++);
        b.putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
        b.put(l4);
        byte[] p = b.array();
        put16(p, 10, finish(sum(p, 0, 20, 0)));
        int pseudo = sum(p, 12, 8, 0) + proto + l4.length;
        fixL4(p, 20, l4.length, proto, proto == 1 ? 0 : pseudo);
        return p;
    }

    private static byte[] ipv6(byte[] src, byte[] dst, int next, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) next).put((byte) 64).put(src).put(dst).put(l4);
        byte[] p = b.array();
        int pseudo = sum(p, 8, 32, 0) + next + l4.length;
        fixL4(p, 40, l4.length, next, pseudo);
        return p;
    }

    private static void fixL4(byte[] p, int off, int len, int proto, int pseudo) {
        int at = proto == 6 ? 16 : proto == 17 ? 6 : 2;
        int c = finish(sum(p, off, len, pseudo));
        if (proto == 17 && c == 0) {
            c = 0xFFFF;
        }
        put16(p, off + at, c);
    }

    private static int sum(byte[] b, int off, int len, int start) {
        long s = start;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    private static int finish(int s) {
        return ~s & 0xFFFF;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static byte[] frame(boolean fromHost, int etherType, byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(fromHost ? GW_MAC : HOST_MAC).put(fromHost ? HOST_MAC : GW_MAC).putShort((short) etherType).put(ip);
        return b.array();
    }

    private static byte[] dnsQuery() {
        return new byte[] {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
    }

    private void add(byte[] frame) {
        frames.add(frame);
        times.add(micros);
        micros += 1_500;
    }

    void write(OutputStream o) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        d.write(h.array());
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            long t = times.get(i);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            int orig = f.length;
            if (i == frames.size() - 1) {
                orig = 14 + 40; // the truncated frame claims a whole header
            }
            r.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(f.length).putInt(orig);
            d.write(r.array());
            d.write(f);
        }
        o.write(buf.toByteArray());
    }

    private static int v4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static byte[] v6(String s) {
        try {
            return java.net.InetAddress.getByName(s).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s);
        }
    }
}
