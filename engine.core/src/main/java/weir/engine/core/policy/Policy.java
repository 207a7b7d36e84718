package weir.engine.core.policy;

import java.util.List;
import java.util.Map;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;

/**
 * A policy file as read: the engine objects to add, in the order to add them (providers, sublayers,
 * callout objects, filters), each with where it stands in the file. References by name are already
 * resolved to keys; a provider or sublayer written without a key has been given a fresh one.
 *
 * @param file the file's name as given, for messages
 */
public record Policy(String file, List<Entry<Provider>> providers, List<Entry<SubLayer>> subLayers,
        List<Entry<CalloutObject>> callouts, List<Entry<Filter>> filters) {

    public Policy {
        providers = List.copyOf(providers);
        subLayers = List.copyOf(subLayers);
        callouts = List.copyOf(callouts);
        filters = List.copyOf(filters);
    }

    /**
     * One object and its place: {@code loc} is its '{', {@code members} where each of its members' values
     * start (so an engine error about, say, the sublayer can point at {@code "sublayer"}).
     */
    public record Entry<T>(T object, Loc loc, Map<String, Loc> members) {
        public Entry {
            members = Map.copyOf(members);
        }

        /** Where a member's value starts, or the object's '{' when it has no such member. */
        public Loc at(String member) {
            return members.getOrDefault(member, loc);
        }
    }

    /** The number of objects in the file. */
    public int size() {
        return providers.size() + subLayers.size() + callouts.size() + filters.size();
    }
}
