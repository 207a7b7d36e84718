package weir.callouts.nat;

/**
 * Which pairs of rules cannot be in force together. Two rules must not claim the same outside address,
 * protocol and port: replies would be ambiguous (a reply tuple must lead back to one translation). Two static
 * rules, or two source NAT rules of a common protocol, must not cover the same inside address: a packet would
 * match both, and the choice would be an accident of ids.
 */
final class RuleConflicts {
    private RuleConflicts() {
    }

    /** Why {@code a} and {@code b} conflict, or null. */
    static String between(RuleSpec a, RuleSpec b) {
        int common = a.protocols() & b.protocols();
        if (common == 0) {
            return null;
        }
        if (a.outside().overlaps(b.outside()) && lowPort(a) <= highPort(b) && lowPort(b) <= highPort(a)) {
            return "both claim outside " + narrower(a.outside(), b.outside()) + " "
                    + (common == IpProtocol.ALL ? "every protocol" : IpProtocol.text(common)) + " "
                    + ports(Math.max(lowPort(a), lowPort(b)), Math.min(highPort(a), highPort(b)));
        }
        if (a.type() == b.type() && a.type() != RuleType.FORWARD && a.inside().overlaps(b.inside())) {
            return "inside " + a.inside() + " overlaps " + b.inside() + ", so a packet would match both";
        }
        return null;
    }

    /** The outside ports a rule claims: all of a static address, one for a forward, the range for source NAT. */
    private static int lowPort(RuleSpec s) {
        switch (s.type()) {
            case STATIC:
                return 0;
            case FORWARD:
                return s.outsidePort();
            default:
                return s.portLow();
        }
    }

    private static int highPort(RuleSpec s) {
        switch (s.type()) {
            case STATIC:
                return 65535;
            case FORWARD:
                return s.outsidePort();
            default:
                return s.portHigh();
        }
    }

    private static String ports(int low, int high) {
        if (low == 0 && high == 65535) {
            return "every port";
        }
        return low == high ? "port " + low : "ports " + low + "-" + high;
    }

    private static Ipv4Prefix narrower(Ipv4Prefix a, Ipv4Prefix b) {
        return a.length() >= b.length() ? a : b;
    }
}
