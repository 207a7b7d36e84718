package weir.engine.testing;

import java.nio.charset.StandardCharsets;

import weir.engine.api.Checksums;
import weir.engine.api.LayerData;
import weir.engine.api.Value;

/**
 * A packet as a shim holds one ({@link LayerData}): an Ethernet frame carrying IPv4 or IPv6 (by the addresses
 * given) and TCP, UDP or an ICMP echo, every length and checksum right, with the offsets of its headers; or any
 * IP packet a test built itself ({@link #ip}). For a callout that reads or rewrites packets, for
 * {@link TestBridge}, and for {@link TestCapture}.
 *
 * <pre>
 * TestPacket syn = TestPacket.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.SYN, "");
 * TestPacket ping = TestPacket.echo("2001:db8::2", "2001:db8::1", true, 7, 1);
 * TestPacket mine = TestPacket.ip(bytes);                  // any IP packet you built, as a raw-IP frame
 * TestPacket odd = syn.inBuffer(5, 60);                    // padded and placed inside a capture buffer
 * </pre>
 *
 * Offsets are from the start of {@link #array()}, as the shim's are; a callout must read only from
 * {@link #offset()} for {@link #length()} bytes, which {@link #inBuffer} lets a test check.
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
    /** What {@link #inBuffer} puts around a frame: bytes a callout must never read or copy. */
    static final byte FILLER = (byte) 0xEE;
    private static final int FILLER_AFTER = 7;

    private final byte[] array;
    private final int offset;
    private final int length;
    private final int network;
    private final int transport;
    private final int payload;

    private TestPacket(byte[] array, int offset, int length, int network, int transport, int payload) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.network = network;
        this.transport = transport;
        this.payload = payload;
    }

    /**
     * Any IP packet (IPv4 or IPv6, from its first byte) as a frame of link type raw IP: network offset 0,
     * transport and payload offsets read from its headers as the shim reads them (-1 for a non-first fragment's
     * transport header, payload -1 when the transport header is cut short). The array is used as it is, not
     * copied: what a callout injects ({@link TestInjector.Injected#packet()}) can be classified again this way.
     *
     * @throws IllegalArgumentException when the bytes do not start with an intact IPv4 or IPv6 header
     */
    public static TestPacket ip(byte[] packet) {
        PacketHeaders h = PacketHeaders.read(packet, 0, packet.length);
        return new TestPacket(packet, 0, packet.length, 0, h.transport, h.payload);
    }

    /**
     * This packet as an Ethernet frame, padded with filler to {@code frameLength} bytes when shorter (as frames
     * under 60 bytes are on the wire), {@code at} bytes into a larger array with filler before and after it, as
     * in a capture buffer. For testing that a callout reads only {@link #offset()} to {@link #length()}, and
     * copies an IP datagram by its own length, not the frame's.
     */
    public TestPacket inBuffer(int at, int frameLength) {
        if (at < 0 || frameLength < 0) {
            throw new IllegalArgumentException("at " + at + " and frameLength " + frameLength
                    + " must not be negative");
        }
        int ipLength = PacketHeaders.read(array, network, offset + length).end - network;
        int len = Math.max(ETHERNET + ipLength, frameLength);
        byte[] b = new byte[at + len + FILLER_AFTER];
        java.util.Arrays.fill(b, FILLER);
        if (network - offset == ETHERNET) {
            System.arraycopy(array, offset, b, at, ETHERNET);
        } else {
            System.arraycopy(DESTINATION_MAC, 0, b, at, 6);
            System.arraycopy(SOURCE_MAC, 0, b, at + 6, 6);
            put16(b, at + 12, (array[network] & 0xF0) == 0x60 ? 0x86DD : 0x0800);
        }
        System.arraycopy(array, network, b, at + ETHERNET, ipLength);
        int shift = at + ETHERNET - network;
        return new TestPacket(b, at, len, at + ETHERNET, transport < 0 ? -1 : transport + shift,
                payload < 0 ? -1 : payload + shift);
    }

    /** This packet as an Ethernet frame: itself when it is one, else its IP packet behind an Ethernet header. */
    public TestPacket ethernet() {
        return network - offset == ETHERNET ? this : inBuffer(0, 0);
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

    /**
     * Any ICMP (IPv4) or ICMPv6 message: type, code, four zero bytes of rest-of-header, and {@code body}. For an
     * error (destination unreachable 3, time exceeded 11; ICMPv6 1 to 4) the body is the packet it quotes, e.g.
     * {@code TestPacket.icmp("198.51.100.1", "10.0.0.2", 3, 3, sent.ipBytes())}.
     */
    public static TestPacket icmp(String src, String dst, int type, int code, byte[] body) {
        byte[] h = new byte[8 + body.length];
        h[0] = (byte) type;
        h[1] = (byte) code;
        System.arraycopy(body, 0, h, 8, body.length);
        return ip(src, dst, src.contains(":") ? 58 : 1, h, 8);
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
        return new TestPacket(f, 0, f.length, ETHERNET, t, t + headerLength);
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

    /** The frame, {@link #offset()} to {@link #length()} (a copy). */
    public byte[] bytes() {
        return java.util.Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * The IP datagram alone (a copy): no link header, and no padding after it (its length is the IP header's).
     * What a callout injects in this packet's place, and what {@link TestBridge} delivers.
     */
    public byte[] ipBytes() {
        PacketHeaders h = PacketHeaders.read(array, network, offset + length);
        return java.util.Arrays.copyOfRange(array, network, h.end);
    }

    @Override
    public byte[] array() {
        return array;
    }

    @Override
    public int offset() {
        return offset;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int networkOffset() {
        return network;
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
