package weir.callouts.nat;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rule in force: its spec, the id the shell shows, where it came from, and for source NAT the pools of
 * outside ports (one per protocol: TCP and UDP ports and ICMP identifiers are separate spaces). Only the first
 * packet of a flow consults rules; the mapping it makes carries every later packet (spec §8).
 */
final class NatRule {
    private static final AtomicInteger SERIALS = new AtomicInteger();

    final int id;
    /**
     * Unique per rule object (a changed configuration keeps its id but gets new pools): mappings name their
     * rule by it, so a port goes back to the pool it came from, never to a successor's.
     */
    final int serial = SERIALS.incrementAndGet();
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

    /**
     * True if the first packet of a flow, crossing in this direction, is this rule's to translate (packet path:
     * no allocation). Port forwards and inbound static NAT start with an inbound packet; source NAT and
     * outbound static NAT with an outbound one.
     */
    boolean matches(PacketView p, boolean inbound) {
        RuleSpec s = spec;
        switch (s.type()) {
            case STATIC:
                // every protocol: the mapping is of addresses
                return inbound ? s.outside().contains(p.destination) : s.inside().contains(p.source);
            case FORWARD:
                return inbound && p.hasPorts && (s.protocols() & p.protocolBit) != 0
                        && p.destination == s.outside().address() && p.destinationPort == s.outsidePort();
            default:
                return !inbound && p.hasPorts && (s.protocols() & p.protocolBit) != 0 && s.inside().contains(p.source);
        }
    }

    /**
     * True if this rule claims the addresses of a packet that cannot be translated (a fragment, a truncated
     * packet, a protocol without ports): such a packet is dropped rather than let out with an inside address
     * or in to an outside one nobody holds. Inbound: the destination is this rule's outside. Outbound: the
     * source is inside a static rule or a source NAT rule for all protocols.
     */
    boolean covers(int source, int destination, boolean inbound) {
        RuleSpec s = spec;
        if (inbound) {
            return s.outside().contains(destination);
        }
        switch (s.type()) {
            case STATIC:
                return s.inside().contains(source);
            case SNAT:
                return s.protocols() == IpProtocol.ALL && s.inside().contains(source);
            default:
                return false;
        }
    }

    /** Static NAT: the address an inside address becomes outside, or an outside one inside. */
    int mapStatic(int address, boolean inbound) {
        RuleSpec s = spec;
        return inbound ? s.outside().mapInto(address, s.inside()) : s.inside().mapInto(address, s.outside());
    }

    /** Source NAT: a free outside port (or ICMP identifier) for a protocol, now taken; -1 when none is left. */
    int allocate(int protocolBit) {
        PortPool pool = pools[Integer.numberOfTrailingZeros(protocolBit)];
        return pool == null ? -1 : pool.allocate();
    }

    /** Gives a released mapping's port back to its pool (source NAT only; forwards allocate nothing). */
    void free(int protocol, int port) {
        int bit = IpProtocol.bitOf(protocol);
        if (spec.type() == RuleType.SNAT && bit != 0) {
            PortPool pool = pools[Integer.numberOfTrailingZeros(bit)];
            if (pool != null) {
                pool.free(port);
            }
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
