package weir.engine.core.classify;

import java.util.UUID;

import weir.engine.api.Layer;

/**
 * One layer's filters as published: immutable, replaced as a whole. Only sublayers that hold filters of this
 * layer are here (an empty sublayer cannot change a decision), in evaluation order.
 */
final class LayerSnapshot {
    /** One sublayer: its filters in evaluation order, and an optional index over them. */
    static final class SubLayerFilters {
        final UUID key;
        final String name;
        final int weight;
        final CompiledFilter[] filters;
        /** Null when a linear scan is as good (few filters, or no field worth indexing). */
        final FilterIndex index;

        SubLayerFilters(UUID key, String name, int weight, CompiledFilter[] filters, FilterIndex index) {
            this.key = key;
            this.name = name;
            this.weight = weight;
            this.filters = filters;
            this.index = index;
        }
    }

    final Layer layer;
    final SubLayerFilters[] subLayers;

    LayerSnapshot(Layer layer, SubLayerFilters[] subLayers) {
        this.layer = layer;
        this.subLayers = subLayers;
    }

    static LayerSnapshot empty(Layer layer) {
        return new LayerSnapshot(layer, new SubLayerFilters[0]);
    }
}
