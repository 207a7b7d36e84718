package weir.engine.core.mgmt.persist;

import java.time.Instant;
import java.util.List;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * What the engine store holds: the persistent objects, in the order they must be added back (providers before
 * what they own, filters in the order of their old filterIds), and when they were written.
 */
public record PersistentObjects(Instant written, List<Provider> providers, List<ProviderContext> contexts,
        List<SubLayer> subLayers, List<CalloutObject> callouts, List<Filter> filters) {

    public PersistentObjects {
        providers = List.copyOf(providers);
        contexts = List.copyOf(contexts);
        subLayers = List.copyOf(subLayers);
        callouts = List.copyOf(callouts);
        filters = List.copyOf(filters);
    }

    public static PersistentObjects empty() {
        return new PersistentObjects(Instant.EPOCH, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public int size() {
        return providers.size() + contexts.size() + subLayers.size() + callouts.size() + filters.size();
    }
}
