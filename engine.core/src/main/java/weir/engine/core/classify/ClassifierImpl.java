package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

import weir.engine.api.ActionType;
import weir.engine.api.ClassifyTrace;
import weir.engine.api.Classifier;
import weir.engine.api.Decision;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NetEventType;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.ThreadCounters;
import weir.engine.core.events.NetEventLog;

/**
 * The classify side: per-layer immutable snapshots, published with one volatile write each, and
 * arbitration over them (spec §4, D1–D13). Internal contract with the management side (weir.engine.core.mgmt):
 * at start it hands over each layer's complete state ({@link #publish(Layer, List, List)}), and on every commit
 * that added or deleted filters it hands over what changed ({@link #publish(List)}).
 *
 * <p>{@link #classify} reads the layer's snapshot and the engine options once each (two volatile reads),
 * takes no lock and allocates nothing when given the objects of {@link #newIncomingValues},
 * {@link #newMetadata} and {@link #newVerdict}. Callouts are found through the {@link CalloutTable} at each
 * call, since they register and unregister without commits.
 *
 * <p>{@link #trace} and {@link #whatIf} are a what-if, and a what-if changes no state: the same arbitration and
 * the same callouts (each called as for a packet, but without a flow), with nothing counted — no layer or filter
 * statistics, no callout calls, errors, times or quarantine (D13), no net event, and no flow context, since a
 * what-if has no flow to hang one on.
 */
public final class ClassifierImpl implements Classifier, LiveTracing {
    /** Engine options in the form the packet path reads. */
    private static final class Settings {
        final EngineOptions options;
        final boolean stopAfterHardBlock;
        final boolean collectDrop;
        final boolean collectAllow;
        final boolean[] defaultBlock = new boolean[Layer.values().length];

        Settings(EngineOptions o) {
            options = o;
            stopAfterHardBlock = o.stopAfterHardBlock();
            collectDrop = o.collectNetEvents();
            collectAllow = o.collectNetEvents() && o.collectClassifyAllow();
            for (Layer l : Layer.values()) {
                defaultBlock[l.ordinal()] = o.defaultAction(l) == ActionType.BLOCK;
            }
        }
    }

    private final CalloutTable callouts;
    private final FlowTable flows;
    private final NetEventLog events;
    private final EngineStatistics statistics;
    private final Arbitration arbitration;
    private final AtomicReferenceArray<LayerSnapshot> snapshots = new AtomicReferenceArray<>(Layer.values().length);
    private volatile Settings settings = new Settings(EngineOptions.defaults());
    private volatile boolean indexing = true;
    /** The live trace, or null (then classify pays this one volatile read for it). */
    private volatile LiveTrace liveTrace;
    /** Publishers take turns (commits already do; this keeps a direct caller from racing one). Never classify. */
    private final Object publishing = new Object();

    public ClassifierImpl(CalloutTable callouts, FlowTable flows, NetEventLog events, EngineStatistics statistics) {
        this.callouts = Objects.requireNonNull(callouts, "callouts");
        this.flows = flows;
        this.events = Objects.requireNonNull(events, "events");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.arbitration = new Arbitration(callouts, Objects.requireNonNull(flows, "flows"));
        for (Layer l : Layer.values()) {
            snapshots.set(l.ordinal(), LayerSnapshot.empty(l));
        }
    }

