package weir.engine.core.mgmt.persist;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Escaping for the store's tab-separated lines. Free text (names, descriptions) keeps every character but
 * {@code %}, tab, CR and LF, which become {@code %XX}; condition values use a strict form in which only
 * {@code [A-Za-z0-9._-]} stay as they are, so that a value never contains the separators of its own syntax.
 */
final class Text {
    private static final HexFormat HEX = HexFormat.of();

    private Text() {
    }

    static String escape(String s) {
        return encode(s, false);
    }

    static String escapeStrict(String s) {
        return encode(s, true);
    }

    private static String encode(String s, boolean strict) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (byte x : b) {
            int c = x & 0xFF;
            if (keep(c, strict)) {
                plain.write(c);
            } else {
                flush(plain, sb);
                sb.append('%').append(HEX.toHexDigits((byte) c).toUpperCase(java.util.Locale.ROOT));
            }
        }
        flush(plain, sb);
        return sb.toString();
    }

    private static void flush(ByteArrayOutputStream plain, StringBuilder sb) {
        if (plain.size() > 0) {
            sb.append(plain.toString(StandardCharsets.UTF_8));
            plain.reset();
        }
    }

    private static boolean keep(int c, boolean strict) {
        if (strict) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-';
        }
        return c != '%' && c != '\t' && c != '\n' && c != '\r';
    }

    static String unescape(String s) throws StoreFormatException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%') {
                if (i + 2 >= b.length) {
                    throw new StoreFormatException("a % escape is cut short in '" + s + "'");
                }
                try {
                    out.write(HEX.parseHex(new String(b, i + 1, 2, StandardCharsets.US_ASCII))[0]);
                } catch (IllegalArgumentException e) {
                    throw new StoreFormatException("bad % escape in '" + s + "'");
                }
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] unhex(String s) throws StoreFormatException {
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("'" + s + "' is not hex");
        }
    }
}
