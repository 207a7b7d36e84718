package weir.callouts.nat;

import weir.engine.api.Value;

/**
 * An IPv4 address or prefix of a NAT rule, held as ints (host order, first octet most significant) so the
 * packet path compares without allocating. A single address is a /32.
 */
record Ipv4Prefix(int address, int length) {

    Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is out of 0..32");
        }
    }

    /** The network mask of this prefix's length (0 for /0). */
    int mask() {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    boolean contains(int addr) {
        return (addr & mask()) == address;
    }

    boolean isSingleAddress() {
        return length == 32;
    }

    /** The address at the same host offset in {@code other} (NETMAP-style 1:1 mapping of equal-length prefixes). */
    int mapInto(int addr, Ipv4Prefix other) {
        return other.address | (addr & ~mask());
    }

    boolean overlaps(Ipv4Prefix other) {
        int m = length < other.length ? mask() : other.mask();
        return (address & m) == (other.address & m);
    }

    /**
     * Parses {@code 10.0.0.5} or {@code 10.0.0.0/24}.
     *
     * @throws RuleException naming the text and the fix
     */
    static Ipv4Prefix parse(String text) {
        if (text.indexOf(':') >= 0) {
            throw new RuleException("'" + text + "' is IPv6, but NAT rules here are IPv4 only (no NPTv6); "
                    + "use IPv4 addresses such as 10.0.0.5");
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        int address = parseAddress(addr, text);
        int length = 32;
        if (slash >= 0) {
            length = parseLength(text.substring(slash + 1), text);
        }
        Ipv4Prefix p = new Ipv4Prefix(address & (length == 0 ? 0 : -1 << (32 - length)), length);
        if (p.address != address) {
            throw new RuleException("'" + text + "' has host bits set; write the prefix as " + p);
        }
        return p;
    }

    private static int parseAddress(String s, String whole) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw notAnAddress(whole);
        }
        int a = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw notAnAddress(whole);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw notAnAddress(whole);
            }
            a = a << 8 | octet;
        }
        return a;
    }

    private static int parseLength(String s, String whole) {
        if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(Character::isDigit) || Integer.parseInt(s) > 32) {
            throw new RuleException("'" + whole + "' has an invalid prefix length; use /0 to /32, e.g. 10.0.0.0/24");
        }
        return Integer.parseInt(s);
    }

    private static RuleException notAnAddress(String text) {
        return new RuleException("'" + text + "' is not an IPv4 address or prefix; write it as 10.0.0.5 or 10.0.0.0/24");
    }

    /** {@code 10.0.0.5} for a /32, {@code 10.0.0.0/24} otherwise. */
    @Override
    public String toString() {
        return length == 32 ? Value.formatV4(address) : Value.formatV4(address) + "/" + length;
    }
}
