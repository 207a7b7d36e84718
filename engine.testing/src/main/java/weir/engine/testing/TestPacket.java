package weir.engine.testing;

import java.nio.charset.StandardCharsets;

import weir.engine.api.Checksums;
import weir.engine.api.LayerData;
import weir.engine.api.Value;

/**
 * A packet as a shim holds one ({@link LayerData}): an Ethernet frame carrying IPv4 or IPv6 (by the addresses
 * given) and TCP, UDP or an ICMP echo, every length and checksum right, with the offsets of its headers. For a
 * callout that reads or rewrites packets, and for {@link TestCapture}.
 *
 * <pre>
 * TestPacket syn = TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.SYN, "");
 * TestPacket ping = TestPacket.echo("2001:db8::2", "2001:db8::1", true, 7, 1);
 * </pre>
 */
public final class TestPacket implements LayerData {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private static final int ETHERNET = 14;
    private static final byte[] SOURCE_MAC = {2, 0, 0, 0, 0, 1};
    private static final byte[] DESTINATION_MAC = {2, 0, 0, 0, 0, 2};

    private final byte[] frame;
    private final int transport;
    private final int payload;

    private TestPacket(byte[] frame, int transport, int payload) {
        this.frame = frame;
        this.transport = transport;
        this.payload = payload;
    }

    /** A TCP segment with the given flags ({@link #SYN}, {@link #ACK}, ...) and payload (ASCII). */
    public static TestPacket tcp(String src, int srcPort, String dst, int dstPort, int flags, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] h = new byte[20 + data.length];
        put16(h, 0, srcPort);
        put16(h, 2, dstPort);
        put32(h, 4, 1000);
        put32(h, 8, (flags & ACK) != 0 ? 5000 : 0);
        h[12] = 0x50;
        h[13] = (byte) flags;
        put16(h, 14, 65535);
        System.arraycopy(data, 0, h, 20, data.length);
        return ip(src, dst, 6, h, 20);
    }

    /** A UDP datagram with the given payload (ASCII). */
    public static TestPacket udp(String src, int srcPort, String dst, int dstPort, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] h = new byte[8 + data.length];
        put16(h, 0, srcPort);
        put16(h, 2, dstPort);
        put16(h, 4, h.length);
        System.arraycopy(data, 0, h, 8, data.length);
        return ip(src, dst, 17, h, 8);
    }

    /** An ICMP (IPv4) or ICMPv6 echo request or reply with an identifier and a sequence number. */
    public static TestPacket echo(String src, String dst, boolean request, int identifier, int sequence) {
        boolean v6 = src.contains(":");
        byte[] h = new byte[8 + 8];
        h[0] = (byte) (v6 ? (request ? 128 : 129) : (request ? 8 : 0));
        put16(h, 4, identifier);
        put16(h, 6, sequence);
        return ip(src, dst, v6 ? 58 : 1, h, 8);
    }

    private static TestPacket ip(String src, String dst, int protocol, byte[] segment, int headerLength) {
        byte[] s = address(src);
        byte[] d = address(dst);
        if (s.length != d.length) {
            throw new IllegalArgumentException(src + " and " + dst + " are not of one IP version");
        }
        boolean v6 = s.length == 16;
        int ipHeader = v6 ? 40 : 20;
        byte[] f = new byte[ETHERNET + ipHeader + segment.length];
        System.arraycopy(DESTINATION_MAC, 0, f, 0, 6);
        System.arraycopy(SOURCE_MAC, 0, f, 6, 6);
        put16(f, 12, v6 ? 0x86DD : 0x0800);
        int ip = ETHERNET;
        if (v6) {
            f[ip] = 0x60;
            put16(f, ip + 4, segment.length);
            f[ip + 6] = (byte) protocol;
            f[ip + 7] = 64;
            System.arraycopy(s, 0, f, ip + 8, 16);
            System.arraycopy(d, 0, f, ip + 24, 16);
        } else {
            f[ip] = 0x45;
            put16(f, ip + 2, ipHeader + segment.length);
            put16(f, ip + 4, 1);
            f[ip + 8] = 64;
            f[ip + 9] = (byte) protocol;
            System.arraycopy(s, 0, f, ip + 12, 4);
            System.arraycopy(d, 0, f, ip + 16, 4);
            Checksums.fixIpv4Header(f, ip);
        }
        int t = ip + ipHeader;
        System.arraycopy(segment, 0, f, t, segment.length);
        Checksums.fixTransport(f, ip, t, segment.length, protocol);
        return new TestPacket(f, t, t + headerLength);
    }

    private static byte[] address(String text) {
        Value v = Value.address(text);
        if (v instanceof Value.UInt32 a) {
            int x = a.value();
            return new byte[] {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x};
        }
        if (v instanceof Value.ByteArray16 a) {
            return a.bytes();
        }
        throw new IllegalArgumentException("'" + text + "' is not a single address");
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    /** The whole frame (a copy). */
    public byte[] bytes() {
        return frame.clone();
    }

    @Override
    public byte[] array() {
        return frame;
    }

    @Override
    public int offset() {
        return 0;
    }

    @Override
    public int length() {
        return frame.length;
    }

    @Override
    public int networkOffset() {
        return ETHERNET;
    }

    @Override
    public int transportOffset() {
        return transport;
    }

    @Override
    public int payloadOffset() {
        return payload;
    }
}
