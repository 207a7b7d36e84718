package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.ActionType;
import weir.engine.api.FilterTrace;
import weir.engine.api.SubLayerTrace;

/** Records what arbitration saw, for {@link ClassifierImpl#trace} (allocates; not the packet path). */
final class Tracer {
    private static final String[] NOTES = {"", "callout not registered", "callout quarantined", "callout failed",
        "no flow context (CONDITIONAL_ON_FLOW)", "no write right"};

    private final List<SubLayerTrace> done = new ArrayList<>();
    private LayerSnapshot.SubLayerFilters current;
    private List<FilterTrace> filters;

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
        if (veto) {
            note = note.isEmpty() ? "veto" : note + ", veto";
        } else if (!applied && kind != Arbitration.CONTINUE) {
            note = note.isEmpty() ? "no write right" : note + ", no write right";
        }
        boolean hard = kind != Arbitration.CONTINUE && (result & Arbitration.CLEARS) != 0;
        filters.add(new FilterTrace(f.filterId, f.filter.name(), f.effectiveWeight, f.filter.action(), r, hard,
                applied, note));
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

    private void flush() {
        if (current != null) {
            done.add(new SubLayerTrace(current.key, current.name, current.weight, List.copyOf(filters), false));
            current = null;
        }
    }
}
