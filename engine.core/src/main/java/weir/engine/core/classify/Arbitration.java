package weir.engine.core.classify;

import weir.engine.api.ActionType;
import weir.engine.api.DecisionReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.callout.Registration;

/**
 * Filter arbitration over one layer's snapshot: spec §4's pseudo-code with D1 (stopAfterHardBlock), D6
 * (initial actionType), D7 (CALLOUT_UNKNOWN's NONE = CONTINUE), D8 (the engine clears WRITE after a callout
 * PERMIT on a CLEAR_ACTION_RIGHT filter), D9 (implicit BLOCK hard, implicit PERMIT soft), D10 (veto), D13
 * (a failing or quarantined callout behaves as unregistered) and rule 28 (CONDITIONAL_ON_FLOW).
 *
 * <p>One reading of §4 is made explicit here: the veto branch is for a BLOCK that a callout <em>returned</em>.
 * The implicit BLOCK of an unregistered, quarantined or failed callout acts as a static block filter (D9:
 * "hard like a static block"), and a static block cannot veto (rule 6), so it does not veto either.
 *
 * <p>The packet path: no allocation, no lock; state lives in the caller's {@link PacketVerdict}.
 */
final class Arbitration {
    // kinds (spec §4: CONTINUE / PERMIT / BLOCK; NONE only as the decision's initial action)
    static final int CONTINUE = 0;
    static final int PERMIT = 1;
    static final int BLOCK = 2;
    static final int NONE = 3;

    // a filter's result, packed into an int: kind | flags | reason << 5 | note << 8
    static final int KIND = 3;
    static final int CLEARS = 1 << 2;
    static final int ABSORB = 1 << 3;
    static final int FROM_CALLOUT = 1 << 4;
    static final int REASON_SHIFT = 5;
    static final int NOTE_SHIFT = 8;

    static final int NOTE_UNREGISTERED = 1;
    static final int NOTE_QUARANTINED = 2;
    static final int NOTE_FAILED = 3;
    static final int NOTE_NO_FLOW_CONTEXT = 4;
    static final int NOTE_NO_RIGHT = 5;

    private static final DecisionReason[] REASONS = DecisionReason.values();
    private static final int STATIC = DecisionReason.STATIC_FILTER.ordinal() << REASON_SHIFT;
    private static final int BY_CALLOUT = DecisionReason.CALLOUT.ordinal() << REASON_SHIFT;
    /** Stored as a failure's "last error" when a callout leaves no action (D13); a constant, so no allocation. */
    static final String NO_ACTION = "classify left no action type (setActionType(null))";

    private final CalloutTable callouts;
    private final FlowTable flows;

    Arbitration(CalloutTable callouts, FlowTable flows) {
        this.callouts = callouts;
        this.flows = flows;
    }

