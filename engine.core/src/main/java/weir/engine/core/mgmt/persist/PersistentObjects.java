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
 * what they own, filters in the order of their old filterIds), when they were written, and the number of the
 * last committed transaction they include ({@code sequence}; 0 for a store written before the journal).
 */
public record PersistentObjects(Instant written, long sequence, List<Provider> providers,
        List<ProviderContext> contexts, List<SubLayer> subLayers, List<CalloutObject> callouts, List<Filter> filters) {

    public PersistentObjects {
        providers = List.copyOf(providers);
        contexts = List.copyOf(contexts);
        subLayers = List.copyOf(subLayers);
        callouts = List.copyOf(callouts);
        filters = List.copyOf(filters);
    }

    /** Objects outside any transaction sequence (sequence 0). */
    public PersistentObjects(Instant written, List<Provider> providers, List<ProviderContext> contexts,
            List<SubLayer> subLayers, List<CalloutObject> callouts, List<Filter> filters) {
        this(written, 0, providers, contexts, subLayers, callouts, filters);
    }

    public static PersistentObjects empty() {
        return new PersistentObjects(Instant.EPOCH, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public PersistentObjects withSequence(long n) {
        return new PersistentObjects(written, n, providers, contexts, subLayers, callouts, filters);
    }

    public int size() {
        return providers.size() + contexts.size() + subLayers.size() + callouts.size() + filters.size();
    }
}
