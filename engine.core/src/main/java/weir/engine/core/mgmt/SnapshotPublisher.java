package weir.engine.core.mgmt;

import java.util.List;

import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.core.classify.ClassifierImpl;

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
        };
    }
}
