package weir.engine.api;

import java.util.List;
import java.util.UUID;

/**
 * WFP's {@code FWPM_FILTER_ENUM_TEMPLATE0}. Null fields select everything. {@code actionMask} is a mask of
 * {@link ActionType#code()} bits: {@code 0xFFFFFFFF} ignores the action, {@link ActionType#FLAG_CALLOUT}
 * selects callout filters (then {@code calloutKey} may narrow to one callout).
 *
 * @param sorted FWP_FILTER_ENUM_FLAG_SORTED: by descending effective weight (sublayers by descending weight)
 * @param bestTerminatingMatch FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH: only the single highest-weight
 *        terminating filter (per sublayer order) that the template's conditions fully select
 */
public record FilterEnumTemplate(UUID providerKey, Layer layer, UUID subLayerKey, EnumType enumType,
        List<Condition> conditions, int actionMask, UUID calloutKey, boolean sorted, boolean bestTerminatingMatch) {

    public static final int ANY_ACTION = 0xFFFFFFFF;

    public FilterEnumTemplate {
        enumType = enumType == null ? EnumType.OVERLAPPING : enumType;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static FilterEnumTemplate all() {
        return new FilterEnumTemplate(null, null, null, EnumType.OVERLAPPING, List.of(), ANY_ACTION, null, false, false);
    }

    public static FilterEnumTemplate layer(Layer layer) {
        return all().withLayer(layer);
    }

    public FilterEnumTemplate withLayer(Layer l) {
        return new FilterEnumTemplate(providerKey, l, subLayerKey, enumType, conditions, actionMask, calloutKey, sorted,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withProvider(UUID key) {
        return new FilterEnumTemplate(key, layer, subLayerKey, enumType, conditions, actionMask, calloutKey, sorted,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withSubLayer(UUID key) {
        return new FilterEnumTemplate(providerKey, layer, key, enumType, conditions, actionMask, calloutKey, sorted,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withConditions(EnumType type, List<Condition> c) {
        return new FilterEnumTemplate(providerKey, layer, subLayerKey, type, c, actionMask, calloutKey, sorted,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withActionMask(int mask) {
        return new FilterEnumTemplate(providerKey, layer, subLayerKey, enumType, conditions, mask, calloutKey, sorted,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withCallout(UUID key) {
        return new FilterEnumTemplate(providerKey, layer, subLayerKey, enumType, conditions, ActionType.FLAG_CALLOUT,
                key, sorted, bestTerminatingMatch);
    }

    public FilterEnumTemplate withSorted(boolean s) {
        return new FilterEnumTemplate(providerKey, layer, subLayerKey, enumType, conditions, actionMask, calloutKey, s,
                bestTerminatingMatch);
    }

    public FilterEnumTemplate withBestTerminatingMatch(boolean b) {
        return new FilterEnumTemplate(providerKey, layer, subLayerKey, enumType, conditions, actionMask, calloutKey,
                sorted, b);
    }
}
