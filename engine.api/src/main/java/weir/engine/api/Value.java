package weir.engine.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * WFP's {@code FWP_VALUE0} / {@code FWP_CONDITION_VALUE0}: a typed value of a condition or an incoming field.
 * Integers are plain Java numbers in host order (D15): an IPv4 address is the {@code int} whose most
 * significant byte is the first octet; ports are {@code int}s 0..65535. IPv6 addresses are 16 bytes in
 * network order.
 */
public sealed interface Value permits Value.Empty, Value.UInt8, Value.UInt16, Value.UInt32, Value.UInt64,
        Value.Int8, Value.Int16, Value.Int32, Value.Int64, Value.ByteArray16, Value.ByteBlob, Value.UnicodeString,
        Value.V4AddrMask, Value.V6AddrMask, Value.Range, Value.Sid, Value.SecurityDescriptor {

    /** This value's WFP data type. */
    DataType type();

    /** {@code FWP_EMPTY}. */
    record Empty() implements Value {
        public DataType type() {
            return DataType.EMPTY;
        }
    }

    /** {@code FWP_UINT8}, 0..255. */
    record UInt8(int value) implements Value {
        public UInt8 {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("UINT8 value " + value + " is out of 0..255");
            }
        }

        public DataType type() {
            return DataType.UINT8;
        }
    }

    /** {@code FWP_UINT16}, 0..65535. */
    record UInt16(int value) implements Value {
        public UInt16 {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("UINT16 value " + value + " is out of 0..65535");
            }
        }

        public DataType type() {
            return DataType.UINT16;
        }
    }

    /** {@code FWP_UINT32}; the 32 bits of {@code value} read as unsigned. */
    record UInt32(int value) implements Value {
        public DataType type() {
            return DataType.UINT32;
        }

        /** The unsigned value. */
        public long unsigned() {
            return Integer.toUnsignedLong(value);
        }
    }

    /** {@code FWP_UINT64}; the 64 bits of {@code value} read as unsigned. */
    record UInt64(long value) implements Value {
        public DataType type() {
            return DataType.UINT64;
        }
    }

    /** {@code FWP_INT8}. */
    record Int8(byte value) implements Value {
        public DataType type() {
            return DataType.INT8;
        }
    }

    /** {@code FWP_INT16}. */
    record Int16(short value) implements Value {
        public DataType type() {
            return DataType.INT16;
        }
    }

    /** {@code FWP_INT32}. */
    record Int32(int value) implements Value {
        public DataType type() {
            return DataType.INT32;
        }
    }

    /** {@code FWP_INT64}. */
    record Int64(long value) implements Value {
        public DataType type() {
            return DataType.INT64;
        }
    }

    /** {@code FWP_BYTE_ARRAY16_TYPE}: an IPv6 address, network order. */
    record ByteArray16(byte[] bytes) implements Value {
        public ByteArray16 {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length != 16) {
                throw new IllegalArgumentException("BYTE_ARRAY16 needs 16 bytes, not " + bytes.length);
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public DataType type() {
            return DataType.BYTE_ARRAY16;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteArray16 b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Value.format(this);
        }
    }

    /** {@code FWP_BYTE_BLOB_TYPE}. */
    record ByteBlob(byte[] bytes) implements Value {
        public ByteBlob {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public DataType type() {
            return DataType.BYTE_BLOB;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteBlob b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Value.format(this);
        }
    }

    /** {@code FWP_UNICODE_STRING_TYPE}. */
    record UnicodeString(String value) implements Value {
        public UnicodeString {
            Objects.requireNonNull(value, "value");
        }

        public DataType type() {
            return DataType.UNICODE_STRING;
        }
    }

    /**
     * {@code FWP_V4_ADDR_AND_MASK}: matches {@code v} when {@code (v & mask) == (addr & mask)}. The mask must
     * be contiguous ones from the top (otherwise INVALID_NET_MASK at add).
     */
    record V4AddrMask(int addr, int mask) implements Value {
        public DataType type() {
            return DataType.V4_ADDR_MASK;
        }

        /** Number of leading one bits of the mask. */
        public int prefixLength() {
            return Integer.bitCount(mask);
        }

        @Override
        public String toString() {
            return Value.format(this);
        }
    }

    /** {@code FWP_V6_ADDR_AND_MASK}: matches the first {@code prefixLength} bits (0..128). */
    record V6AddrMask(byte[] addr, int prefixLength) implements Value {
        public V6AddrMask {
            Objects.requireNonNull(addr, "addr");
            if (addr.length != 16) {
                throw new IllegalArgumentException("a V6 address needs 16 bytes, not " + addr.length);
            }
            addr = addr.clone();
        }

        @Override
        public byte[] addr() {
            return addr.clone();
        }

        public DataType type() {
            return DataType.V6_ADDR_MASK;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof V6AddrMask m && m.prefixLength == prefixLength && Arrays.equals(addr, m.addr);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(addr) * 31 + prefixLength;
        }

        @Override
        public String toString() {
            return Value.format(this);
        }
    }

    /** {@code FWP_RANGE0}: {@code low <= v <= high}, both ends inclusive (D11); low and high of one type. */
    record Range(Value low, Value high) implements Value {
        public Range {
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }

        public DataType type() {
            return DataType.RANGE;
        }
    }

    /** {@code FWP_SID}: accepted in the model, rejected in conditions as NOT_SUPPORTED. */
    record Sid(byte[] bytes) implements Value {
        public DataType type() {
            return DataType.SID;
        }
    }

    /** {@code FWP_SECURITY_DESCRIPTOR_TYPE}: accepted in the model, rejected in conditions as NOT_SUPPORTED. */
    record SecurityDescriptor(byte[] bytes) implements Value {
        public DataType type() {
            return DataType.SECURITY_DESCRIPTOR;
        }
    }

    // ---- factories: the natural forms a WFP engineer types ----

    /** The EMPTY value. */
    static Value empty() {
        return new Empty();
    }

    static Value uint8(int v) {
        return new UInt8(v);
    }

    static Value uint16(int v) {
        return new UInt16(v);
    }

    static Value uint32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("UINT32 value " + v + " is out of 0..4294967295");
        }
        return new UInt32((int) v);
    }

    static Value uint64(long v) {
        return new UInt64(v);
    }

    static Value range(Value low, Value high) {
        return new Range(low, high);
    }

    static Value string(String s) {
        return new UnicodeString(s);
    }

    static Value blob(byte[] b) {
        return new ByteBlob(b);
    }

    /** A UNICODE_STRING blob as WFP stores ALE_APP_ID: UTF-16LE with a terminating NUL. */
    static Value blobOfString(String s) {
        return new ByteBlob((s + '\0').getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * An address in its usual text form: {@code 192.0.2.7} (UINT32), {@code 10.0.0.0/8} (V4_ADDR_MASK),
     * {@code 2001:db8::1} (BYTE_ARRAY16) or {@code 2001:db8::/32} (V6_ADDR_MASK). Literal addresses only,
     * never a name lookup.
     *
     * @throws IllegalArgumentException naming the text when it is not an address
     */
    static Value address(String text) {
        return parseAddress(text);
    }

    /**
     * The text form of a value, as the shell prints it and the policy language reads it: numbers in decimal,
     * IPv4 as dotted quad (a UINT32 is printed as a number; use {@link #formatAddress}), prefixes as
     * {@code addr/len}, ranges as {@code low..high}, blobs as hex, strings quoted.
     */
    static String format(Value v) {
        if (v instanceof Empty) {
            return "empty";
        } else if (v instanceof UInt8 u) {
            return Integer.toString(u.value());
        } else if (v instanceof UInt16 u) {
            return Integer.toString(u.value());
        } else if (v instanceof UInt32 u) {
            return Long.toString(u.unsigned());
        } else if (v instanceof UInt64 u) {
            return Long.toUnsignedString(u.value());
        } else if (v instanceof Int8 i) {
            return Byte.toString(i.value());
        } else if (v instanceof Int16 i) {
            return Short.toString(i.value());
        } else if (v instanceof Int32 i) {
            return Integer.toString(i.value());
        } else if (v instanceof Int64 i) {
            return Long.toString(i.value());
        } else if (v instanceof ByteArray16 b) {
            return formatV6(b.bytes);
        } else if (v instanceof V4AddrMask m) {
            return formatV4(m.addr() & m.mask()) + "/" + m.prefixLength();
        } else if (v instanceof V6AddrMask m) {
            return formatV6(m.addr) + "/" + m.prefixLength();
        } else if (v instanceof Range r) {
            return format(r.low()) + ".." + format(r.high());
        } else if (v instanceof UnicodeString s) {
            return '"' + s.value().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        } else if (v instanceof ByteBlob b) {
            return "0x" + hex(b.bytes);
        } else if (v instanceof Sid s) {
            return "sid:0x" + hex(s.bytes());
        } else if (v instanceof SecurityDescriptor s) {
            return "sd:0x" + hex(s.bytes());
        }
        return String.valueOf(v);
    }

    /** An IPv4 address ({@code int}, host order) as a dotted quad. */
    static String formatV4(int addr) {
        return ((addr >>> 24) & 0xFF) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "." + (addr & 0xFF);
    }

    /** An IPv6 address (16 bytes, network order) in its compressed text form. */
    static String formatV6(byte[] addr) {
        if (isV4Mapped(addr)) {
            // InetAddress turns ::ffff:a.b.c.d into an Inet4Address; keep the IPv6 form so it reads back as IPv6
            return "::ffff:" + formatV4(((addr[12] & 0xFF) << 24) | ((addr[13] & 0xFF) << 16) | ((addr[14] & 0xFF) << 8)
                    | (addr[15] & 0xFF));
        }
        try {
            String s = InetAddress.getByAddress(addr).getHostAddress();
            return compressV6(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + addr.length + " bytes");
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** The value formatted, with UINT32 shown as a dotted IPv4 address (for address fields). */
    static String formatAddress(Value v) {
        if (v instanceof UInt32 u) {
            return formatV4(u.value());
        }
        if (v instanceof Range r && r.low() instanceof UInt32 && r.high() instanceof UInt32) {
            return formatAddress(r.low()) + ".." + formatAddress(r.high());
        }
        return format(v);
    }

    private static String compressV6(String full) {
        // InetAddress gives 2001:db8:0:0:0:0:0:1; RFC 5952 wants the longest run of zero groups as "::".
        String[] g = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            sb.append(i > 0 ? ":" : "").append(g[i]);
        }
        sb.append("::");
        for (int i = bestStart + bestLen; i < g.length; i++) {
            sb.append(g[i]).append(i < g.length - 1 ? ":" : "");
        }
        return sb.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    private static Value parseAddress(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        Integer prefix = null;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': the prefix length after / is not a number");
            }
        }
        if (host.indexOf(':') >= 0) {
            byte[] a = literal(host, text, 16);
            if (prefix == null) {
                return new ByteArray16(a);
            }
            if (prefix < 0 || prefix > 128) {
                throw new IllegalArgumentException("'" + text + "': an IPv6 prefix length is 0..128");
            }
            return new V6AddrMask(a, prefix);
        }
        byte[] a = literal(host, text, 4);
        int addr = ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        if (prefix == null) {
            return new UInt32(addr);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("'" + text + "': an IPv4 prefix length is 0..32");
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new V4AddrMask(addr, mask);
    }

    private static byte[] literal(String host, String text, int len) {
        boolean ok = len == 4 ? host.matches("\\d{1,3}(\\.\\d{1,3}){3}") : host.matches("[0-9A-Fa-f:.]+");
        if (!ok) {
            throw new IllegalArgumentException("'" + text + "' is not an " + (len == 4 ? "IPv4" : "IPv6") + " address");
        }
        try {
            byte[] a = InetAddress.getByName(host).getAddress();
            if (a.length != len) {
                if (len == 16 && a.length == 4) {
                    // ::ffff:a.b.c.d is returned as IPv4 by InetAddress; keep the mapped form
                    byte[] m = new byte[16];
                    m[10] = (byte) 0xFF;
                    m[11] = (byte) 0xFF;
                    System.arraycopy(a, 0, m, 12, 4);
                    return m;
                }
                throw new IllegalArgumentException("'" + text + "' is not an " + (len == 4 ? "IPv4" : "IPv6") + " address");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address");
        }
    }
}
