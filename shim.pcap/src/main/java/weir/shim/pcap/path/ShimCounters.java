package weir.shim.pcap.path;

import java.util.LinkedHashMap;
import java.util.Map;

import weir.engine.api.Layer;
import weir.shim.pcap.packet.Malformation;

/**
 * What one source did, counted on its packet thread without locks or allocation (plain fields: one writer;
 * the shell reads them as they are). Every packet read is exactly one of permitted, dropped or unsupported
 * (passed on unjudged because no layer could classify it), so the three add up to the packets read; a packet
 * a callout absorbed and replaced by a copy that passed (NAT's translated packet) is permitted, and counted
 * as replaced too. Malformed packets are also counted by reason, whatever their verdict.
 */
public final class ShimCounters {
    private static final int LINK_TYPES = 1024;

    long packets;
    long permitted;
    long dropped;
    long unsupported;
    long notIp;
    long unparsable;
    final long[] unsupportedLinkTypes = new long[LINK_TYPES + 1];
    final long[] malformed = new long[Malformation.values().length];
    /** Dropped without classification: their flow was blocked at ALE. */
    long flowBlocked;
    /** Dropped with ABSORB: a callout took them and no copy of theirs passed. */
    long absorbed;
    /** Permitted as a callout's copy: absorbed, and a copy injected in their place passed. */
    long replaced;
    final long[] classifies = new long[Layer.values().length];
    final long[] blocks = new long[Layer.values().length];
    long injected;
    long injectedPermitted;
    long injectedDropped;
    long injectionsRefused;
    long outputRefused;
    long engineErrors;
    String lastEngineError;

    public void read() {
        packets++;
    }

    public void permitted() {
        permitted++;
    }

    public void dropped() {
        dropped++;
    }

    public void flowBlocked() {
        flowBlocked++;
    }

    public void absorbed() {
        absorbed++;
    }

    /** Absorbed by a callout whose copy passed in its place: permitted, as that copy. */
    public void replaced() {
        permitted++;
        replaced++;
    }

    public void notIp() {
        unsupported++;
        notIp++;
    }

    public void unsupportedLinkType(int linkType) {
        unsupported++;
        unsupportedLinkTypes[linkType >= 0 && linkType < LINK_TYPES ? linkType : LINK_TYPES]++;
    }

    /** A malformed packet without an intact IP header: nothing can classify it. */
    public void unparsable() {
        unsupported++;
        unparsable++;
    }

    public void malformed(Malformation reason) {
        malformed[reason.ordinal()]++;
    }

    public void classified(Layer layer, boolean block) {
        classifies[layer.ordinal()]++;
        if (block) {
            blocks[layer.ordinal()]++;
        }
    }

    public void injected(boolean permit) {
        injected++;
        if (permit) {
            injectedPermitted++;
        } else {
            injectedDropped++;
        }
    }

    public void injectionRefused() {
        injectionsRefused++;
    }

    /** A packet an output file could not take (another link type than the file's). */
    public void outputRefused() {
        outputRefused++;
    }

    public void engineError(RuntimeException e) {
        engineErrors++;
        if (lastEngineError == null) {
            lastEngineError = String.valueOf(e);
        }
    }

    public long packets() {
        return packets;
    }

    public long permittedCount() {
        return permitted;
    }

    public long droppedCount() {
        return dropped;
    }

    public long unsupportedCount() {
        return unsupported;
    }

    public long flowBlockedCount() {
        return flowBlocked;
    }

    public long absorbedCount() {
        return absorbed;
    }

    /** Of the permitted packets, those that passed as a callout's copy (e.g. translated by NAT). */
    public long replacedCount() {
        return replaced;
    }

    public long notIpCount() {
        return notIp;
    }

    public long unparsableCount() {
        return unparsable;
    }

    public long injectedCount() {
        return injected;
    }

    public long injectedPermittedCount() {
        return injectedPermitted;
    }

    public long injectedDroppedCount() {
        return injectedDropped;
    }

    public long injectionsRefusedCount() {
        return injectionsRefused;
    }

    public long outputRefusedCount() {
        return outputRefused;
    }

    public long engineErrorCount() {
        return engineErrors;
    }

    public String lastEngineError() {
        return lastEngineError;
    }

    public long classifies(Layer layer) {
        return classifies[layer.ordinal()];
    }

    public long blocks(Layer layer) {
        return blocks[layer.ordinal()];
    }

    /** Malformed packets by reason, in the enum's order, only reasons that occurred (allocates). */
    public Map<Malformation, Long> malformedByReason() {
        Map<Malformation, Long> m = new LinkedHashMap<>();
        for (Malformation r : Malformation.values()) {
            if (malformed[r.ordinal()] > 0) {
                m.put(r, malformed[r.ordinal()]);
            }
        }
        return m;
    }

    public long malformedTotal() {
        long n = 0;
        for (long c : malformed) {
            n += c;
        }
        return n;
    }

    /** Frames of link types the shim does not parse, by LINKTYPE_* (-1 for numbers beyond the table). */
    public Map<Integer, Long> unsupportedLinkTypes() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int i = 0; i <= LINK_TYPES; i++) {
            if (unsupportedLinkTypes[i] > 0) {
                m.put(i == LINK_TYPES ? -1 : i, unsupportedLinkTypes[i]);
            }
        }
        return m;
    }
}
