package weir.callouts.nat;

/** The transport protocols NAT rules translate, with a bit each so a rule can hold a set of them in an int. */
enum IpProtocol {
    TCP(6, "tcp"),
    UDP(17, "udp"),
    ICMP(1, "icmp");

    /** All three: what {@code --protocol all} means. */
    static final int ALL = 0b111;

    private final int number;
    private final String text;

    IpProtocol(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /** The IP protocol number (6, 17, 1). */
    int number() {
        return number;
    }

    int bit() {
        return 1 << ordinal();
    }

    String text() {
        return text;
    }

    /** The bit of an IP protocol number, 0 for protocols no rule translates (no lookup table needed). */
    static int bitOf(int number) {
        switch (number) {
            case 6:
                return 1;
            case 17:
                return 2;
            case 1:
                return 4;
            default:
                return 0;
        }
    }

    /** The protocol with this number, or null. */
    static IpProtocol of(int number) {
        for (IpProtocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        return null;
    }

    /** "tcp", "udp,icmp" or "all" for a set of bits. */
    static String text(int bits) {
        if (bits == ALL) {
            return "all";
        }
        StringBuilder sb = new StringBuilder();
        for (IpProtocol p : values()) {
            if ((bits & p.bit()) != 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(p.text);
            }
        }
        return sb.toString();
    }
}
