package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * What one transaction sees: the state committed when it began plus its own pending changes. Reads outside a
 * transaction use a draft without changes over the current state.
 */
final class Draft {
    final StoreState base;
    final Overlay<Provider> providers;
    final Overlay<ProviderContext> contexts;
    final Overlay<SubLayer> subLayers;
    final Overlay<CalloutObject> callouts;
    final Overlay<Filter> filters;
    private final Map<Long, UUID> addedFilterIds = new HashMap<>();
    private final Map<TieKey, Integer> tieDelta = new HashMap<>();

    Draft(StoreState base) {
        this.base = base;
        this.providers = new Overlay<>(base.providers);
        this.contexts = new Overlay<>(base.contexts);
        this.subLayers = new Overlay<>(base.subLayers);
        this.callouts = new Overlay<>(base.callouts);
        this.filters = new Overlay<>(base.filters);
    }

    void putFilter(Stored<Filter> f) {
        filters.put(f.object().filterKey(), f);
        addedFilterIds.put(f.object().filterId(), f.object().filterKey());
        tieDelta.merge(TieKey.of(f.object()), 1, Integer::sum);
    }

    void removeFilter(Stored<Filter> f) {
        filters.remove(f.object().filterKey());
        tieDelta.merge(TieKey.of(f.object()), -1, Integer::sum);
    }

    /** How many visible filters share this tie key. */
    int ties(TieKey k) {
        return base.ties.getOrDefault(k, 0) + tieDelta.getOrDefault(k, 0);
    }

    /** The committed tie counts after this draft's filter changes (sharing all the others). */
    Map<TieKey, Integer> applyTies(Map<TieKey, Integer> committed) {
        PersistentMap<TieKey, Integer> m = PersistentMap.of(committed);
        PersistentMap.Adds<TieKey, Integer> counts = new PersistentMap.Adds<>(tieDelta.size());
        for (Map.Entry<TieKey, Integer> e : tieDelta.entrySet()) {
            Integer was = m.get(e.getKey());
            int n = (was == null ? 0 : was) + e.getValue();
            if (n == 0) {
                m = m.minus(e.getKey());
            } else {
                counts.add(e.getKey(), n);
            }
        }
        return m.plusAll(counts);
    }

    Stored<Filter> filterById(long filterId) {
        Stored<Filter> s = filters.get(addedFilterIds.get(filterId));
        if (s != null && s.object().filterId() == filterId) {
            return s;
        }
        s = filters.get(base.filterIds.get(filterId));
        return s != null && s.object().filterId() == filterId ? s : null;
    }

    /** The visible filters of one layer. */
    List<Stored<Filter>> filtersOf(Layer layer) {
        Map<UUID, Stored<Filter>> committed = base.filtersByLayer.get(layer);
        List<Stored<Filter>> out = new ArrayList<>(committed.size());
        for (Map.Entry<UUID, Stored<Filter>> e : committed.entrySet()) {
            if (!filters.deleted().contains(e.getKey()) && !filters.added().containsKey(e.getKey())) {
                out.add(e.getValue());
            }
        }
        for (Stored<Filter> s : filters.added().values()) {
            if (s.object().layer() == layer) {
                out.add(s);
            }
        }
        return out;
    }

    boolean changed() {
        return providers.changed() || contexts.changed() || subLayers.changed() || callouts.changed()
                || filters.changed();
    }

    /**
     * The layers whose classifier snapshot changes: those where filters came or went. A sublayer that comes or
     * goes alone changes no layer (an empty sublayer decides nothing; one with filters cannot be deleted, IN_USE;
     * a new one's filters name it, and their layers are touched).
     */
    Set<Layer> touchedLayers() {
        Set<Layer> out = EnumSet.noneOf(Layer.class);
        for (UUID k : filters.deleted()) {
            out.add(base.filters.get(k).object().layer());
        }
        for (Stored<Filter> s : filters.added().values()) {
            out.add(s.object().layer());
        }
        return out;
    }
}
