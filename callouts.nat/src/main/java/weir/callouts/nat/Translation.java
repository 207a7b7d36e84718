package weir.callouts.nat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import weir.engine.api.Value;

/**
 * One flow's NAT binding, as netfilter's conntrack keeps it (spec §8): the tuple of the flow's first packet
 * ("original") and what it becomes ("translated"). Packets equal to the original tuple are rewritten to the
 * translated one; replies (the translated tuple reversed) are rewritten back. It is the callout's flow context,
 * associated with the inside flow and with the outside flow (the shim sees the two tuples as two flows), and
 * counted per association: the last flowDelete releases it and its port, exactly once.
 */
final class Translation {
    final long id;
    final NatRule rule;
    final int protocol;
    final int originalSource;
    final int originalSourcePort;
    final int originalDestination;
    final int originalDestinationPort;
    final int newSource;
    final int newSourcePort;
    final int newDestination;
    final int newDestinationPort;
    /** The source NAT port taken from the rule's pool, or -1. */
    final int allocatedPort;
    final FlowKey originalKey;
    /** The tuple replies arrive with: the translated tuple reversed. */
    final FlowKey replyKey;
    final long createdMillis;
    final AtomicLong originalPackets = new AtomicLong();
    final AtomicLong replyPackets = new AtomicLong();
    /**
     * Flow associations holding this translation, -1 once released. Starts at 1 for its creator, who either
     * associates it with the first packet's flow or drops that reference.
     */
    private final AtomicInteger references = new AtomicInteger(1);

    Translation(long id, NatRule rule, PacketView p, int newSource, int newSourcePort, int newDestination,
            int newDestinationPort, int allocatedPort) {
        this.id = id;
        this.rule = rule;
        this.protocol = p.protocol;
        this.originalSource = p.source;
        this.originalSourcePort = p.sourcePort;
        this.originalDestination = p.destination;
        this.originalDestinationPort = p.destinationPort;
        this.newSource = newSource;
        this.newSourcePort = newSourcePort;
        this.newDestination = newDestination;
        this.newDestinationPort = newDestinationPort;
        this.allocatedPort = allocatedPort;
        this.originalKey = FlowKey.of(protocol, p.source, p.sourcePort, p.destination, p.destinationPort);
        this.replyKey = FlowKey.of(protocol, newDestination, newDestinationPort, newSource, newSourcePort);
        this.createdMillis = System.currentTimeMillis();
    }

    /** Takes a reference for one more flow association; false if the translation is already released. */
    boolean retain() {
        int r;
        do {
            r = references.get();
            if (r < 0) {
                return false;
            }
        } while (!references.compareAndSet(r, r + 1));
        return true;
    }

    /** Gives a reference back; true exactly once: for the call that released the translation. */
    boolean drop() {
        // between reaching 0 and the CAS to -1 another flow may retain it: then that flow's drop releases
        return references.decrementAndGet() == 0 && references.compareAndSet(0, -1);
    }

    boolean isReleased() {
        return references.get() < 0;
    }

    /** Flow associations holding it now. */
    int flows() {
        return Math.max(references.get(), 0);
    }

    String originalText() {
        return tuple(originalSource, originalSourcePort, originalDestination, originalDestinationPort);
    }

    String translatedText() {
        return tuple(newSource, newSourcePort, newDestination, newDestinationPort);
    }

    String protocolText() {
        IpProtocol p = IpProtocol.of(protocol);
        return p == null ? Integer.toString(protocol) : p.text();
    }

    private String tuple(int src, int sport, int dst, int dport) {
        if (protocol == 1) {
            return Value.formatV4(src) + " > " + Value.formatV4(dst) + (sport == 0 ? "" : " id " + sport);
        }
        return Value.formatV4(src) + ":" + sport + " > " + Value.formatV4(dst) + ":" + dport;
    }
}
