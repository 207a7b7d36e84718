package weir.engine.core.mgmt;

import java.util.List;

import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.WhatIf;

/**
 * What the management side needs of the classify side: a layer's complete state on every commit that touched
 * it, and the engine options. {@link #of} adapts {@link ClassifierImpl}; tests that check what a commit
 * publishes use their own recorder.
 */
public interface SnapshotPublisher {

    /**
     * Replaces a layer's snapshot: every sublayer, and every filter of the layer with filterId, subLayerKey and
     * effectiveWeight filled in.
     */
    void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters);

    /** New engine options take effect for the next classification. */
    void setOptions(EngineOptions options);

    /**
     * A what-if (wfp:classify) that changes no state, over a layer state given as for {@link #publish} but not
     * published (a transaction's draft), or over the published one when {@code subLayers} is null.
     */
    default WhatIf whatIf(Layer layer, List<SubLayer> subLayers, List<Filter> filters, IncomingValues values,
            Metadata metadata) {
        throw new UnsupportedOperationException("this classify side offers no what-if");
    }

    static SnapshotPublisher of(ClassifierImpl classifier) {
        return new SnapshotPublisher() {
            @Override
            public void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters) {
                classifier.publish(layer, subLayers, filters);
            }

            @Override
            public void setOptions(EngineOptions options) {
                classifier.setOptions(options);
            }

            @Override
            public WhatIf whatIf(Layer layer, List<SubLayer> subLayers, List<Filter> filters, IncomingValues values,
                    Metadata metadata) {
                return classifier.whatIf(layer, subLayers, filters, values, metadata, null);
            }
        };
    }
}
