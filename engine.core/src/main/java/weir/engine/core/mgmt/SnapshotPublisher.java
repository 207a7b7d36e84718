package weir.engine.core.mgmt;

import java.util.List;

import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.LayerChange;
import weir.engine.core.classify.WhatIf;

/**
 * What the management side needs of the classify side: each layer's complete state at start, what each commit
 * changed, and the engine options. {@link #of} adapts {@link ClassifierImpl}; tests that check what a commit
 * publishes use their own recorder.
 */
public interface SnapshotPublisher {

    /**
     * Replaces a layer's snapshot: every sublayer, and every filter of the layer with filterId, subLayerKey and
     * effectiveWeight filled in.
     */
    void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters);

    /**
     * Applies one commit's changes, one layer at a time (each layer is published with one volatile write, so a
     * packet sees a layer before or after the transaction, never a mix).
     *
     * @return what puts the layers back as they were, for a commit that fails after publishing
     * @throws RuntimeException when the changes cannot be applied; then nothing was published
     */
    Runnable publish(List<LayerChange> changes);

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
            public Runnable publish(List<LayerChange> changes) {
                return classifier.publish(changes);
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
