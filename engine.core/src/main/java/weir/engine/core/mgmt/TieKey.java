package weir.engine.core.mgmt;

import java.util.UUID;

import weir.engine.api.Filter;
import weir.engine.api.Layer;

/**
 * What makes two filters tie (D4): same layer, same sublayer, same effective weight. The store counts filters
 * per tie key so that the warning costs a map lookup per add, not a scan of the layer.
 */
record TieKey(Layer layer, UUID subLayerKey, long effectiveWeight) {

    static TieKey of(Filter f) {
        return new TieKey(f.layer(), f.subLayerKey(), f.effectiveWeight());
    }

    // Written out: a record's generated equals/hashCode link through ObjectMethods' bootstrap on first use, and
    // this key's (an enum, a UUID, a long) spun ~25 method-handle classes during the start policy's import.
    @Override
    public boolean equals(Object o) {
        return o instanceof TieKey k && layer == k.layer && effectiveWeight == k.effectiveWeight
                && java.util.Objects.equals(subLayerKey, k.subLayerKey);
    }

    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(layer) * 31 + java.util.Objects.hashCode(subLayerKey);
        return h * 31 + Long.hashCode(effectiveWeight);
    }
}
