package weir.engine.core.mgmt;

import java.util.List;

import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.LayerChange;

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
        };
    }
}
