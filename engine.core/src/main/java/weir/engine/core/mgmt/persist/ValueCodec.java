package weir.engine.core.mgmt.persist;

import weir.engine.api.Value;

/**
 * A condition value as one token without spaces, tabs or {@code ~}: {@code type:payload}. Integers in decimal
 * (unsigned types unsigned), byte arrays in hex, strings strictly escaped, masks as {@code addr/mask}, a range
 * as {@code range:low~high}.
 */
final class ValueCodec {
    private ValueCodec() {
    }

    static String encode(Value v) {
        if (v instanceof Value.Empty) {
            return "empty";
        } else if (v instanceof Value.UInt8 u) {
            return "u8:" + u.value();
        } else if (v instanceof Value.UInt16 u) {
            return "u16:" + u.value();
        } else if (v instanceof Value.UInt32 u) {
            return "u32:" + u.unsigned();
        } else if (v instanceof Value.UInt64 u) {
            return "u64:" + Long.toUnsignedString(u.value());
        } else if (v instanceof Value.Int8 i) {
            return "i8:" + i.value();
        } else if (v instanceof Value.Int16 i) {
            return "i16:" + i.value();
        } else if (v instanceof Value.Int32 i) {
            return "i32:" + i.value();
        } else if (v instanceof Value.Int64 i) {
            return "i64:" + i.value();
        } else if (v instanceof Value.ByteArray16 b) {
            return "b16:" + Text.hex(b.bytes());
        } else if (v instanceof Value.ByteBlob b) {
            return "blob:" + Text.hex(b.bytes());
        } else if (v instanceof Value.UnicodeString s) {
            return "str:" + Text.escapeStrict(s.value());
        } else if (v instanceof Value.V4AddrMask m) {
            return "v4mask:" + Integer.toUnsignedString(m.addr()) + "/" + Integer.toUnsignedString(m.mask());
        } else if (v instanceof Value.V6AddrMask m) {
            return "v6mask:" + Text.hex(m.addr()) + "/" + m.prefixLength();
        } else if (v instanceof Value.Range r) {
            return "range:" + encode(r.low()) + "~" + encode(r.high());
        } else if (v instanceof Value.Sid s) {
            return "sid:" + Text.hex(s.bytes());
        } else if (v instanceof Value.SecurityDescriptor s) {
            return "sd:" + Text.hex(s.bytes());
        }
        throw new IllegalArgumentException("no store form for " + v);
    }

    static Value decode(String token) throws StoreFormatException {
        int colon = token.indexOf(':');
        String type = colon < 0 ? token : token.substring(0, colon);
        String p = colon < 0 ? "" : token.substring(colon + 1);
        try {
            return switch (type) {
                case "empty" -> Value.empty();
                case "u8" -> new Value.UInt8(Integer.parseInt(p));
                case "u16" -> new Value.UInt16(Integer.parseInt(p));
                case "u32" -> new Value.UInt32(Integer.parseUnsignedInt(p));
                case "u64" -> new Value.UInt64(Long.parseUnsignedLong(p));
                case "i8" -> new Value.Int8(Byte.parseByte(p));
                case "i16" -> new Value.Int16(Short.parseShort(p));
                case "i32" -> new Value.Int32(Integer.parseInt(p));
                case "i64" -> new Value.Int64(Long.parseLong(p));
                case "b16" -> new Value.ByteArray16(Text.unhex(p));
                case "blob" -> new Value.ByteBlob(Text.unhex(p));
                case "str" -> new Value.UnicodeString(Text.unescape(p));
                case "v4mask" -> {
                    String[] a = split(p, '/', token);
                    yield new Value.V4AddrMask(Integer.parseUnsignedInt(a[0]), Integer.parseUnsignedInt(a[1]));
                }
                case "v6mask" -> {
                    String[] a = split(p, '/', token);
                    yield new Value.V6AddrMask(Text.unhex(a[0]), Integer.parseInt(a[1]));
                }
                case "range" -> {
                    String[] a = split(p, '~', token);
                    if (a[0].startsWith("range:") || a[1].startsWith("range:")) {
                        // a range of ranges is no value; refused here, a damaged file of them would nest without end
                        throw new StoreFormatException("a range inside a range in '"
                                + (token.length() > 80 ? token.substring(0, 60) + "..." : token) + "'");
                    }
                    yield new Value.Range(decode(a[0]), decode(a[1]));
                }
                case "sid" -> new Value.Sid(Text.unhex(p));
                case "sd" -> new Value.SecurityDescriptor(Text.unhex(p));
                default -> throw new StoreFormatException("unknown value type '" + type + "' in '" + token + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("bad value '" + token + "': " + e.getMessage());
        }
    }

    private static String[] split(String p, char sep, String token) throws StoreFormatException {
        int i = p.indexOf(sep);
        if (i < 0) {
            throw new StoreFormatException("'" + token + "' lacks '" + sep + "'");
        }
        return new String[] {p.substring(0, i), p.substring(i + 1)};
    }
}
