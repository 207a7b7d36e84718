package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.Layer;

/** Enumeration templates' condition tests (FWP_FILTER_ENUM_FULLY_CONTAINED / OVERLAPPING), as sets of packets. */
public final class TemplateMatch {
    private TemplateMatch() {
    }

    /** Every packet that the template's conditions match, the filter's conditions match too. */
    public static boolean fullyContains(Layer layer, List<Condition> filter, List<Condition> template) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Some packet matches both. */
    public static boolean overlaps(Layer layer, List<Condition> filter, List<Condition> template) {
        throw new UnsupportedOperationException("TODO");
    }
}
