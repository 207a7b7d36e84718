package weir.callouts.nat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;

/**
 * The NAT rules in force, from the shell and from {@code weir.nat.rule} configurations. Changes are validated
 * against the other rules (no two rules may claim the same outside address, protocol and port, nor the same
 * inside range twice) and published as one immutable array that the packet path reads with one volatile read.
 */
@Component(service = RuleBook.class)
public final class RuleBook {
    private static final NatRule[] NONE = new NatRule[0];

    private final Map<Integer, NatRule> byId = new TreeMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();
    private volatile NatRule[] inOrder = NONE;
    private int nextId = 1;

    /**
     * Adds a rule.
     *
     * @param source "shell" or "config &lt;pid&gt;", shown by {@code nat:rules}
     * @throws RuleException when it conflicts with a rule in force
     */
    synchronized NatRule add(RuleSpec spec, String source) {
        checkConflicts(spec, -1);
        NatRule rule = new NatRule(nextId++, spec, source);
        byId.put(rule.id, rule);
        publish();
        return rule;
    }

    /**
     * Replaces rule {@code id} (a changed configuration) keeping its id. Mappings of the old rule stay
     * until their flows end.
     *
     * @throws RuleException when the new spec conflicts with another rule
     */
    synchronized NatRule replace(int id, RuleSpec spec, String source) {
        checkConflicts(spec, id);
        NatRule rule = new NatRule(id, spec, source);
        byId.put(id, rule);
        publish();
        return rule;
    }

    /** Removes a rule; its translations stay until their flows end (as conntrack keeps bindings). Null if unknown. */
    synchronized NatRule remove(int id) {
        NatRule r = byId.remove(id);
        if (r != null) {
            publish();
        }
        return r;
    }

    synchronized NatRule get(int id) {
        return byId.get(id);
    }

    /** The rules by id. */
    synchronized List<NatRule> rules() {
        return new ArrayList<>(byId.values());
    }

    /** Remembers that a configuration could not become a rule, to show with the rules. */
    synchronized void reject(String source, String message) {
        rejected.put(source, message);
    }

    /** Forgets a configuration's rejection (it was fixed or deleted). */
    synchronized void forgetRejection(String source) {
        rejected.remove(source);
    }

    /** Rejected configurations: source to one-line message. */
    synchronized Map<String, String> rejections() {
        return new LinkedHashMap<>(rejected);
    }

    /**
     * The rule for the first packet of a flow in this direction, by precedence (forward, static, snat; then
     * id), or null. Packet path: one volatile read, no allocation.
     */
    NatRule match(PacketView p, boolean inbound) {
        NatRule[] rules = inOrder;
        for (NatRule r : rules) {
            if (r.matches(p, inbound)) {
                return r;
            }
        }
        return null;
    }

    /** The first static rule that maps this packet's addresses in this direction, or null. */
    NatRule staticRule(int source, int destination, boolean inbound) {
        NatRule[] rules = inOrder;
        for (NatRule r : rules) {
            if (r.spec.type() == RuleType.STATIC
                    && (inbound ? r.spec.outside().contains(destination) : r.spec.inside().contains(source))) {
                return r;
            }
        }
        return null;
    }

    /** True if a rule claims the addresses of a packet that cannot be translated (see {@link NatRule#covers}). */
    boolean covers(int source, int destination, boolean inbound) {
        NatRule[] rules = inOrder;
        for (NatRule r : rules) {
            if (r.covers(source, destination, inbound)) {
                return true;
            }
        }
        return false;
    }

    /** The rule in force with this serial, or null (removed or replaced: its pools are gone with it). */
    NatRule bySerial(int serial) {
        NatRule[] rules = inOrder;
        for (NatRule r : rules) {
            if (r.serial == serial) {
                return r;
            }
        }
        return null;
    }

    private void publish() {
        NatRule[] a = byId.values().toArray(NONE);
        Arrays.sort(a, Comparator.comparingInt(NatRule::precedence).thenComparingInt(r -> r.id));
        inOrder = a;
    }

    private void checkConflicts(RuleSpec spec, int exceptId) {
        for (NatRule other : byId.values()) {
            if (other.id == exceptId) {
                continue;
            }
            String why = RuleConflicts.between(spec, other.spec);
            if (why != null) {
                throw new RuleException("conflicts with " + other + ": " + why + "; remove rule " + other.id
                        + " first or change this rule");
            }
        }
    }
}