    /**
     * Runs arbitration into {@code out}'s state ({@code out.current} stays NONE when no filter decided).
     *
     * @param values what callouts receive (the caller's object); {@code pv} is the same values for matching
     * @param count whether to count filter matches and decisions (not for traces)
     */
    void run(LayerSnapshot snap, boolean stopAfterHardBlock, PacketValues pv, IncomingValues values, Metadata md,
            LayerData ld, PacketVerdict out, boolean count, Tracer tracer) {
        out.begin();
        if (tracer != null) {
            traced(snap, stopAfterHardBlock, pv, values, md, ld, out, tracer);
            return;
        }
        // the filters the packet could match, every sublayer together: the index's leaves, each in evaluation
        // order, merged back into that order. A filter that ends its sublayer skips the rest of that sublayer.
        FilterIndex.Node[] lists = out.lists;
        int k = snap.index.collect(pv, lists);
        Layer layer = snap.layer;
        long[] vals = out.columnValues;
        if (k == 1) {
            FilterIndex.Node leaf = lists[0];
            int absent = leaf.load(pv, vals, 0);
            int n = leaf.length;
            int i = leaf.next(0, vals, 0, absent, pv);
            while (i < n) {
                if (decide(leaf.leaf[i], layer, values, md, ld, out, count, null)) {
                    if (stopAfterHardBlock && out.current == BLOCK && !out.writable) {
                        return; // D1: nothing after a hard BLOCK
                    }
                    // the rest of this sublayer is not read at all (not even its orders)
                    i = leaf.next(leaf.subLayerEnd(i), vals, 0, absent, pv);
                } else {
                    i = leaf.next(i + 1, vals, 0, absent, pv);
                }
            }
            return;
        }
        int[] cursors = out.cursors;
        int[] absent = out.absent;
        for (int j = 0; j < k; j++) {
            cursors[j] = 0;
            absent[j] = lists[j].load(pv, vals, j * LeafColumns.MAX_COLUMNS);
        }
        long skipBelow = 0;
        while (true) {
            // the list with the lowest next order, and the lowest next order of the others
            int from = -1;
            long lowest = Long.MAX_VALUE;
            long second = Long.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                FilterIndex.Node l = lists[j];
                int n = l.length;
                int c = cursors[j];
                if (c < n && l.order(c) < skipBelow) {
                    // in the sublayer a filter ended (every order this list has left is above the last one read)
                    c = l.subLayerEnd(c);
                    cursors[j] = c;
                }
                if (c < n) {
                    long o = l.order(c);
                    if (o < lowest) {
                        second = lowest;
                        lowest = o;
                        from = j;
                    } else if (o < second) {
                        second = o;
                    }
                }
            }
            if (from < 0) {
                return;
            }
            // that list's filters in one run, up to the others' next one: the merged order exactly, without
            // comparing every list's next order again for each filter (a packet over several sublayers reads
            // five times the filters one sublayer needs, mostly in runs)
            FilterIndex.Node l = lists[from];
            int n = l.length;
            int at = from * LeafColumns.MAX_COLUMNS;
            int missing = absent[from];
            int i = cursors[from];
            while (i < n && l.order(i) < second) {
                if (l.matches(i, vals, at, missing, pv) && decide(l.leaf[i], layer, values, md, ld, out, count, null)) {
                    if (stopAfterHardBlock && out.current == BLOCK && !out.writable) {
                        return;
                    }
                    skipBelow = LayerOrder.nextSubLayer(l.order(i));
                    i++;
                    break; // the next round skips the rest of this sublayer in every list
                }
                i++;
            }
            cursors[from] = i;
        }
    }

    /** The same arbitration sublayer by sublayer over every filter, recording what it sees (what-if). */
    private void traced(LayerSnapshot snap, boolean stopAfterHardBlock, PacketValues pv, IncomingValues values,
            Metadata md, LayerData ld, PacketVerdict out, Tracer tracer) {
        LayerSnapshot.SubLayerFilters[] subs = snap.subLayers;
        for (int s = 0; s < subs.length; s++) {
            LayerSnapshot.SubLayerFilters sl = subs[s];
            if (stopAfterHardBlock && out.current == BLOCK && !out.writable) {
                tracer.skipRest(subs, s);
                break;
            }
            tracer.beginSubLayer(sl);
            CompiledFilter[] fs = sl.filters;
            for (int i = 0; i < fs.length; i++) {
                if (consider(fs[i], snap.layer, pv, values, md, ld, out, false, tracer)) {
                    break;
                }
            }
        }
    }

    /** One filter of a sublayer; true when it ends the sublayer. */
    private boolean consider(CompiledFilter f, Layer layer, PacketValues pv, IncomingValues values, Metadata md,
            LayerData ld, PacketVerdict out, boolean count, Tracer tracer) {
        return f.matches(pv) && decide(f, layer, values, md, ld, out, count, tracer);
    }

    /** A filter whose conditions the packet matched; true when it ends the sublayer. */
    private boolean decide(CompiledFilter f, Layer layer, IncomingValues values, Metadata md, LayerData ld,
            PacketVerdict out, boolean count, Tracer tracer) {
        int r = evaluate(f, layer, values, md, ld, out);
        int kind = r & KIND;
        if (kind == CONTINUE) {
            if (count) {
                out.counters.continued(f.counterSlot);
            }
            if (tracer != null) {
                tracer.filter(f, r, false, false);
            }
            return false;
        }
        if (count) {
            out.counters.decided(f.counterSlot);
        }
        boolean applied = false;
        boolean veto = false;
        if (out.writable) {
            out.current = kind;
            out.writable = (r & CLEARS) == 0;
            out.deciding = f.filterId;
            out.absorb = (r & ABSORB) != 0;
            out.why = REASONS[(r >>> REASON_SHIFT) & 7];
            applied = true;
        } else if (kind == BLOCK && out.current == PERMIT && (r & FROM_CALLOUT) != 0) {
            // veto of a hard permit (D10)
            out.current = BLOCK;
            out.veto = true;
            out.deciding = f.filterId;
            out.absorb = (r & ABSORB) != 0;
            out.why = DecisionReason.CALLOUT;
            applied = true;
            veto = true;
        }
        // else: a write attempt without the right, ignored; it still ends the sublayer
        if (tracer != null) {
            tracer.filter(f, r, applied, veto);
        }
        return true;
    }

    /** spec §4's evalFilter. */
    private int evaluate(CompiledFilter f, Layer layer, IncomingValues values, Metadata md, LayerData ld,
            PacketVerdict out) {
        switch (f.action) {
            case CompiledFilter.PERMIT:
                return PERMIT | (f.clearActionRight ? CLEARS : 0) | STATIC;
            case CompiledFilter.BLOCK:
                return BLOCK | CLEARS | STATIC;
            default:
                return callout(f, layer, values, md, ld, out);
        }
    }

    private int callout(CompiledFilter f, Layer layer, IncomingValues values, Metadata md, LayerData ld,
            PacketVerdict out) {
        Registration reg = callouts.byId(f.calloutId);
        if (reg == null || !reg.enter()) {
            return unregistered(f, DecisionReason.CALLOUT_UNREGISTERED, NOTE_UNREGISTERED);
        }
        // counted in flight until it returns: unregistering waits for it (hot swap, see CalloutTable)
        try {
            return enteredCallout(reg, f, layer, values, md, ld, out);
        } finally {
            reg.exit();
        }
    }

    private int enteredCallout(Registration reg, CompiledFilter f, Layer layer, IncomingValues values, Metadata md,
            LayerData ld, PacketVerdict out) {
        if (reg.quarantined()) {
            return unregistered(f, DecisionReason.CALLOUT_UNREGISTERED, NOTE_QUARANTINED);
        }
        long flow = md == null ? 0 : md.flowHandle();
        Object context = flow == 0 ? null : flows.context(flow, layer, f.calloutId);
        if (context == null && reg.conditionalOnFlow()) {
            return CONTINUE | (NOTE_NO_FLOW_CONTEXT << NOTE_SHIFT); // rule 28: never invoked without its context
        }
        boolean writable = out.writable;
        CalloutOut co = out.calloutOut;
        int cur = out.current;
        co.reset(cur == PERMIT ? ActionType.PERMIT : cur == BLOCK ? ActionType.BLOCK : ActionType.CONTINUE, writable);
        long t0 = System.nanoTime();
        try {
            reg.callout().classify(values, md, ld, f.filter, context, co);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // D13: caught, counted; the filter behaves as if the callout were unregistered
            called(reg, f, layer, out, e, System.nanoTime() - t0);
            return unregistered(f, DecisionReason.CALLOUT_FAILED, NOTE_FAILED);
        }
        long took = System.nanoTime() - t0;
        ActionType k = co.actionType();
        if (k == null) {
            called(reg, f, layer, out, NO_ACTION, took);
            return unregistered(f, DecisionReason.CALLOUT_FAILED, NOTE_FAILED);
        }
        called(reg, f, layer, out, null, took);
        int absorb = co.isAbsorb() ? ABSORB : 0;
        if (!writable) {
            // without the right only a BLOCK means anything: a veto, whatever the callout type (D10)
            return k == ActionType.BLOCK ? BLOCK | CLEARS | absorb | FROM_CALLOUT | BY_CALLOUT
                    : CONTINUE | (NOTE_NO_RIGHT << NOTE_SHIFT);
        }
        int kind;
        switch (f.action) {
            case CompiledFilter.CALLOUT_TERMINATING:
                kind = k == ActionType.PERMIT ? PERMIT : BLOCK; // rule 10: anything else is BLOCK
                break;
            case CompiledFilter.CALLOUT_INSPECTION:
                kind = CONTINUE; // rule 10
                break;
            default:
                kind = k == ActionType.PERMIT ? PERMIT : k == ActionType.BLOCK ? BLOCK : CONTINUE; // D7
        }
        boolean clears = !co.hasWriteRight() || (kind == PERMIT && f.clearActionRight); // D8
        return kind | (clears ? CLEARS : 0) | absorb | FROM_CALLOUT | BY_CALLOUT;
    }

    /**
     * Counts a call (D13: failures, time per call, the slowest calls, the time budget), unless a what-if made it:
     * a what-if changes no state, so its call's time and failure are only left for the Tracer to show.
     */
    private static void called(Registration reg, CompiledFilter f, Layer layer, PacketVerdict out, Object error,
            long nanos) {
        if (out.whatIf) {
            out.calledNanos = nanos;
            out.calledError = error;
            return;
        }
        if (out.traced) {
            out.calledNanos = nanos; // a live trace shows the call; it still counts
            out.calledError = error;
        }
        if (error == null) {
            reg.succeeded(nanos, f.filterId, layer);
        } else {
            reg.failed(error, nanos, f.filterId, layer);
        }
    }

    /** Rule 11 / D9: INSPECTION is skipped; PERMIT_IF_CALLOUT_UNREGISTERED permits softly; else a hard BLOCK. */
    private static int unregistered(CompiledFilter f, DecisionReason reason, int note) {
        int tail = (reason.ordinal() << REASON_SHIFT) | (note << NOTE_SHIFT);
        if (f.action == CompiledFilter.CALLOUT_INSPECTION) {
            return CONTINUE | tail;
        }
        if (f.permitIfUnregistered) {
            return PERMIT | tail;
        }
        return BLOCK | CLEARS | tail;
    }
}
