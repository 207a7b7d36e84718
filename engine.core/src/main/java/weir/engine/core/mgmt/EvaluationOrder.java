package weir.engine.core.mgmt;

import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.SubLayer;

/**
 * The order in which arbitration walks a layer (spec §10 rules 1–2, D4), which is also the order of a SORTED
 * enumeration: sublayers by descending weight, equal weights by ascending key; inside a sublayer filters by
 * descending unsigned effective weight, equal weights by ascending filterId (older first).
 *
 * <p>"Ascending key" is the order of the keys' canonical text (the 128 bits compared as one unsigned number),
 * not {@link UUID#compareTo}, which compares signed halves.
 */
final class EvaluationOrder {
    private EvaluationOrder() {
    }

    static int compareKeys(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    static final Comparator<SubLayer> SUBLAYERS = (a, b) -> {
        int c = Integer.compare(b.weight(), a.weight());
        return c != 0 ? c : compareKeys(a.subLayerKey(), b.subLayerKey());
    };

    /** Inside one sublayer. */
    static final Comparator<Filter> IN_SUBLAYER = (a, b) -> {
        int c = Long.compareUnsigned(b.effectiveWeight(), a.effectiveWeight());
        return c != 0 ? c : Long.compare(a.filterId(), b.filterId());
    };

    /** Filters of any layers: by layer, then in evaluation order. */
    static Comparator<Filter> filters(Map<UUID, SubLayer> subLayers) {
        return (a, b) -> {
            int c = a.layer().compareTo(b.layer());
            if (c != 0) {
                return c;
            }
            if (!a.subLayerKey().equals(b.subLayerKey())) {
                return SUBLAYERS.compare(subLayers.get(a.subLayerKey()), subLayers.get(b.subLayerKey()));
            }
            return IN_SUBLAYER.compare(a, b);
        };
    }

    /** Unsorted enumeration: the order filters were added in. */
    static final Comparator<Filter> BY_ID = Comparator.comparingLong(Filter::filterId);
}
