package weir.engine.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * WFP's {@code FWPM_FILTER0}: conditions, an action and a weight, in one sublayer of one layer. The same
 * record is what a callout receives as the filter's run-time view ({@code FWPS_FILTER}).
 *
 * <p>{@code filterId} and {@code effectiveWeight} are outputs: ignored on add, filled in the record that
 * {@code addFilter} returns. A null {@code filterKey} on add makes the engine assign one; a null
 * {@code subLayerKey} means the layer's default sublayer. Build one with {@link #of} and the {@code with}
 * methods:
 *
 * <pre>
 * Filter.of("ssh from lan", Layer.INBOUND_TRANSPORT_V4, FilterAction.permit())
 *       .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)),
 *                       Condition.equal(Field.IP_REMOTE_ADDRESS, Value.address("10.0.0.0/8")))
 *       .withWeight(Weight.range(10));
 * </pre>
 */
public record Filter(UUID filterKey, DisplayData displayData, Set<FilterFlag> flags, UUID providerKey,
        byte[] providerData, Layer layer, UUID subLayerKey, Weight weight, List<Condition> conditions,
        FilterAction action, long rawContext, UUID providerContextKey, long filterId, long effectiveWeight) {

    public Filter {
        Objects.requireNonNull(displayData, "displayData");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(action, "action");
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        weight = weight == null ? Weight.auto() : weight;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        providerData = providerData == null ? new byte[0] : providerData.clone();
    }

    /** A filter with a name, a layer and an action; no conditions (matches everything), auto weight. */
    public static Filter of(String name, Layer layer, FilterAction action) {
        return new Filter(null, DisplayData.of(name), Set.of(), null, null, layer, null, Weight.auto(), List.of(),
                action, 0L, null, 0L, 0L);
    }

    @Override
    public byte[] providerData() {
        return providerData.clone();
    }

    public String name() {
        return displayData.name();
    }

    public boolean has(FilterFlag flag) {
        return flags.contains(flag);
    }

    public Filter withKey(UUID key) {
        return new Filter(key, displayData, flags, providerKey, providerData, layer, subLayerKey, weight, conditions,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withDisplayData(DisplayData d) {
        return new Filter(filterKey, d, flags, providerKey, providerData, layer, subLayerKey, weight, conditions,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withFlags(FilterFlag... f) {
        Set<FilterFlag> s = f.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(f));
        return withFlags(s);
    }

    public Filter withFlags(Set<FilterFlag> f) {
        return new Filter(filterKey, displayData, f, providerKey, providerData, layer, subLayerKey, weight, conditions,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withProvider(UUID key, byte[] data) {
        return new Filter(filterKey, displayData, flags, key, data, layer, subLayerKey, weight, conditions, action,
                rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withSubLayer(UUID key) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, key, weight, conditions,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withWeight(Weight w) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, subLayerKey, w, conditions,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    public Filter withConditions(Condition... c) {
        return withConditions(List.of(c));
    }

    public Filter withConditions(List<Condition> c) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, subLayerKey, weight, c,
                action, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    /** This filter with one more condition at the end. */
    public Filter and(Condition c) {
        List<Condition> l = new ArrayList<>(conditions);
        l.add(c);
        return withConditions(l);
    }

    public Filter withAction(FilterAction a) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, subLayerKey, weight,
                conditions, a, rawContext, providerContextKey, filterId, effectiveWeight);
    }

    /** The raw context (FWPM_FILTER0 union): clears the provider context key. */
    public Filter withRawContext(long context) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, subLayerKey, weight,
                conditions, action, context, null, filterId, effectiveWeight);
    }

    /** A provider context (requires HAS_PROVIDER_CONTEXT): clears the raw context. */
    public Filter withProviderContext(UUID key) {
        return new Filter(filterKey, displayData, flags, providerKey, providerData, layer, subLayerKey, weight,
                conditions, action, 0L, key, filterId, effectiveWeight);
    }

    /** The engine's copy with its outputs filled. */
    public Filter withIds(UUID key, UUID subLayer, long id, long effective) {
        return new Filter(key, displayData, flags, providerKey, providerData, layer, subLayer, weight, conditions,
                action, rawContext, providerContextKey, id, effective);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter f && Objects.equals(filterKey, f.filterKey) && displayData.equals(f.displayData)
                && flags.equals(f.flags) && Objects.equals(providerKey, f.providerKey)
                && Arrays.equals(providerData, f.providerData) && layer == f.layer
                && Objects.equals(subLayerKey, f.subLayerKey) && weight.equals(f.weight)
                && conditions.equals(f.conditions) && action.equals(f.action) && rawContext == f.rawContext
                && Objects.equals(providerContextKey, f.providerContextKey) && filterId == f.filterId
                && effectiveWeight == f.effectiveWeight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filterKey, displayData, flags, providerKey, layer, subLayerKey, weight, conditions, action,
                rawContext, providerContextKey, filterId, effectiveWeight) * 31 + Arrays.hashCode(providerData);
    }

    @Override
    public String toString() {
        return "Filter[" + filterId + " '" + displayData.name() + "' " + layer + " " + action + " weight=" + weight
                + " effective=" + Long.toUnsignedString(effectiveWeight, 16) + " " + conditions + "]";
    }
}
