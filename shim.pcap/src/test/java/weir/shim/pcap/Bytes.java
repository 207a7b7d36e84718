package weir.shim.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds frames and files byte by byte for tests: big-endian unless {@link #order} says otherwise, with a
 * few helpers that write one header from the values given (nothing computed behind the test's back except
 * where a method says so).
 */
public final class Bytes {
    private byte[] b = new byte[128];
    private int n;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    public Bytes order(ByteOrder order) {
        this.order = order;
        return this;
    }

    public ByteOrder order() {
        return order;
    }

    public Bytes u8(int v) {
        if (n == b.length) {
            b = Arrays.copyOf(b, b.length * 2);
        }
        b[n++] = (byte) v;
        return this;
    }

    public Bytes u8(int... values) {
        for (int v : values) {
            u8(v);
        }
        return this;
    }

    public Bytes u16(int v) {
        return order == ByteOrder.BIG_ENDIAN ? u8(v >> 8, v) : u8(v, v >> 8);
    }

    public Bytes u32(int v) {
        return order == ByteOrder.BIG_ENDIAN ? u8(v >> 24, v >> 16, v >> 8, v) : u8(v, v >> 8, v >> 16, v >> 24);
    }

    public Bytes u64(long v) {
        return order == ByteOrder.BIG_ENDIAN ? u32((int) (v >> 32)).u32((int) v) : u32((int) v).u32((int) (v >> 32));
    }

    public Bytes zeros(int count) {
        for (int i = 0; i < count; i++) {
            u8(0);
        }
        return this;
    }

    public Bytes bytes(byte[] data) {
        for (byte x : data) {
            u8(x);
        }
        return this;
    }

    /** Pads with zeros to a multiple of 4. */
    public Bytes pad4() {
        while (n % 4 != 0) {
            u8(0);
        }
        return this;
    }

    /** Overwrites a big-endian 16-bit value at {@code at}. */
    public Bytes set16(int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
        return this;
    }

    public int length() {
        return n;
    }

    public byte[] toArray() {
        return Arrays.copyOf(b, n);
    }

    public static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static int v4(String text) {
        byte[] a = address(text);
        return (a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | a[3] & 0xFF;
    }

    public static long high(String v6) {
        return java.nio.ByteBuffer.wrap(address(v6)).getLong(0);
    }

    public static long low(String v6) {
        return java.nio.ByteBuffer.wrap(address(v6)).getLong(8);
    }

    // --- headers (always big-endian, as on the wire) ---

    /** Ethernet: destination 02:00:00:00:00:01, source 02:00:00:00:00:02, then the EtherType. */
    public Bytes ethernet(int etherType) {
        return u8(2, 0, 0, 0, 0, 1).u8(2, 0, 0, 0, 0, 2).u16(etherType);
    }

    /** An 802.1Q/802.1ad tag: TCI (PCP, DEI, VLAN id) then the next EtherType. */
    public Bytes tag(int vlan, int nextType) {
        return u16(vlan).u16(nextType);
    }

    /**
     * IPv4 header with {@code ihlWords} 32-bit words (options are NOPs), checksum 0.
     *
     * @param flagsFragment the 16-bit flags/fragment-offset field (0x2000 = MF, offset in 8-byte units)
     */
    public Bytes ipv4(int ihlWords, int totalLength, int flagsFragment, int protocol, String source,
            String destination) {
        u8(0x40 | ihlWords & 0x0F, 0).u16(totalLength).u16(0x1234).u16(flagsFragment).u8(64, protocol).u16(0);
        bytes(address(source)).bytes(address(destination));
        for (int i = 5; i < ihlWords; i++) {
            u8(1, 1, 1, 1);
        }
        return this;
    }

    /** IPv6 header. */
    public Bytes ipv6(int payloadLength, int nextHeader, String source, String destination) {
        return u32(0x60000000).u16(payloadLength).u8(nextHeader, 64).bytes(address(source)).bytes(address(destination));
    }

    /** An IPv6 extension header of the (len+1)*8 kind: next header, length, then zeros. */
    public Bytes extension(int nextHeader, int lengthUnits) {
        return u8(nextHeader, lengthUnits).zeros((lengthUnits + 1) * 8 - 2);
    }

    /** An IPv6 fragment header: offset in 8-byte units, M flag. */
    public Bytes fragmentHeader(int nextHeader, int offsetUnits, boolean more, int id) {
        return u8(nextHeader, 0).u16(offsetUnits << 3 | (more ? 1 : 0)).u32(id);
    }

    /** An authentication header: payload length field {@code len}, so (len+2)*4 bytes. */
    public Bytes authenticationHeader(int nextHeader, int len) {
        return u8(nextHeader, len).zeros((len + 2) * 4 - 2);
    }

    /** TCP header of {@code dataOffsetWords} words (options zero), sequence 1000, ack 2000. */
    public Bytes tcp(int sourcePort, int destinationPort, int dataOffsetWords, int flags) {
        u16(sourcePort).u16(destinationPort).u32(1000).u32(2000).u8(dataOffsetWords << 4 | flags >> 8 & 1, flags);
        u16(65535).u16(0).u16(0);
        return zeros(Math.max(0, dataOffsetWords * 4 - 20));
    }

    public Bytes udp(int sourcePort, int destinationPort, int length) {
        return u16(sourcePort).u16(destinationPort).u16(length).u16(0);
    }

    /** ICMP/ICMPv6 header: type, code, checksum 0, 4 bytes of zero (id/sequence, unused, MTU, ...). */
    public Bytes icmp(int type, int code) {
        return u8(type, code).u16(0).u32(0);
    }
}
