package weir.engine.core.classify;

import java.util.Comparator;
import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.SubLayer;

/**
 * Evaluation order (rule 1, D4), shared with enumeration (SORTED) so that listings show what classification
 * does. Sublayers: weight descending, then key ascending as its text reads (unsigned, not UUID.compareTo's
 * signed order). Filters: effective weight descending as an unsigned 64-bit number, then filterId ascending
 * (the older filter first).
 */
public final class Order {
    public static final Comparator<SubLayer> SUBLAYERS = (x, y) -> {
        int c = Integer.compare(y.weight(), x.weight());
        return c != 0 ? c : compareKeys(x.subLayerKey(), y.subLayerKey());
    };

    public static final Comparator<Filter> FILTERS = (x, y) -> {
        int c = Long.compareUnsigned(y.effectiveWeight(), x.effectiveWeight());
        return c != 0 ? c : Long.compareUnsigned(x.filterId(), y.filterId());
    };

    private Order() {
    }

    /** GUIDs in the order of their text form. */
    public static int compareKeys(UUID x, UUID y) {
        int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    }
}
