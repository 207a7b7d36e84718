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

/**
 * Builds a layer's immutable snapshot as a whole from its sublayers and filters (publish time, off the packet
 * path): at start, and when a change is too large to apply one filter at a time ({@link SnapshotUpdate}).
 */
final class SnapshotCompiler {
    private SnapshotCompiler() {
    }

    /**
     * @throws IllegalArgumentException when a filter belongs to another layer, names a sublayer that is not in
     *         the list, or has no filterId (the management side's bug, not a user's)
     */
    static LayerSnapshot compile(Layer layer, List<SubLayer> subLayers, List<Filter> filters, CalloutTable callouts,
            EngineStatistics statistics, boolean index) {
        return compile(layer, subLayers, filters, callouts, statistics, index, null);
    }

    /** As {@link #compile}, keeping the compiled form of filters that {@code previous} holds unchanged. */
    static LayerSnapshot compile(Layer layer, List<SubLayer> subLayers, List<Filter> filters, CalloutTable callouts,
            EngineStatistics statistics, boolean index, LayerSnapshot previous) {
        Map<UUID, SubLayer> byKey = new HashMap<>();
        for (SubLayer s : subLayers) {
            byKey.put(s.subLayerKey(), s);
        }
        Map<Long, CompiledFilter> kept = new HashMap<>();
        if (previous != null) {
            for (LayerSnapshot.SubLayerFilters s : previous.subLayers) {
                for (CompiledFilter c : s.filters) {
                    kept.put(c.filterId, c);
                }
            }
        }
        Map<UUID, List<CompiledFilter>> members = new LinkedHashMap<>();
        for (Filter f : filters) {
            UUID key = check(layer, f, byKey.containsKey(subLayerKey(layer, f)));
            if (f.has(FilterFlag.DISABLED)) {
                continue; // a disabled filter is kept but not enforced
            }
            CompiledFilter c = kept.get(f.filterId());
            if (c == null || c.filter != f) {
                c = compile(layer, f, callouts, statistics);
            }
            members.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<SubLayer> order = new ArrayList<>();
        for (UUID k : members.keySet()) {
            order.add(byKey.get(k));
        }
        return assemble(layer, order, members, index);
    }

    /**
     * A snapshot with fresh labels: {@code subLayers} in any order, {@code members} the compiled filters of each
     * (any order, any old labels).
     */
    static LayerSnapshot assemble(Layer layer, List<SubLayer> subLayers, Map<UUID, List<CompiledFilter>> members,
            boolean index) {
        List<SubLayer> order = new ArrayList<>(subLayers);
        order.sort(Order.SUBLAYERS);
        LayerSnapshot.SubLayerFilters[] out = new LayerSnapshot.SubLayerFilters[order.size()];
        int total = 0;
        for (SubLayer s : order) {
            total += members.get(s.subLayerKey()).size();
        }
        CompiledFilter[] all = new CompiledFilter[total];
        int k = 0;
        for (int i = 0; i < out.length; i++) {
            SubLayer s = order.get(i);
            List<CompiledFilter> fs = new ArrayList<>(members.get(s.subLayerKey()));
            fs.sort(SnapshotCompiler::compare);
            long subLabel = LayerOrder.spaced(i, out.length, LayerOrder.SUB_SPACE, LayerOrder.SUB_STEP);
            CompiledFilter[] placed = new CompiledFilter[fs.size()];
            for (int j = 0; j < placed.length; j++) {
                long order2 = LayerOrder.order(subLabel,
                        LayerOrder.spaced(j, placed.length, LayerOrder.SPACE, LayerOrder.STEP));
                CompiledFilter c = fs.get(j);
                placed[j] = c.order == order2 ? c : c.at(order2);
                all[k++] = placed[j];
            }
            out[i] = new LayerSnapshot.SubLayerFilters(s.subLayerKey(), s.name(), s.weight(), subLabel, placed);
        }
        return new LayerSnapshot(layer, out, FilterIndex.build(all, IndexFields.of(layer), index), 0);
    }

    /** The sublayer a filter is in: its key, or the layer's default for none. */
    static UUID subLayerKey(Layer layer, Filter f) {
        return f.subLayerKey() == null ? layer.defaultSubLayerKey() : f.subLayerKey();
    }

    /** The management side's mistakes, caught before anything is published; returns the filter's sublayer key. */
    static UUID check(Layer layer, Filter f, boolean subLayerKnown) {
        if (f.layer() != layer) {
            throw new IllegalArgumentException("filter " + f.filterId() + " '" + f.name() + "' is at " + f.layer()
                    + ", not " + layer);
        }
        if (f.filterId() == 0) {
            throw new IllegalArgumentException("filter '" + f.name() + "' has no filterId");
        }
        UUID key = subLayerKey(layer, f);
        if (!subLayerKnown) {
            throw new IllegalArgumentException("filter " + f.filterId() + " '" + f.name() + "' is in sublayer "
                    + key + ", which is not among the published sublayers");
        }
        return key;
    }

    /** One filter, compiled once when it is added (its order is given when it is placed). */
    static CompiledFilter compile(Layer layer, Filter f, CalloutTable callouts, EngineStatistics statistics) {
        // the management side validated at add; validating again keeps the compiler's assumptions true
        ConditionValidator.validate(layer, f.name(), f.conditions());
        int calloutId = f.action().type().isCallout() ? callouts.idOf(f.action().calloutKey()) : 0;
        CompiledConditions conditions = CompiledConditions.compile(layer, f.conditions());
        IndexFields fields = IndexFields.of(layer);
        return new CompiledFilter(f, calloutId, conditions, statistics.counters(f.filterId(), layer).slot(),
                Box.of(conditions, fields), Pins.of(conditions, fields), 0);
    }

    /** Evaluation order inside a sublayer (rule 1, D4): effective weight descending, then filterId ascending. */
    static int compare(CompiledFilter x, CompiledFilter y) {
        return compare(x, y.effectiveWeight, y.filterId);
    }

    /** {@code x} against a filter of this weight and id, in evaluation order. */
    static int compare(CompiledFilter x, long weight, long filterId) {
        int c = Long.compareUnsigned(weight, x.effectiveWeight);
        return c != 0 ? c : Long.compareUnsigned(x.filterId, filterId);
    }
}
