package weir.engine.core.expr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * Writes a condition value in its field's natural form, the inverse of {@link ValueReader}: what it
 * prints reads back to an equal value.
 */
public final class ValueFormatter {
    private ValueFormatter() {
    }

    /** The value of a condition on {@code field} at {@code layer} compared with {@code match}. */
    public static String format(Layer layer, Field field, MatchType match, Value v) {
        if (v instanceof Value.Empty) {
            return "empty";
        } else if (v instanceof Value.UInt8 u) {
            return unsigned(field, match, u.value());
        } else if (v instanceof Value.UInt16 u) {
            return unsigned(field, match, u.value());
        } else if (v instanceof Value.UInt32 u) {
            return field.isAddress() ? Value.formatV4(u.value()) : unsigned(field, match, u.unsigned());
        } else if (v instanceof Value.UInt64 u) {
            if (isBitTest(match) && Symbols.of(field) == null) {
                return "0x" + Long.toHexString(u.value());
            }
            return Long.toUnsignedString(u.value());
        } else if (v instanceof Value.V4AddrMask m) {
            // the address as stored, host bits included, so that it reads back equal
            int p = m.prefixLength();
            boolean contiguous = m.mask() == (p == 0 ? 0 : -1 << (32 - p));
            return Value.formatV4(m.addr()) + "/" + (contiguous ? Integer.toString(p) : Value.formatV4(m.mask()));
        } else if (v instanceof Value.ByteArray16 b) {
            return v6(b.bytes());
        } else if (v instanceof Value.V6AddrMask m) {
            return v6(m.addr()) + "/" + m.prefixLength();
        } else if (v instanceof Value.Range r) {
            return format(layer, field, match, r.low()) + ".." + format(layer, field, match, r.high());
        } else if (v instanceof Value.UnicodeString s) {
            return quote(s.value());
        } else if (v instanceof Value.ByteBlob b) {
            String s = blobText(b.bytes());
            return s != null ? quote(s) : "0x" + hex(b.bytes());
        } else if (v instanceof Value.Sid s) {
            return "sid:0x" + hex(s.bytes());
        } else if (v instanceof Value.SecurityDescriptor s) {
            return "sd:0x" + hex(s.bytes());
        }
        return Value.format(v);
    }

    /**
     * A string in double quotes. A backslash is escaped only where the lexer would read it as an escape
     * (before a backslash or a quote, or last), so Windows paths print as they are: {@code "\device\x.exe"}.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            char next = k + 1 < s.length() ? s.charAt(k + 1) : '"';
            if (c == '"' || c == '\\' && (next == '\\' || next == '"')) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    private static boolean isBitTest(MatchType m) {
        return m == MatchType.FLAGS_ALL_SET || m == MatchType.FLAGS_ANY_SET || m == MatchType.FLAGS_NONE_SET;
    }

    private static String unsigned(Field field, MatchType match, long v) {
        Symbols.Table t = Symbols.of(field);
        if (t == null) {
            return isBitTest(match) ? "0x" + Long.toHexString(v) : Long.toString(v);
        }
        if (t.kind() == Symbols.Kind.VALUES) {
            String n = t.nameOf(v);
            return n != null ? n : Long.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        long rest = v;
        for (var e : t.byName().entrySet()) {
            if ((rest & e.getValue()) == e.getValue()) {
                b.append(b.length() > 0 ? "|" : "").append(e.getKey());
                rest &= ~e.getValue();
            }
        }
        if (rest != 0) {
            b.append(b.length() > 0 ? "|" : "").append("0x").append(Long.toHexString(rest));
        }
        return b.toString();
    }

    /**
     * An IPv6 address. {@link Value#formatV6} prints an IPv4-mapped address (::ffff:a.b.c.d) as the bare
     * IPv4 address, which would read back as IPv4; keep the mapped form.
     */
    static String v6(byte[] a) {
        boolean mapped = a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
        for (int k = 0; k < 10 && mapped; k++) {
            mapped = a[k] == 0;
        }
        if (mapped) {
            return "::ffff:" + (a[12] & 0xFF) + "." + (a[13] & 0xFF) + "." + (a[14] & 0xFF) + "." + (a[15] & 0xFF);
        }
        return Value.formatV6(a);
    }

    /** The text of a blob that is exactly a UTF-16LE string with its NUL (an app id), or null. */
    public static String blobText(byte[] b) {
        if (b.length < 2 || b.length % 2 != 0 || b[b.length - 1] != 0 || b[b.length - 2] != 0) {
            return null;
        }
        String s = new String(b, 0, b.length - 2, StandardCharsets.UTF_16LE);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFD') {
                return null;
            }
        }
        byte[] back = (s + '\0').getBytes(StandardCharsets.UTF_16LE);
        return Arrays.equals(back, b) ? s : null;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
