package weir.callouts.nat;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.FlowContexts;
import weir.engine.api.InjectionState;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

/**
 * What both NAT callouts do with a packet (WinDivert-style capture, rewrite, fix checksums, reinject, spec §7;
 * netfilter's state model, spec §8): find the packet's mapping by its tuple, or make one from the first rule
 * that matches a flow's first packet; rewrite a copy; inject it in the packet's own direction; absorb the
 * original. The inbound callout and the outbound one differ only in the direction they pass in.
 *
 * <p>Mappings end with their flows: each flow that uses a mapping holds it as flow context, and the last
 * flowDelete starts its hold time (capture time, {@link NatCore#holdSeconds}), after which its port is free.
 *
 * <p>The packet path takes no lock and allocates nothing: one {@link Scratch} per thread from a pool, lookups
 * in primitive arrays. A new mapping allocates its flow context (one small record per flow, as the engine's
 * API requires an object).
 */
final class Translator {
    /** Attempts at a source NAT port whose reply tuple is free (a replaced rule's mappings may hold some). */
    private static final int PORT_ATTEMPTS = 8;

    private final NatCore core;
    private final FlowContexts flows;
    private final RuleBook rules;
    private final MappingTable table;
    private final NatStatistics stats;
    private final ScratchPool scratch = new ScratchPool(8);

    Translator(NatCore core, FlowContexts flows, RuleBook rules, MappingTable table, NatStatistics stats) {
        this.core = core;
        this.flows = flows;
        this.rules = rules;
        this.table = table;
        this.stats = stats;
    }

    void classify(boolean inbound, int calloutId, Layer layer, Metadata metadata, LayerData layerData,
            Filter filter, Object flowContext, ClassifyOut out) {
        if (!out.hasWriteRight()) {
            stats.add(NatCounter.NO_WRITE_RIGHT);
            return;
        }
        int now = core.tick(metadata.timestampNanos());
        NatCore.Injection inj = core.injection();
        if (inj == null) {
            stats.add(NatCounter.NO_INJECTOR);
            permit(filter, out);
            return;
        }
        InjectionState state = inj.injector().state(inj.handle(), metadata);
        if (state == InjectionState.INJECTED_BY_SELF || state == InjectionState.PREVIOUSLY_INJECTED_BY_SELF) {
            stats.add(NatCounter.OWN_INJECTED);
            permit(filter, out);
            return;
        }
        Scratch s = scratch.take();
        try {
            int action = translate(s, inbound, calloutId, layer, now, inj, metadata, layerData, flowContext);
            if (action == PERMIT) {
                permit(filter, out);
            } else if (action == ABSORB) {
                out.setActionType(ActionType.BLOCK);
                out.setAbsorb();
                out.clearWriteRight();
            } else {
                // a hard BLOCK without ABSORB: the engine records a net event for it
                out.setActionType(ActionType.BLOCK);
                out.clearWriteRight();
            }
        } finally {
            scratch.give(s);
        }
    }

    private static final int PERMIT = 0;
    private static final int ABSORB = 1;
    private static final int BLOCK = 2;

    private int translate(Scratch s, boolean inbound, int calloutId, Layer layer, int now, NatCore.Injection inj,
            Metadata metadata, LayerData layerData, Object flowContext) {
        PacketView p = s.view;
        int parsed = p.parse(layerData);
        if (parsed == PacketView.IPV6) {
            stats.add(NatCounter.IPV6);
            return PERMIT;
        }
        if (parsed != PacketView.OK) {
            return untranslatable(p, inbound);
        }
        if (p.icmpError) {
            return icmpError(s, inbound, inj, metadata);
        }
        MappingTable.Hit hit = s.hit;
        if (!p.hasPorts) {
            // other protocols, ICMP other than echo and errors: only static NAT maps them (addresses only)
            NatRule r = rules.staticRule(p.source, p.destination, inbound);
            if (r != null) {
                return staticNat(s, r, inbound, inj, metadata);
            }
            return untranslatable(p, inbound);
        }
        if (table.find(p.protocol, p.source, p.sourcePort, p.destination, p.destinationPort, hit)) {
            boolean ours = hit.direction == MappingTable.ORIGINAL ? hit.inbound == inbound : hit.inbound != inbound;
            if (!ours) {
                stats.add(NatCounter.WRONG_DIRECTION);
                return PERMIT;
            }
            if (flowContext == null) {
                join(hit, metadata.flowHandle(), layer, calloutId);
            }
        } else {
            NatRule rule = rules.match(p, inbound);
            if (rule == null) {
                stats.add(NatCounter.NO_RULE);
                return PERMIT;
            }
            if (rule.spec.type() == RuleType.STATIC) {
                return staticNat(s, rule, inbound, inj, metadata);
            }
            long flow = metadata.flowHandle();
            if (flow == 0) {
                // a mapping is released at flowDelete: without a flow it would never end
                stats.add(NatCounter.NO_FLOW);
                return BLOCK;
            }
            NatCounter refused = create(p, rule, inbound, now, hit);
            if (refused != null) {
                stats.add(refused);
                return BLOCK;
            }
            associate(hit, flow, layer, calloutId);
        }
        byte[] buf = s.copy(p);
        PacketRewriter.rewrite(buf, p, hit.source, hit.sourcePort, hit.destination, hit.destinationPort);
        if (!inject(inj, inbound, buf, p.totalLength, metadata)) {
            return BLOCK;
        }
        table.count(hit);
        stats.add(hit.direction == MappingTable.ORIGINAL ? NatCounter.TRANSLATED_ORIGINAL
                : NatCounter.TRANSLATED_REPLY);
        return ABSORB;
    }

