package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.ActionType;
import weir.engine.api.FilterTrace;
import weir.engine.api.SubLayerTrace;
import weir.engine.core.callout.Registration;

/**
 * Records what arbitration saw, for {@link ClassifierImpl#whatIf} (allocates; not the packet path): each
 * sublayer's matching filters, and each callout call with its time, which the call site leaves in the what-if's
 * verdict instead of counting it.
 */
final class Tracer {
    private static final String[] NOTES = {"", "callout not registered", "callout quarantined", "callout failed",
        "no flow context (CONDITIONAL_ON_FLOW)", "no write right"};

    private final PacketVerdict verdict;
    private final long budgetNanos;
    private final List<SubLayerTrace> done = new ArrayList<>();
    private final List<WhatIf.CalloutCall> calls = new ArrayList<>();
    private LayerSnapshot.SubLayerFilters current;
    private List<FilterTrace> filters;

    /**
     * @param verdict the what-if's verdict, where the callout call site leaves each call's time
     * @param budgetNanos the engine's time budget per callout call (0: none), to say whether a call exceeded it
     */
    Tracer(PacketVerdict verdict, long budgetNanos) {
        this.verdict = verdict;
        this.budgetNanos = budgetNanos;
    }

    void beginSubLayer(LayerSnapshot.SubLayerFilters sl) {
        flush();
        current = sl;
        filters = new ArrayList<>();
    }

    void filter(CompiledFilter f, int result, boolean applied, boolean veto) {
        int kind = result & Arbitration.KIND;
        ActionType r = kind == Arbitration.PERMIT ? ActionType.PERMIT
                : kind == Arbitration.BLOCK ? ActionType.BLOCK : ActionType.CONTINUE;
        String note = NOTES[(result >>> Arbitration.NOTE_SHIFT) & 7];
        String call = called(f);
        if (!call.isEmpty()) {
            note = note.isEmpty() ? call : note + ", " + call;
        }
        if (veto) {
            note = note.isEmpty() ? "veto" : note + ", veto";
        } else if (!applied && kind != Arbitration.CONTINUE) {
            note = note.isEmpty() ? "no write right" : note + ", no write right";
        }
        boolean hard = kind != Arbitration.CONTINUE && (result & Arbitration.CLEARS) != 0;
        filters.add(new FilterTrace(f.filterId, f.filter.name(), f.effectiveWeight, f.filter.action(), r, hard,
                applied, note));
    }

    /** The call this filter's callout just took, if it was called; "" otherwise. */
    private String called(CompiledFilter f) {
        long nanos = verdict.calledNanos;
        if (!f.isCallout() || nanos < 0) {
            return "";
        }
        Object error = verdict.calledError;
        verdict.calledNanos = -1;
        verdict.calledError = null;
        boolean over = budgetNanos > 0 && nanos > budgetNanos;
        calls.add(new WhatIf.CalloutCall(f.filterId, f.filter.action().calloutKey(), nanos, over,
                error == null ? "" : Registration.describe(error)));
        return "callout called (" + millis(nanos) + (over ? ", over the time budget" : "") + ", not counted)";
    }

    private static String millis(long nanos) {
        return nanos < 1_000_000 ? String.format("%.1f us", nanos / 1e3) : String.format("%.1f ms", nanos / 1e6);
    }

    /** stopAfterHardBlock ended arbitration before sublayer {@code from} (D1). */
    void skipRest(LayerSnapshot.SubLayerFilters[] subs, int from) {
        flush();
        for (int i = from; i < subs.length; i++) {
            done.add(new SubLayerTrace(subs[i].key, subs[i].name, subs[i].weight, List.of(), true));
        }
    }

    List<SubLayerTrace> finish() {
        flush();
        return List.copyOf(done);
    }

    /** The callout calls, in the order they were made. */
    List<WhatIf.CalloutCall> calls() {
        return List.copyOf(calls);
    }

    private void flush() {
        if (current != null) {
            done.add(new SubLayerTrace(current.key, current.name, current.weight, List.copyOf(filters), false));
            current = null;
        }
    }
}