    /**
     * Replaces a layer's snapshot as a whole (at start, and in tests). {@code subLayers}: every sublayer (they
     * exist in every layer), any order; {@code filters}: every filter of this layer, with filterId, subLayerKey
     * and effectiveWeight filled. Builds the new immutable snapshot, keeping the compiled form of filters the
     * current one has, then publishes it with one volatile write. Filters flagged DISABLED are not enforced.
     *
     * @throws IllegalArgumentException for a filter of another layer, without filterId, or in a sublayer that
     *         is not listed (nothing is published then)
     */
    public void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters) {
        synchronized (publishing) {
            LayerSnapshot s = SnapshotCompiler.compile(layer, subLayers, filters, callouts, statistics, indexing,
                    snapshots.get(layer.ordinal()));
            long[] ids = new long[filters.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = filters.get(i).filterId();
            }
            statistics.retain(layer, ids);
            snapshots.set(layer.ordinal(), s);
        }
    }

    /**
     * Applies one committed transaction's changes, layer by layer: each layer's next snapshot is made from its
     * current one and the change (sharing all that the change did not touch, {@link SnapshotUpdate}), and when
     * all are made each is published with one volatile write. The counters of deleted filters are forgotten.
     *
     * @return what puts the previous snapshots (and counters) back, for a commit that fails after publishing
     * @throws IllegalArgumentException for an added filter of another layer, without filterId, or in a sublayer
     *         that is neither published nor listed (nothing is published then)
     */
    public Runnable publish(List<LayerChange> changes) {
        synchronized (publishing) {
            int n = changes.size();
            LayerSnapshot[] before = new LayerSnapshot[n];
            LayerSnapshot[] after = new LayerSnapshot[n];
            boolean index = indexing;
            for (int i = 0; i < n; i++) {
                LayerChange c = changes.get(i);
                int l = c.layer().ordinal();
                LayerSnapshot current = snapshots.get(l);
                for (int j = 0; j < i; j++) {
                    if (changes.get(j).layer() == c.layer()) {
                        current = after[j]; // a layer named twice: the second change applies to the first's result
                    }
                }
                before[i] = snapshots.get(l);
                after[i] = SnapshotUpdate.apply(current, c, callouts, statistics, index);
            }
            List<EngineStatistics.FilterCounters> forgotten = new ArrayList<>();
            int adds = 0;
            for (LayerChange c : changes) {
                adds += c.added().size();
            }
            long[] added = new long[adds]; // the ids, unboxed: an import adds thousands
            int a = 0;
            for (int i = 0; i < n; i++) {
                snapshots.set(changes.get(i).layer().ordinal(), after[i]);
                for (Filter f : changes.get(i).deleted()) {
                    EngineStatistics.FilterCounters c = statistics.forget(f.filterId());
                    if (c != null) {
                        forgotten.add(c);
                    }
                }
                for (Filter f : changes.get(i).added()) {
                    added[a++] = f.filterId();
                }
            }
            return () -> {
                synchronized (publishing) {
                    for (int i = n - 1; i >= 0; i--) {
                        snapshots.set(changes.get(i).layer().ordinal(), before[i]);
                    }
                    for (long id : added) {
                        statistics.forget(id);
                    }
                    for (EngineStatistics.FilterCounters c : forgotten) {
                        statistics.restore(c);
                    }
                }
            };
        }
    }

    /**
     * New engine options take effect for the next classification. Also applies the callout quarantine
     * threshold (to the CalloutTable) and the net-event capacity (to the NetEventLog).
     */
    public void setOptions(EngineOptions options) {
        Objects.requireNonNull(options, "options");
        callouts.setQuarantineThreshold(options.calloutQuarantineThreshold());
        callouts.setSlowCallLimits(options.calloutBudgetMillis(), options.calloutSlowCallThreshold());
        events.setCapacity(options.netEventCapacity());
        settings = new Settings(options);
    }

    public EngineOptions options() {
        return settings.options;
    }

    /**
     * Whether publish builds indexes (default true). Off, every sublayer is a linear scan: the reference the
     * index is tested against. Takes effect at the next publish.
     */
    public void setIndexing(boolean on) {
        indexing = on;
    }

    /** The layer's current snapshot (tests, diagnostics). */
    LayerSnapshot snapshot(Layer layer) {
        return snapshots.get(layer.ordinal());
    }

    @Override
    public IncomingValues newIncomingValues(Layer layer) {
        return new PacketValues(layer);
    }

    @Override
    public Metadata newMetadata() {
        return new PacketMetadata();
    }

    @Override
    public Verdict newVerdict() {
        PacketVerdict v = new PacketVerdict();
        v.counters = statistics.newThreadCounters(v);
        return v;
    }

    @Override
    public void classify(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData, Verdict out) {
        PacketVerdict v = verdict(out);
        ThreadCounters counters = counters(v);
        Settings st = settings;
        LayerSnapshot snap = snapshots.get(layer.ordinal());
        PacketValues pv = packetValues(layer, values);
        LiveTrace trace = liveTrace;
        long traced = trace == null ? 0 : trace.selects(layer, pv, System.nanoTime());
        if (traced == 0) {
            arbitration.run(snap, st.stopAfterHardBlock, pv, values, metadata, layerData, v, true, null);
            finish(layer, st, v);
        } else {
            // a packet the live trace selected: the same classification, watched (this one allocates)
            Tracer tracer = new Tracer(v, callouts.budgetNanos(), true);
            v.traced = true;
            try {
                arbitration.run(snap, st.stopAfterHardBlock, pv, values, metadata, layerData, v, true, tracer);
            } finally {
                v.traced = false;
                v.calledNanos = -1;
                v.calledError = null;
            }
            finish(layer, st, v);
            trace.emit(traced, layer, pv, metadata == null ? 0 : metadata.timestampNanos(), v, tracer);
        }
        boolean block = v.action() == ActionType.BLOCK;
        long flow = metadata == null ? 0 : metadata.flowHandle();
        if (flow != 0 && layer.isAle() && (block || !isFlowEstablished(layer))) {
            flows.aleDecided(flow, v); // the flow's ALE decision, for FlowContexts.aleDecision
        }
        counters.classified(layer, block, v.vetoed());
        if (block) {
            if (st.collectDrop && !v.absorbed()) {
                events.record(NetEventType.CLASSIFY_DROP, layer, v.filterId(), v.vetoed(), values, metadata);
            }
        } else if (st.collectAllow) {
            events.record(NetEventType.CLASSIFY_ALLOW, layer, v.filterId(), false, values, metadata);
        }
    }

    @Override
    public boolean classifyIfEmpty(Layer layer, long flowHandle, Verdict out) {
        Settings st = settings;
        int l = layer.ordinal();
        // an empty layer holds no sublayer entry (LayerSnapshot keeps only sublayers with enabled filters)
        if (snapshots.get(l).subLayers.length != 0 || st.defaultBlock[l] || st.collectAllow || liveTrace != null) {
            return false;
        }
        PacketVerdict v = verdict(out);
        ThreadCounters counters = counters(v);
        v.begin();
        finish(layer, st, v); // D2: PERMIT, NO_MATCH, filter 0
        if (flowHandle != 0 && layer.isAle() && !isFlowEstablished(layer)) {
            flows.aleDecided(flowHandle, v);
        }
        counters.classified(layer, false, false);
        return true;
    }

    /**
     * Arms a live trace: from now on, real packets it selects are classified with a tracer and their walks handed
     * to its sink. One trace at a time: a second one is refused while the first is armed.
     *
     * @return what disarms it (idempotent)
     * @throws IllegalStateException when another trace is armed
     */
    @Override
    public AutoCloseable startTrace(LiveTrace trace) {
        synchronized (this) {
            if (liveTrace != null) {
                throw new IllegalStateException("a live trace is running already (" + liveTrace.expression()
                        + "); one trace at a time");
            }
            liveTrace = trace;
        }
        return () -> {
            synchronized (this) {
                if (liveTrace == trace) {
                    liveTrace = null;
                }
            }
        };
    }

    /** The armed live trace, or null. */
    public LiveTrace liveTrace() {
        return liveTrace;
    }

    /** A what-if over the layer's published filters (see {@link #whatIf}). */
    @Override
    public ClassifyTrace trace(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData) {
        return whatIf(layer, null, null, values, metadata, layerData).trace();
    }

    /**
     * A what-if: the decision a packet with these values would get, with every sublayer's trace and the callout
     * calls made, changing no state (see the class comment). Callouts see the metadata without its flow handle.
     *
     * @param subLayers with {@code filters}: a layer state to evaluate instead of the published one (a
     *        transaction's draft), compiled for this one call and never published; null for the published one
     * @param filters every filter of that state at this layer, filterId, subLayerKey and effectiveWeight filled
     */
    public WhatIf whatIf(Layer layer, List<SubLayer> subLayers, List<Filter> filters, IncomingValues values,
            Metadata metadata, LayerData layerData) {
        boolean draft = subLayers != null;
        // a draft's filters get counters of their own, thrown away with the snapshot; no index for one packet
        LayerSnapshot snap = draft
                ? SnapshotCompiler.compile(layer, subLayers, filters, callouts, new EngineStatistics(), false)
                : snapshots.get(layer.ordinal());
        PacketVerdict v = new PacketVerdict();
        v.whatIf = true;
        Settings st = settings;
        Tracer tracer = new Tracer(v, callouts.budgetNanos());
        arbitration.run(snap, st.stopAfterHardBlock, packetValues(layer, values), values, withoutFlow(metadata),
                layerData, v, false, tracer);
        finish(layer, st, v);
        Decision d = v.toDecision();
        return new WhatIf(new ClassifyTrace(layer, d, tracer.finish()), tracer.calls(), draft);
    }

    /** The metadata a what-if's callouts see: as given, but on no flow (so they can associate no context). */
    private static Metadata withoutFlow(Metadata m) {
        PacketMetadata out = new PacketMetadata();
        if (m != null) {
            out.setPacketDirection(m.packetDirection());
            out.setHeaderSizes(m.ipHeaderSize(), m.transportHeaderSize());
            out.setTimestampNanos(m.timestampNanos());
            out.setInjection(m.injectedBy(), m.previouslyInjectedBy());
        }
        return out;
    }

    /** ALE_FLOW_ESTABLISHED reports an authorized flow; only its BLOCK changes the flow's ALE decision. */
    private static boolean isFlowEstablished(Layer layer) {
        return layer == Layer.ALE_FLOW_ESTABLISHED_V4 || layer == Layer.ALE_FLOW_ESTABLISHED_V6;
    }

    /** The verdict from arbitration's state: the layer's default when nothing decided (D2). */
    private static void finish(Layer layer, Settings st, PacketVerdict v) {
        if (v.current == Arbitration.NONE) {
            v.set(st.defaultBlock[layer.ordinal()] ? ActionType.BLOCK : ActionType.PERMIT, false, false, 0, false,
                    weir.engine.api.DecisionReason.NO_MATCH);
            return;
        }
        boolean block = v.current == Arbitration.BLOCK;
        v.set(block ? ActionType.BLOCK : ActionType.PERMIT, !v.writable, block && v.absorb, v.deciding, v.veto, v.why);
    }

    /**
     * The verdict's counters in this engine: given by newVerdict; a verdict first used here (another engine's)
     * gets counters of this engine once (allocates then, not per packet).
     */
    private ThreadCounters counters(PacketVerdict v) {
        ThreadCounters c = v.counters;
        if (c == null || !c.of(statistics)) {
            c = statistics.newThreadCounters(v);
            v.counters = c;
        }
        return c;
    }

    private static PacketVerdict verdict(Verdict out) {
        if (out instanceof PacketVerdict p) {
            return p;
        }
        throw new IllegalArgumentException("classify writes into a Verdict from Classifier.newVerdict(), not "
                + (out == null ? "null" : out.getClass().getName()));
    }

    /** Our values as they are; anything else is copied (allocates: use newIncomingValues on the packet path). */
    private static PacketValues packetValues(Layer layer, IncomingValues values) {
        if (values.layer() != layer) {
            throw new IllegalArgumentException("values are for " + values.layer() + ", not " + layer);
        }
        if (values instanceof PacketValues p) {
            return p;
        }
        PacketValues p = new PacketValues(layer);
        p.copyFrom(values);
        return p;
    }
}
