package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.Layer;
import weir.engine.api.Weight;

/** Effective weights (spec §2.1) and Weir's auto weight (D3). */
public final class Weights {
    private Weights() {
    }

    /** D3: specificity-based weight in [0, 2^60), deterministic. */
    public static long autoWeight(Layer layer, List<Condition> conditions) {
        throw new UnsupportedOperationException("TODO");
    }

    /** @throws weir.engine.api.WfpException INVALID_WEIGHT for a range outside 0..15 */
    public static long effectiveWeight(Layer layer, Weight weight, List<Condition> conditions) {
        throw new UnsupportedOperationException("TODO");
    }
}