    /**
     * A flow's first packet that {@code rule} covers: a new mapping in {@code hit} (or the one another thread
     * made for the same flow a moment earlier). Null on success, else why the packet is dropped.
     */
    private NatCounter create(PacketView p, NatRule rule, boolean inbound, int now, MappingTable.Hit hit) {
        RuleSpec spec = rule.spec;
        int src = p.source;
        int sport = p.sourcePort;
        int dst = p.destination;
        int dport = p.destinationPort;
        boolean snat = spec.type() == RuleType.SNAT;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int nsrc = src;
            int nsport = sport;
            int ndst = dst;
            int ndport = dport;
            int port = -1;
            if (snat) {
                port = rule.allocate(p.protocolBit);
                if (port < 0) {
                    // ports of mappings whose hold time has passed may not have been reaped yet
                    if (core.reap(now) == 0 || (port = rule.allocate(p.protocolBit)) < 0) {
                        return NatCounter.PORTS_EXHAUSTED;
                    }
                }
                nsrc = spec.outside().address();
                nsport = port;
                if (p.protocol == 1) {
                    ndport = port; // the echo identifier names the flow both ways
                }
            } else {
                ndst = spec.inside().address();
                ndport = spec.insidePort();
            }
            int m = table.create(p.protocol, src, sport, dst, dport, nsrc, nsport, ndst, ndport, inbound,
                    rule.serial, now);
            if (m == MappingTable.FULL && core.reap(now) > 0) {
                m = table.create(p.protocol, src, sport, dst, dport, nsrc, nsport, ndst, ndport, inbound,
                        rule.serial, now);
            }
            if (m >= 0) {
                stats.add(NatCounter.MAPPINGS_CREATED);
                return table.find(p.protocol, src, sport, dst, dport, hit) ? null : NatCounter.CLASH;
            }
            if (port >= 0) {
                rule.free(p.protocol, port);
            }
            if (MappingTable.existing(m) >= 0) {
                // another thread made it meanwhile; joining it takes a reference as for a reply flow
                return table.find(p.protocol, src, sport, dst, dport, hit) && table.retain(hit.mapping,
                        hit.generation) ? null : NatCounter.CLASH;
            }
            if (m == MappingTable.FULL) {
                return NatCounter.TABLE_FULL;
            }
            if (!snat) {
                return NatCounter.CLASH; // a forward's reply tuple in use: nothing else to try
            }
        }
        return NatCounter.CLASH;
    }

    /** Associates a mapping (with the reference {@link #create} took) with the packet's flow. */
    private void associate(MappingTable.Hit hit, long flow, Layer layer, int calloutId) {
        MappingRef ref = new MappingRef(hit.mapping, hit.generation);
        if (calloutId != 0) {
            try {
                flows.associate(flow, layer, calloutId, ref);
                return;
            } catch (WfpException e) {
                stats.add(NatCounter.ASSOCIATE_FAILED);
            }
        }
        release(ref);
    }

    /** A flow new to this callout uses an existing mapping (a reply flow, or a new flow on a held mapping). */
    private void join(MappingTable.Hit hit, long flow, Layer layer, int calloutId) {
        if (flow == 0 || !table.retain(hit.mapping, hit.generation)) {
            return; // this packet is still translated; nothing is kept for a flow that is not there
        }
        stats.add(NatCounter.FLOWS_JOINED);
        associate(hit, flow, layer, calloutId);
    }

    /** flowDelete of either callout: the flow gives its reference back. */
    void release(Object flowContext) {
        if (flowContext instanceof MappingRef ref && table.release(ref.mapping(), ref.generation(), core.now()) == 0) {
            stats.add(NatCounter.MAPPINGS_HELD);
        }
    }

    /** Static NAT: addresses only, no state; every protocol. */
    private int staticNat(Scratch s, NatRule rule, boolean inbound, NatCore.Injection inj, Metadata metadata) {
        PacketView p = s.view;
        int src = inbound ? p.source : rule.mapStatic(p.source, false);
        int dst = inbound ? rule.mapStatic(p.destination, true) : p.destination;
        byte[] buf = s.copy(p);
        PacketRewriter.rewrite(buf, p, src, p.sourcePort, dst, p.destinationPort);
        if (!inject(inj, inbound, buf, p.totalLength, metadata)) {
            return BLOCK;
        }
        stats.add(NatCounter.TRANSLATED_STATIC);
        return ABSORB;
    }

    /**
     * An ICMP error: translated as a reply of the flow whose datagram it quotes would be (outer destination,
     * quoted source), and its outer source too when it came from that flow's other end. Static rules map it by
     * addresses. Without either it passes, unless a rule covers its addresses.
     */
    private int icmpError(Scratch s, boolean inbound, NatCore.Injection inj, Metadata metadata) {
        PacketView p = s.view;
        IcmpErrors.Quoted q = s.quoted;
        if (!IcmpErrors.parse(p, q)) {
            return untranslatable(p, inbound);
        }
        MappingTable.Hit hit = s.hit;
        int outerSource = p.source;
        int outerDestination = p.destination;
        int qsrc;
        int qsport;
        int qdst;
        int qdport;
        if (table.find(q.protocol, q.destination, q.destinationPort, q.source, q.sourcePort, hit)
                && (hit.direction == MappingTable.ORIGINAL ? hit.inbound == inbound : hit.inbound != inbound)) {
            // hit: how a packet with the quoted tuple reversed is translated
            if (outerDestination == q.source) {
                outerDestination = hit.destination;
            }
            if (outerSource == q.destination) {
                outerSource = hit.source;
            }
            qsrc = hit.destination;
            qsport = hit.destinationPort;
            qdst = hit.source;
            qdport = hit.sourcePort;
        } else {
            NatRule r = rules.staticRule(outerSource, outerDestination, inbound);
            if (r == null) {
                if (rules.covers(outerSource, outerDestination, inbound)) {
                    stats.add(NatCounter.UNTRANSLATABLE_BLOCKED);
                    return BLOCK;
                }
                stats.add(NatCounter.ICMP_ERRORS_UNMATCHED);
                return PERMIT;
            }
            qsrc = q.source;
            qdst = q.destination;
            if (inbound) {
                outerDestination = r.mapStatic(outerDestination, true);
                qsrc = r.spec.outside().contains(q.source) ? r.mapStatic(q.source, true) : q.source;
            } else {
                outerSource = r.mapStatic(outerSource, false);
                qdst = r.spec.inside().contains(q.destination) ? r.mapStatic(q.destination, false) : q.destination;
            }
            qsport = q.sourcePort;
            qdport = q.destinationPort;
        }
        byte[] buf = s.copy(p);
        IcmpErrors.rewrite(buf, p, q, outerSource, outerDestination, qsrc, qsport, qdst, qdport);
        if (!inject(inj, inbound, buf, p.totalLength, metadata)) {
            return BLOCK;
        }
        stats.add(NatCounter.ICMP_ERRORS_TRANSLATED);
        return ABSORB;
    }

    /** A packet that cannot be translated: dropped if a rule claims its addresses, else permitted. */
    private int untranslatable(PacketView p, boolean inbound) {
        if (p.addresses && rules.covers(p.source, p.destination, inbound)) {
            stats.add(NatCounter.UNTRANSLATABLE_BLOCKED);
            return BLOCK;
        }
        stats.add(NatCounter.UNTRANSLATABLE_PERMITTED);
        return PERMIT;
    }

    private boolean inject(NatCore.Injection inj, boolean inbound, byte[] buf, int length, Metadata metadata) {
        try {
            inj.injector().inject(inj.handle(), inbound ? Direction.INBOUND : Direction.OUTBOUND, buf, 0, length,
                    metadata);
            return true;
        } catch (WfpException e) {
            // the original must not leave untranslated: drop it, the sender retransmits
            stats.add(NatCounter.INJECT_FAILED);
            return false;
        }
    }

    /** A soft PERMIT, hard where the filter says so (spec rule 8: honouring CLEAR_ACTION_RIGHT is the callout's duty). */
    private static void permit(Filter filter, ClassifyOut out) {
        out.setActionType(ActionType.PERMIT);
        if (filter.has(FilterFlag.CLEAR_ACTION_RIGHT)) {
            out.clearWriteRight();
        }
    }
}
