package weir.callouts.nat;

/**
 * A rule in force: its spec, the id the shell shows, where it came from, and for source NAT the pools of
 * outside ports (one per protocol: TCP and UDP ports and ICMP identifiers are separate spaces). Only the first
 * packet of a flow consults rules; the {@link Translation} it makes carries every later packet (spec §8).
 */
final class NatRule {
    final int id;
    final RuleSpec spec;
    /** "shell" or "config &lt;pid&gt;". */
    final String source;
    private final PortPool[] pools;

    NatRule(int id, RuleSpec spec, String source) {
        this.id = id;
        this.spec = spec;
        this.source = source;
        this.pools = new PortPool[IpProtocol.values().length];
        if (spec.type() == RuleType.SNAT) {
            for (IpProtocol p : IpProtocol.values()) {
                if ((spec.protocols() & p.bit()) != 0) {
                    pools[p.ordinal()] = new PortPool(spec.portLow(), spec.portHigh());
                }
            }
        }
    }

    /** True if the first packet of a flow is this rule's to translate (packet path: no allocation). */
    boolean matches(PacketView p) {
        RuleSpec s = spec;
        if ((s.protocols() & p.protocolBit) == 0) {
            return false;
        }
        switch (s.type()) {
            case STATIC:
                return s.inside().contains(p.source) || s.outside().contains(p.destination);
            case FORWARD:
                return p.hasPorts && p.destination == s.outside().address()
                        && p.destinationPort == s.outsidePort();
            default:
                return p.hasPorts && s.inside().contains(p.source);
        }
    }

    /**
     * The translation of a flow whose first packet {@link #matches}; null when a source NAT rule has no free
     * port left.
     */
    Translation translate(PacketView p, long translationId) {
        RuleSpec s = spec;
        int src = p.source;
        int sport = p.sourcePort;
        int dst = p.destination;
        int dport = p.destinationPort;
        int allocated = -1;
        switch (s.type()) {
            case STATIC:
                // both may apply: an inside host reaching another's outside address (hairpin)
                if (s.inside().contains(src)) {
                    src = s.inside().mapInto(src, s.outside());
                }
                if (s.outside().contains(dst)) {
                    dst = s.outside().mapInto(dst, s.inside());
                }
                break;
            case FORWARD:
                dst = s.inside().address();
                dport = s.insidePort();
                break;
            default:
                allocated = pools[Integer.numberOfTrailingZeros(p.protocolBit)].allocate();
                if (allocated < 0) {
                    return null;
                }
                src = s.outside().address();
                sport = allocated;
                if (p.protocol == 1) {
                    dport = allocated; // the echo identifier names the flow both ways
                }
                break;
        }
        return new Translation(translationId, this, p, src, sport, dst, dport, allocated);
    }

    /** Returns a released translation's port to its pool. */
    void free(Translation t) {
        if (t.allocatedPort >= 0) {
            pools[Integer.numberOfTrailingZeros(IpProtocol.bitOf(t.protocol))].free(t.allocatedPort);
        }
    }

    /** Outside ports taken from this rule's pools now (0 for rules without pools). */
    int portsInUse() {
        int n = 0;
        for (PortPool pool : pools) {
            if (pool != null) {
                n += pool.inUse();
            }
        }
        return n;
    }

    /** Precedence on the packet path: port forwards first (most specific), then static, then source NAT. */
    int precedence() {
        switch (spec.type()) {
            case FORWARD:
                return 0;
            case STATIC:
                return 1;
            default:
                return 2;
        }
    }

    @Override
    public String toString() {
        return "rule " + id + " (" + spec.text() + ")";
    }
}
