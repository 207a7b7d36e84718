package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * Enumeration templates' condition tests (FWP_FILTER_ENUM_FULLY_CONTAINED / OVERLAPPING), as sets of packets.
 *
 * <p>A condition list selects a product of per-field sets: conditions on one field form an OR group (D5), a
 * field no condition names is unconstrained (every value, EMPTY included), and a condition on an EMPTY
 * incoming value does not match unless it is EQUAL to EMPTY (rule 35). So containment and overlap are
 * decided field by field: numbers exactly ({@link NumberSet}), blobs and strings by {@link TextSet}.
 *
 * <p>A template condition on a field that the layer does not have selects nothing at that layer: such a
 * filter is neither contained nor overlapping. Filter conditions are assumed valid (ConditionValidator).
 */
public final class TemplateMatch {
    private TemplateMatch() {
    }

    /** Every packet that the template's conditions match, the filter's conditions match too. */
    public static boolean fullyContains(Layer layer, List<Condition> filter, List<Condition> template) {
        if (!allInLayer(layer, template)) {
            return false;
        }
        Object[] t = sets(layer, template);
        for (Object s : t) {
            if (s != null && isEmpty(s)) {
                return true; // the template matches no packet: vacuously contained
            }
        }
        Object[] f = sets(layer, filter);
        for (int slot = 0; slot < f.length; slot++) {
            if (f[slot] != null) {
                Object ts = t[slot] != null ? t[slot] : universe(layer, slot);
                if (!subset(ts, f[slot])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Some packet matches both. */
    public static boolean overlaps(Layer layer, List<Condition> filter, List<Condition> template) {
        if (!allInLayer(layer, template)) {
            return false;
        }
        Object[] t = sets(layer, template);
        Object[] f = sets(layer, filter);
        for (int slot = 0; slot < f.length; slot++) {
            if (f[slot] != null && t[slot] != null) {
                if (!overlap(f[slot], t[slot])) {
                    return false;
                }
            } else if (f[slot] != null || t[slot] != null) {
                if (isEmpty(f[slot] != null ? f[slot] : t[slot])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean allInLayer(Layer layer, List<Condition> conditions) {
        for (Condition c : conditions) {
            if (Fields.slotOf(layer, c.field()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Per slot: null (unconstrained), a NumberSet or a TextSet. */
    private static Object[] sets(Layer layer, List<Condition> conditions) {
        int n = layer.fields().size();
        List<List<MatchType>> types = new ArrayList<>(n);
        List<List<Value>> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(null);
            values.add(null);
        }
        for (Condition c : conditions) {
            int slot = Fields.slotOf(layer, c.field());
            if (slot < 0) {
                continue;
            }
            if (types.get(slot) == null) {
                types.set(slot, new ArrayList<>());
                values.set(slot, new ArrayList<>());
            }
            types.get(slot).add(c.matchType());
            values.get(slot).add(c.value());
        }
        Object[] out = new Object[n];
        for (int slot = 0; slot < n; slot++) {
            if (types.get(slot) != null) {
                DataType ft = layer.typeOf(slot);
                out[slot] = Fields.isNumeric(ft) ? NumberSet.of(ft, types.get(slot), values.get(slot))
                        : TextSet.of(ft != DataType.UNICODE_STRING, types.get(slot), values.get(slot));
            }
        }
        return out;
    }

    private static Object universe(Layer layer, int slot) {
        DataType ft = layer.typeOf(slot);
        return Fields.isNumeric(ft) ? NumberSet.universe(ft) : TextSet.universe(ft != DataType.UNICODE_STRING);
    }

    private static boolean isEmpty(Object s) {
        return s instanceof NumberSet n ? n.isEmpty() : ((TextSet) s).isEmpty();
    }

    private static boolean subset(Object a, Object b) {
        return a instanceof NumberSet n ? n.subsetOf((NumberSet) b) : ((TextSet) a).subsetOf((TextSet) b);
    }

    private static boolean overlap(Object a, Object b) {
        return a instanceof NumberSet n ? n.overlaps((NumberSet) b) : ((TextSet) a).overlaps((TextSet) b);
    }
}
