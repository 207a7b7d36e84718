package weir.engine.core.mgmt;

import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.SubLayer;
import weir.engine.core.classify.Order;

/**
 * The order in which arbitration walks a layer (spec §10 rules 1–2, D4), which is also the order of a SORTED
 * enumeration: the classify side's {@link Order} (sublayers by descending weight, equal weights by ascending
 * key text; filters by descending unsigned effective weight, then ascending filterId), so that a listing shows
 * exactly what classification does.
 */
final class EvaluationOrder {
    private EvaluationOrder() {
    }

    static int compareKeys(UUID a, UUID b) {
        return Order.compareKeys(a, b);
    }

    static final Comparator<SubLayer> SUBLAYERS = Order.SUBLAYERS;

    /** Inside one sublayer. */
    static final Comparator<Filter> IN_SUBLAYER = Order.FILTERS;

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
