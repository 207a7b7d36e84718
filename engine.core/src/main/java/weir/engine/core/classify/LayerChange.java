package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;

/**
 * One layer's part of a committed transaction, as the management side hands it to the classifier: the filters
 * that went and the filters that came (a filter deleted and added again under its key is in both), with
 * filterId, subLayerKey and effectiveWeight filled in, and the sublayers the added filters are in.
 *
 * @param deleted the filters as they were committed before
 * @param added the new filters
 * @param subLayers at least every sublayer an added filter names
 */
public record LayerChange(Layer layer, List<Filter> deleted, List<Filter> added, List<SubLayer> subLayers) {

    public LayerChange {
        deleted = List.copyOf(deleted);
        added = List.copyOf(added);
        subLayers = List.copyOf(subLayers);
    }
}
