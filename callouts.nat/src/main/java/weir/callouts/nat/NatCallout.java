package weir.callouts.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.InjectionState;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;
import weir.engine.api.PacketInjector;
import weir.engine.api.WfpException;

/**
 * The NAT callout (key {@value #KEY}): a terminating callout that rewrites IPv4 addresses and ports the way
 * WinDivert users do it by hand (spec §7: capture, rewrite, fix checksums, reinject) with netfilter's state
 * model (spec §8: the first packet of a flow consults the rules, its {@link Translation} rewrites every later
 * packet both ways).
 *
 * <p>Use: a CALLOUT_TERMINATING (or CALLOUT_UNKNOWN) filter naming {@value #KEY} at INBOUND_TRANSPORT_V4 and at
 * OUTBOUND_TRANSPORT_V4 (layers with flows where every packet passes); notify refuses other layers. A packet it
 * translates is absorbed (BLOCK + ABSORB, write right cleared) and its rewritten copy injected in the same
 * direction; its own injected packets come back through the layers and are permitted (spec rule 29).
 *
 * <p>A terminating callout cannot say CONTINUE (a terminating filter turns it into BLOCK), so packets no rule
 * and no translation covers get a soft PERMIT: a lower sublayer can still block them. Without the write right
 * it leaves the action alone (and the packet untranslated). Without a {@link PacketInjector} (monitor mode) it
 * cannot send copies: it permits untranslated and counts "no injector". No flags: a flow's first packet has no
 * context yet, so CONDITIONAL_ON_FLOW would hide exactly the packets that create translations.
 */
@Component(service = {Callout.class, NatCallout.class}, property = "callout.name=weir nat")
@CalloutKey(NatCallout.KEY)
public final class NatCallout implements Callout {
    /** The callout key that filters name. */
    public static final String KEY = "5b0d7c3e-9a61-4f2b-8e47-2c1a6d9f0b13";
    static final UUID CALLOUT_KEY = UUID.fromString(KEY);

    private final FlowContexts flows;
    private final RuleBook rules;
    private final TranslationTable table = new TranslationTable();
    private final NatStatistics stats = new NatStatistics();
    private final ScratchPool scratch = new ScratchPool(8);
    private final List<String> refusedFilters = new ArrayList<>();
    private volatile Injection injection;
    private volatile int calloutId;

    /** The injector and this callout's handle with it, swapped as one so a classify never mixes two. */
    private record Injection(PacketInjector injector, Object handle) {
    }

    @Activate
    public NatCallout(@Reference FlowContexts flows, @Reference RuleBook rules) {
        this.flows = flows;
        this.rules = rules;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindInjector(PacketInjector injector) {
        injection = new Injection(injector, injector.createHandle("weir.nat"));
    }

    void unbindInjector(PacketInjector injector) {
        Injection i = injection;
        if (i != null && i.injector == injector) {
            injection = null;
        }
    }

    @Override
    public void registered(int id) {
        calloutId = id;
    }

    @Override
    public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        if (type != NotifyType.ADD_FILTER) {
            return true;
        }
        String why = null;
        if (filter.layer() != Layer.INBOUND_TRANSPORT_V4 && filter.layer() != Layer.OUTBOUND_TRANSPORT_V4) {
            why = "is at " + filter.layer() + "; the nat callout works at INBOUND_TRANSPORT_V4 and "
                    + "OUTBOUND_TRANSPORT_V4 (layers with flows that every IPv4 packet crosses)";
        } else if (filter.action().type() == ActionType.CALLOUT_INSPECTION) {
            why = "is CALLOUT_INSPECTION; use CALLOUT_TERMINATING so the absorbed original is not sent as well";
        }
        if (why != null) {
            synchronized (refusedFilters) {
                refusedFilters.add("filter '" + filter.name() + "' refused: it " + why);
            }
            return false;
        }
        return true;
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        if (!out.hasWriteRight()) {
            stats.add(NatCounter.NO_WRITE_RIGHT);
            return;
        }
        Injection inj = injection;
        if (inj == null) {
            stats.add(NatCounter.NO_INJECTOR);
            permit(filter, out);
            return;
        }
        InjectionState state = inj.injector.state(inj.handle, metadata);
        if (state == InjectionState.INJECTED_BY_SELF || state == InjectionState.PREVIOUSLY_INJECTED_BY_SELF) {
            stats.add(NatCounter.OWN_INJECTED);
            permit(filter, out);
            return;
        }
        Scratch s = scratch.take();
        try {
            if (translate(s, inj, metadata, layerData, filter.layer(), flowContext, out) == ActionType.PERMIT) {
                permit(filter, out);
            }
        } finally {
            scratch.give(s);
        }
    }

    /** A soft PERMIT, hard where the filter says so (spec rule 8: honouring CLEAR_ACTION_RIGHT is the callout's duty). */
    private static void permit(Filter filter, ClassifyOut out) {
        out.setActionType(ActionType.PERMIT);
        if (filter.has(FilterFlag.CLEAR_ACTION_RIGHT)) {
            out.clearWriteRight();
        }
    }

