package weir.engine.core.mgmt;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * The committed state of the engine's objects: immutable, replaced as a whole at each commit (one volatile
 * write in {@link BaseFilteringEngine}), so that a reader outside a transaction never sees half of one.
 * Maps a commit did not touch are shared with the previous state.
 */
final class StoreState {
    final Map<UUID, Stored<Provider>> providers;
    final Map<UUID, Stored<ProviderContext>> contexts;
    final Map<UUID, Stored<SubLayer>> subLayers;
    final Map<UUID, Stored<CalloutObject>> callouts;
    final Map<UUID, Stored<Filter>> filters;
    final Map<Long, UUID> filterIds;
    /** The filters of each layer: what {@code ClassifierImpl.publish} gets. */
    final Map<Layer, Map<UUID, Stored<Filter>>> filtersByLayer;

    private StoreState(Map<UUID, Stored<Provider>> providers, Map<UUID, Stored<ProviderContext>> contexts,
            Map<UUID, Stored<SubLayer>> subLayers, Map<UUID, Stored<CalloutObject>> callouts,
            Map<UUID, Stored<Filter>> filters, Map<Long, UUID> filterIds,
            Map<Layer, Map<UUID, Stored<Filter>>> filtersByLayer) {
        this.providers = providers;
        this.contexts = contexts;
        this.subLayers = subLayers;
        this.callouts = callouts;
        this.filters = filters;
        this.filterIds = filterIds;
        this.filtersByLayer = filtersByLayer;
    }

    /** The state of a new engine: only the built-in sublayer. */
    static StoreState initial(Stored<SubLayer> universal) {
        Map<Layer, Map<UUID, Stored<Filter>>> byLayer = new EnumMap<>(Layer.class);
        for (Layer l : Layer.values()) {
            byLayer.put(l, Map.of());
        }
        return new StoreState(Map.of(), Map.of(), Map.of(universal.object().subLayerKey(), universal), Map.of(),
                Map.of(), Map.of(), Collections.unmodifiableMap(byLayer));
    }

    /** The state after a transaction's changes. */
    StoreState apply(Draft d) {
        Map<UUID, Stored<Filter>> newFilters = d.filters.apply();
        Map<Long, UUID> newIds = filterIds;
        Map<Layer, Map<UUID, Stored<Filter>>> newByLayer = filtersByLayer;
        if (d.filters.changed()) {
            Map<Long, UUID> ids = new HashMap<>(filterIds);
            Map<Layer, Map<UUID, Stored<Filter>>> byLayer = new EnumMap<>(filtersByLayer);
            Map<Layer, Map<UUID, Stored<Filter>>> copied = new EnumMap<>(Layer.class);
            for (UUID k : d.filters.deleted()) {
                Stored<Filter> old = filters.get(k);
                ids.remove(old.object().filterId());
                writable(byLayer, copied, old.object().layer()).remove(k);
            }
            for (Map.Entry<UUID, Stored<Filter>> e : d.filters.added().entrySet()) {
                Filter f = e.getValue().object();
                ids.put(f.filterId(), e.getKey());
                writable(byLayer, copied, f.layer()).put(e.getKey(), e.getValue());
            }
            for (Map.Entry<Layer, Map<UUID, Stored<Filter>>> e : copied.entrySet()) {
                byLayer.put(e.getKey(), Collections.unmodifiableMap(e.getValue()));
            }
            newIds = Collections.unmodifiableMap(ids);
            newByLayer = Collections.unmodifiableMap(byLayer);
        }
        return new StoreState(d.providers.apply(), d.contexts.apply(), d.subLayers.apply(), d.callouts.apply(),
                newFilters, newIds, newByLayer);
    }

    private static Map<UUID, Stored<Filter>> writable(Map<Layer, Map<UUID, Stored<Filter>>> byLayer,
            Map<Layer, Map<UUID, Stored<Filter>>> copied, Layer layer) {
        return copied.computeIfAbsent(layer, l -> new HashMap<>(byLayer.get(l)));
    }
}
