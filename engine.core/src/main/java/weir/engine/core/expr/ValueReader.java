package weir.engine.core.expr;

import java.math.BigInteger;
import java.util.regex.Pattern;

import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.Value;

/**
 * Reads a value written in its field's natural form into exactly the field's data type at a layer (no
 * implicit conversion in WFP, rule 16): numbers in decimal or 0x hex, protocol/direction/address-type
 * names, FLAGS bit names joined with '|', dotted or colon addresses with an optional /prefix (or
 * /dotted-mask), quoted strings, 0x hex blobs, and {@code empty}. Shared by expressions and policy files.
 */
public final class ValueReader {
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern HEX_BYTES = Pattern.compile("0[xX][0-9a-fA-F]*");
    private static final Pattern DOTTED = Pattern.compile("[0-9./]+");
    private static final Pattern V4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])){3}");

    /** A value as written: a bare word, or the content of a quoted string. */
    public record Literal(String text, boolean quoted) {
        public static Literal word(String text) {
            return new Literal(text, false);
        }

        public static Literal string(String text) {
            return new Literal(text, true);
        }

        String shown() {
            return quoted ? '"' + Echo.of(text) + '"' : "'" + Echo.of(text) + "'";
        }
    }

    private ValueReader() {
    }

    /**
     * @param name how the field is called where it was written (for messages)
     * @throws ValueException saying why the text is not a value of the field
     */
    public static Value read(Layer layer, Field field, String name, Literal lit) {
        DataType t = layer.typeOf(field);
        if (!lit.quoted() && lit.text().equalsIgnoreCase("empty")) {
            return Value.empty();
        }
        if (lit.quoted() && t != DataType.UNICODE_STRING && t != DataType.BYTE_BLOB) {
            throw new ValueException(lit.shown() + " is a string but " + name + " is " + describe(layer, field)
                    + ": write it without quotes");
        }
        switch (t) {
            case UINT8, UINT16, UINT32, UINT64:
                if (field.isAddress()) {
                    return v4Address(layer, field, name, lit.text());
                }
                return unsigned(field, t, name, lit.text());
            case INT8, INT16, INT32, INT64:
                return signed(t, name, lit.text());
            case BYTE_ARRAY16:
                return v6Address(layer, field, name, lit.text());
            case BYTE_BLOB:
                if (lit.quoted()) {
                    // WFP keeps ALE_APP_ID as a UTF-16LE string with its terminating NUL
                    return Value.blobOfString(lit.text());
                }
                if (isHex(lit.text())) {
                    return Value.blob(hex(lit.text(), name));
                }
                throw new ValueException(lit.shown() + " is not a value of " + name
                        + " (BYTE_BLOB): write a quoted string (\"svchost.exe\") or hex bytes (0x0102)");
            case UNICODE_STRING:
                if (lit.quoted()) {
                    return Value.string(lit.text());
                }
                throw new ValueException(lit.shown() + " is not a value of " + name
                        + " (UNICODE_STRING): put the text in quotes");
            case SID:
                if (lit.text().regionMatches(true, 0, "sid:", 0, 4) && isHex(lit.text().substring(4))) {
                    return new Value.Sid(hex(lit.text().substring(4), name));
                }
                throw new ValueException(lit.shown() + " is not a value of " + name + " (SID): write sid:0x<bytes>");
            case TOKEN_INFORMATION, TOKEN_ACCESS_INFORMATION:
                if (lit.text().regionMatches(true, 0, "sd:", 0, 3) && isHex(lit.text().substring(3))) {
                    return new Value.SecurityDescriptor(hex(lit.text().substring(3), name));
                }
                throw new ValueException(lit.shown() + " is not a value of " + name
                        + " (matched against a security descriptor): write sd:0x<bytes>");
            default:
                throw new ValueException(name + " is " + t + ", which conditions cannot hold");
        }
    }

    /** The field's type as a user reads it, e.g. {@code UINT16 (0..65535)}. */
    static String describe(Layer layer, Field field) {
        DataType t = layer.typeOf(field);
        if (field.isAddress()) {
            return t == DataType.UINT32 ? "an IPv4 address (UINT32) at " + layer : "an IPv6 address (BYTE_ARRAY16) at " + layer;
        }
        return t.isUnsigned() ? t + " (0.." + max(t) + ")" : t.toString();
    }

    static BigInteger max(DataType t) {
        return BigInteger.ONE.shiftLeft(t.bits()).subtract(BigInteger.ONE);
    }

    private static Value unsigned(Field field, DataType t, String name, String text) {
        Symbols.Table table = Symbols.of(field);
        String[] parts = text.split("\\|", -1);
        if (parts.length > 1 && table != null && table.kind() == Symbols.Kind.VALUES) {
            throw new ValueException("'" + Echo.of(text) + "': '|' combines bits; " + name + " takes one " + table.what());
        }
        BigInteger v = BigInteger.ZERO;
        for (String p : parts) {
            v = v.or(number(table, t, name, p));
        }
        return of(t, v);
    }

    private static BigInteger number(Symbols.Table table, DataType t, String name, String p) {
        BigInteger n = parseNumber(p);
        if (n == null && table != null) {
            Long s = table.valueOf(p);
            if (s != null) {
                return BigInteger.valueOf(s);
            }
        }
        if (n == null) {
            String names = "";
            if (table != null) {
                names = " or a " + table.what() + " name (" + String.join(", ", table.byName().keySet()) + ")";
                names += Suggest.didYouMean(p, table.byName().keySet());
            }
            throw new ValueException("'" + Echo.of(p) + "' is not a value of " + name + ": write a number 0.." + max(t) + names);
        }
        if (n.signum() < 0 || n.compareTo(max(t)) > 0) {
            throw new ValueException(Echo.of(p) + " is out of range: " + name + " is " + t + " (0.." + max(t) + ")");
        }
        return n;
    }

    /** Decimal or 0x hex, or null when the text is neither. */
    static BigInteger parseNumber(String p) {
        if (DECIMAL.matcher(p).matches()) {
            return new BigInteger(p);
        }
        if (HEX.matcher(p).matches()) {
            return new BigInteger(p.substring(2), 16);
        }
        return null;
    }

    private static Value of(DataType t, BigInteger v) {
        return switch (t) {
            case UINT8 -> Value.uint8(v.intValue());
            case UINT16 -> Value.uint16(v.intValue());
            case UINT32 -> Value.uint32(v.longValue());
            default -> Value.uint64(v.longValue());
        };
    }

    private static Value signed(DataType t, String name, String text) {
        BigInteger n = parseNumber(text);
        BigInteger lim = BigInteger.ONE.shiftLeft(t.bits() - 1);
        if (n == null || n.compareTo(lim.negate()) < 0 || n.compareTo(lim.subtract(BigInteger.ONE)) > 0) {
            throw new ValueException("'" + Echo.of(text) + "' is not a value of " + name + ": write a number "
                    + lim.negate() + ".." + lim.subtract(BigInteger.ONE));
        }
        return switch (t) {
            case INT8 -> new Value.Int8(n.byteValue());
            case INT16 -> new Value.Int16(n.shortValue());
            case INT32 -> new Value.Int32(n.intValue());
            default -> new Value.Int64(n.longValue());
        };
    }

    private static Value v4Address(Layer layer, Field field, String name, String text) {
        if (text.indexOf(':') >= 0) {
            throw new ValueException("'" + Echo.of(text) + "' is an IPv6 address but " + name + " is " + describe(layer, field)
                    + ": use the _V6 layer for IPv6");
        }
        if (!DOTTED.matcher(text).matches() || text.indexOf('.') < 0) {
            throw new ValueException("'" + Echo.of(text) + "' is not a value of " + name + ": write an IPv4 address like "
                    + "192.0.2.1 or a prefix like 10.0.0.0/8");
        }
        int slash = text.indexOf('/');
        if (slash >= 0 && text.indexOf('.', slash) >= 0) {
            // a dotted mask (10.0.0.0/255.0.0.0) keeps any FWP_V4_ADDR_AND_MASK printable
            int addr = ((Value.UInt32) address(text.substring(0, slash))).value();
            int mask = ((Value.UInt32) address(text.substring(slash + 1))).value();
            return new Value.V4AddrMask(addr, mask);
        }
        return address(text);
    }

    private static Value v6Address(Layer layer, Field field, String name, String text) {
        if (text.indexOf(':') < 0) {
            throw new ValueException("'" + Echo.of(text) + "' is not a value of " + name + ": " + name + " is "
                    + describe(layer, field) + "; write an IPv6 address like 2001:db8::1 or a prefix like 2001:db8::/32");
        }
        return address(text);
    }

    private static Value address(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.indexOf(':') < 0 && !V4.matcher(host).matches()) {
            // checked here: the JDK resolves a dotted text that is no IPv4 literal (999.1.1.1) as a host name,
            // and reading a policy must never send a DNS query
            throw new ValueException("'" + Echo.of(text) + "' is not an IPv4 address: write four numbers 0..255, "
                    + "e.g. 192.0.2.1");
        }
        try {
            return Value.address(text);
        } catch (IllegalArgumentException e) {
            // the API's message starts with the whole text in quotes: repeat only the start of it
            String m = e.getMessage() == null ? "" : e.getMessage();
            String quoted = "'" + text + "'";
            throw new ValueException(m.startsWith(quoted) ? "'" + Echo.of(text) + "'" + m.substring(quoted.length())
                    : "'" + Echo.of(text) + "' is not an address");
        }
    }

    private static boolean isHex(String s) {
        return HEX_BYTES.matcher(s).matches();
    }

    private static byte[] hex(String s, String name) {
        String h = s.substring(2);
        if (h.length() % 2 != 0) {
            throw new ValueException("'" + Echo.of(s) + "' has an odd number of hex digits: " + name + " takes whole bytes");
        }
        byte[] b = new byte[h.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(h.substring(2 * k, 2 * k + 2), 16);
        }
        return b;
    }
}
