package weir.engine.api;

import java.util.List;

/** A classification with its per-sublayer trace (what-if and debugging; allocates). */
public record ClassifyTrace(Layer layer, Decision decision, List<SubLayerTrace> subLayers) {
}
