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
}
