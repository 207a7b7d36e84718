package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.events.EngineStatistics;

/** Builds a layer's immutable snapshot from its sublayers and filters (publish time, off the packet path). */
final class SnapshotCompiler {
    private SnapshotCompiler() {
    }

    /**
     * @throws IllegalArgumentException when a filter belongs to another layer, names a sublayer that is not in
     *         the list, or has no filterId (the management side's bug, not a user's)
     */
    static LayerSnapshot compile(Layer layer, List<SubLayer> subLayers, List<Filter> filters, CalloutTable callouts,
            EngineStatistics statistics, boolean index) {
        Map<UUID, SubLayer> byKey = new HashMap<>();
        for (SubLayer s : subLayers) {
            byKey.put(s.subLayerKey(), s);
        }
        Map<UUID, List<Filter>> members = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            if (f.layer() != layer) {
                throw new IllegalArgumentException("filter " + f.filterId() + " '" + f.name() + "' is at " + f.layer()
                        + ", not " + layer);
            }
            if (f.filterId() == 0) {
                throw new IllegalArgumentException("filter '" + f.name() + "' has no filterId");
            }
            UUID key = f.subLayerKey() == null ? layer.defaultSubLayerKey() : f.subLayerKey();
            if (!byKey.containsKey(key)) {
                throw new IllegalArgumentException("filter " + f.filterId() + " '" + f.name() + "' is in sublayer "
                        + key + ", which is not among the published sublayers");
            }
            ids.add(f.filterId());
            if (f.has(FilterFlag.DISABLED)) {
                continue; // a disabled filter is kept but not enforced
            }
            members.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        statistics.retain(layer, ids);
        List<SubLayer> order = new ArrayList<>();
        for (UUID k : members.keySet()) {
            order.add(byKey.get(k));
        }
        order.sort(Order.SUBLAYERS);
        int[] widths = integerWidths(layer);
        LayerSnapshot.SubLayerFilters[] out = new LayerSnapshot.SubLayerFilters[order.size()];
        for (int i = 0; i < out.length; i++) {
            SubLayer s = order.get(i);
            List<Filter> fs = new ArrayList<>(members.get(s.subLayerKey()));
            fs.sort(Order.FILTERS);
            CompiledFilter[] compiled = new CompiledFilter[fs.size()];
            for (int j = 0; j < compiled.length; j++) {
                compiled[j] = compile(layer, fs.get(j), callouts, statistics);
            }
            out[i] = new LayerSnapshot.SubLayerFilters(s.subLayerKey(), s.name(), s.weight(), compiled,
                    index ? FilterIndex.build(compiled, widths) : null);
        }
        return new LayerSnapshot(layer, out);
    }

    private static CompiledFilter compile(Layer layer, Filter f, CalloutTable callouts, EngineStatistics statistics) {
        // the management side validated at add; validating again keeps the compiler's assumptions true
        ConditionValidator.validate(layer, f.name(), f.conditions());
        int calloutId = f.action().type().isCallout() ? callouts.idOf(f.action().calloutKey()) : 0;
        return new CompiledFilter(f, calloutId, CompiledConditions.compile(layer, f.conditions()),
                statistics.counters(f.filterId(), layer));
    }

    /** Per slot: the width of an integer field (an index candidate), 0 for the others. */
    private static int[] integerWidths(Layer layer) {
        int[] w = new int[layer.fields().size()];
        for (int i = 0; i < w.length; i++) {
            var t = layer.typeOf(i);
            w[i] = t.isUnsigned() || t.isSigned() ? t.bits() : 0;
        }
        return w;
    }
}
