package weir.engine.core.classify;

import java.util.UUID;

import weir.engine.api.Layer;

/**
 * One layer's filters as published: immutable, replaced as a whole by one volatile write. A new snapshot made
 * from an old one by a transaction's changes shares everything they did not touch: the compiled filters, the
 * sublayers' arrays, the index's untouched subtrees. Only sublayers that hold enabled filters of this layer are
 * here (an empty sublayer cannot change a decision), in evaluation order.
 */
final class LayerSnapshot {
    /** One sublayer: its label in the layer's order, and its enabled filters in evaluation order. */
    static final class SubLayerFilters {
        final UUID key;
        final String name;
        final int weight;
        /** The top bits of its filters' {@link CompiledFilter#order} ({@link LayerOrder}). */
        final long label;
        final CompiledFilter[] filters;

        SubLayerFilters(UUID key, String name, int weight, long label, CompiledFilter[] filters) {
            this.key = key;
            this.name = name;
            this.weight = weight;
            this.label = label;
            this.filters = filters;
        }

        SubLayerFilters with(CompiledFilter[] newFilters) {
            return new SubLayerFilters(key, name, weight, label, newFilters);
        }
    }

    final Layer layer;
    final SubLayerFilters[] subLayers;
    /** Every enabled filter of the layer, all sublayers together (a single leaf when indexing is off). */
    final FilterIndex index;
    /** Filters added or removed one by one since the index was last built as a whole. */
    final int changes;

    LayerSnapshot(Layer layer, SubLayerFilters[] subLayers, FilterIndex index, int changes) {
        this.layer = layer;
        this.subLayers = subLayers;
        this.index = index;
        this.changes = changes;
    }

    static LayerSnapshot empty(Layer layer) {
        return new LayerSnapshot(layer, new SubLayerFilters[0], FilterIndex.empty(IndexFields.of(layer), true), 0);
    }

    /** How many enabled filters the layer has. */
    int size() {
        int n = 0;
        for (SubLayerFilters s : subLayers) {
            n += s.filters.length;
        }
        return n;
    }

    /** The sublayer entry with this key, or -1. */
    int find(UUID key) {
        for (int i = 0; i < subLayers.length; i++) {
            if (subLayers[i].key.equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
