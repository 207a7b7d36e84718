package weir.engine.core.mgmt;

import java.util.Collections;
import java.util.EnumMap;
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
 * Maps a commit did not touch are shared with the previous state, and the maps it touched are
 * {@link PersistentMap}s that share all but the changed entries' paths: a commit costs what it changes, not
 * what the engine holds.
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
    /** How many filters share each (layer, sublayer, effective weight): D4's ties. */
    final Map<TieKey, Integer> ties;

    private StoreState(Map<UUID, Stored<Provider>> providers, Map<UUID, Stored<ProviderContext>> contexts,
            Map<UUID, Stored<SubLayer>> subLayers, Map<UUID, Stored<CalloutObject>> callouts,
            Map<UUID, Stored<Filter>> filters, Map<Long, UUID> filterIds,
            Map<Layer, Map<UUID, Stored<Filter>>> filtersByLayer, Map<TieKey, Integer> ties) {
        this.providers = providers;
        this.contexts = contexts;
        this.subLayers = subLayers;
        this.callouts = callouts;
        this.filters = filters;
        this.filterIds = filterIds;
        this.filtersByLayer = filtersByLayer;
        this.ties = ties;
    }

    /** The state of a new engine: only the built-in sublayer. */
    static StoreState initial(Stored<SubLayer> universal) {
        Map<Layer, Map<UUID, Stored<Filter>>> byLayer = new EnumMap<>(Layer.class);
        for (Layer l : Layer.values()) {
            byLayer.put(l, PersistentMap.empty());
        }
        return new StoreState(PersistentMap.empty(), PersistentMap.empty(),
                PersistentMap.<UUID, Stored<SubLayer>>empty().plus(universal.object().subLayerKey(), universal),
                PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), Collections.unmodifiableMap(byLayer),
                PersistentMap.empty());
    }

    /** The state after a transaction's changes. */
    StoreState apply(Draft d) {
        Map<UUID, Stored<Filter>> newFilters = d.filters.apply();
        Map<Long, UUID> newIds = filterIds;
        Map<Layer, Map<UUID, Stored<Filter>>> newByLayer = filtersByLayer;
        Map<TieKey, Integer> newTies = ties;
        if (d.filters.changed()) {
            newTies = d.applyTies(ties);
            PersistentMap<Long, UUID> ids = PersistentMap.of(filterIds);
            Map<Layer, Map<UUID, Stored<Filter>>> byLayer = new EnumMap<>(filtersByLayer);
            for (UUID k : d.filters.deleted()) {
                Filter old = filters.get(k).object();
                ids = ids.minus(old.filterId());
                byLayer.put(old.layer(), PersistentMap.of(byLayer.get(old.layer())).minus(k));
            }
            // the adds in one pass per map (PersistentMap.plusAll): an import adds thousands
            Map<UUID, Stored<Filter>> added = d.filters.added();
            PersistentMap.Adds<Long, UUID> addedIds = new PersistentMap.Adds<>(added.size());
            Map<Layer, PersistentMap.Adds<UUID, Stored<Filter>>> addedByLayer = new EnumMap<>(Layer.class);
            for (Map.Entry<UUID, Stored<Filter>> e : added.entrySet()) {
                Filter f = e.getValue().object();
                addedIds.add(f.filterId(), e.getKey());
                PersistentMap.Adds<UUID, Stored<Filter>> in = addedByLayer.get(f.layer());
                if (in == null) {
                    // usually one layer gets them all; the others grow as they need
                    in = new PersistentMap.Adds<>(addedByLayer.isEmpty() ? added.size() : 16);
                    addedByLayer.put(f.layer(), in);
                }
                in.add(e.getKey(), e.getValue());
            }
            ids = ids.plusAll(addedIds);
            for (Map.Entry<Layer, PersistentMap.Adds<UUID, Stored<Filter>>> e : addedByLayer.entrySet()) {
                byLayer.put(e.getKey(), PersistentMap.of(byLayer.get(e.getKey())).plusAll(e.getValue()));
            }
            newIds = ids;
            newByLayer = Collections.unmodifiableMap(byLayer);
        }
        return new StoreState(d.providers.apply(), d.contexts.apply(), d.subLayers.apply(), d.callouts.apply(),
                newFilters, newIds, newByLayer, newTies);
    }
}