    /**
     * Translates and injects a packet that is not ours when a translation covers it, and sets BLOCK (absorbed
     * when a copy went out). Returns BLOCK, or PERMIT for the caller to set.
     */
    private ActionType translate(Scratch s, Injection inj, Metadata metadata, LayerData layerData, Layer layer,
            Object flowContext, ClassifyOut out) {
        PacketView p = s.view;
        int parsed = p.parse(layerData);
        if (parsed != PacketView.OK) {
            stats.add(notTranslatable(parsed));
            return ActionType.PERMIT;
        }
        if (p.protocolBit == 0) {
            stats.add(NatCounter.OTHER_PROTOCOL);
            return ActionType.PERMIT;
        }
        FlowKey probe = s.probe.set(p);
        Translation t = flowContext instanceof Translation c ? c : null;
        boolean haveContext = t != null;
        if (t == null) {
            t = table.original(probe);
            if (t == null) {
                t = table.reply(probe);
            }
        }
        if (t == null) {
            NatRule rule = rules.match(p);
            if (rule == null) {
                stats.add(NatCounter.NO_RULE);
                return ActionType.PERMIT;
            }
            if (metadata.flowHandle() == 0) {
                // a translation is released at flowDelete: without a flow it would never be
                stats.add(NatCounter.NO_FLOW);
                return ActionType.PERMIT;
            }
            t = create(rule, p, metadata.flowHandle(), layer);
            if (t == null) {
                return hardBlock(out);
            }
        } else if (!haveContext) {
            associate(t, metadata.flowHandle(), layer, t.retain());
        }
        boolean original = probe.equals(t.originalKey);
        if (!original && !probe.equals(t.replyKey)) {
            stats.add(NatCounter.NOT_THIS_FLOW);
            return ActionType.PERMIT;
        }
        byte[] buf = s.buffer(p.totalLength);
        System.arraycopy(p.array, p.ipOffset, buf, 0, p.totalLength);
        if (original) {
            PacketRewriter.rewrite(buf, p, t.newSource, t.newSourcePort, t.newDestination, t.newDestinationPort);
        } else {
            PacketRewriter.rewrite(buf, p, t.originalDestination, t.originalDestinationPort, t.originalSource,
                    t.originalSourcePort);
        }
        try {
            inj.injector.inject(inj.handle, direction(metadata, layer), buf, 0, p.totalLength, metadata);
        } catch (WfpException e) {
            // the original must not leave untranslated: drop it, the sender retransmits
            stats.add(NatCounter.INJECT_FAILED);
            return hardBlock(out);
        }
        (original ? t.originalPackets : t.replyPackets).incrementAndGet();
        stats.add(original ? NatCounter.TRANSLATED_ORIGINAL : NatCounter.TRANSLATED_REPLY);
        out.setActionType(ActionType.BLOCK);
        out.setAbsorb();
        out.clearWriteRight();
        return ActionType.BLOCK;
    }

    /**
     * The first packet of a flow that {@code rule} covers: a new translation (or the one another thread made
     * for the same flow a moment earlier), associated with the flow. Null if the packet must be dropped.
     */
    private Translation create(NatRule rule, PacketView p, long flowHandle, Layer layer) {
        Translation fresh = rule.translate(p, table.nextId());
        if (fresh == null) {
            stats.add(NatCounter.PORTS_EXHAUSTED);
            return null;
        }
        Translation t = table.publish(fresh);
        if (t == null) {
            stats.add(NatCounter.CLASH);
            return null;
        }
        boolean mine = t == fresh;
        if (mine) {
            stats.add(NatCounter.TRANSLATIONS_CREATED);
        }
        associate(t, flowHandle, layer, mine || t.retain());
        return t;
    }

    /**
     * Associates a translation with the packet's flow, using a reference already taken ({@code referenced}:
     * the creator's, or one from {@link Translation#retain}). If the engine refuses, the reference is dropped.
     */
    private void associate(Translation t, long flowHandle, Layer layer, boolean referenced) {
        if (!referenced) {
            return; // released meanwhile: this packet is still translated, nothing is kept
        }
        int id = calloutId;
        if (flowHandle != 0 && id != 0) {
            try {
                flows.associate(flowHandle, layer, id, t);
                return;
            } catch (WfpException e) {
                stats.add(NatCounter.ASSOCIATE_FAILED);
            }
        }
        release(t);
    }

    @Override
    public void flowDelete(Layer layer, int id, Object flowContext) {
        if (flowContext instanceof Translation t) {
            release(t);
        }
    }

    private void release(Translation t) {
        if (table.drop(t)) {
            stats.add(NatCounter.TRANSLATIONS_RELEASED);
        }
    }

    private static ActionType hardBlock(ClassifyOut out) {
        out.setActionType(ActionType.BLOCK);
        out.clearWriteRight();
        return ActionType.BLOCK;
    }

    private static Direction direction(Metadata metadata, Layer layer) {
        Direction d = metadata.packetDirection();
        if (d != null) {
            return d;
        }
        return layer == Layer.INBOUND_TRANSPORT_V4 || layer == Layer.INBOUND_TRANSPORT_V6
                || layer == Layer.INBOUND_IPPACKET_V4 || layer == Layer.INBOUND_IPPACKET_V6
                ? Direction.INBOUND : Direction.OUTBOUND;
    }

    private static NatCounter notTranslatable(int reason) {
        switch (reason) {
            case PacketView.IPV6:
                return NatCounter.IPV6;
            case PacketView.FRAGMENT:
                return NatCounter.FRAGMENT;
            case PacketView.TRUNCATED:
                return NatCounter.TRUNCATED;
            case PacketView.OTHER_PROTOCOL:
                return NatCounter.OTHER_PROTOCOL;
            default:
                return NatCounter.MALFORMED;
        }
    }

    // ---- views for the shell and tests ----

    List<Translation> translations() {
        return table.snapshot();
    }

    int calloutId() {
        return calloutId;
    }

    boolean hasInjector() {
        return injection != null;
    }

    long count(NatCounter c) {
        return stats.get(c);
    }

    List<String> refusedFilters() {
        synchronized (refusedFilters) {
            return new ArrayList<>(refusedFilters);
        }
    }
}
