package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.ClassifyTrace;
import weir.engine.api.Classifier;
import weir.engine.api.EngineOptions;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The classify side: per-layer immutable snapshots, published with one volatile write each, and
 * arbitration over them (spec §4, D1–D13). Internal contract with the management side (weir.engine.core.mgmt):
 * on every commit that touched a layer, mgmt calls {@link #publish} with that layer's complete state.
 */
public final class ClassifierImpl implements Classifier {

    public ClassifierImpl(CalloutTable callouts, FlowTable flows, NetEventLog events, EngineStatistics statistics) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Replaces a layer's snapshot. {@code subLayers}: every sublayer (they exist in every layer), any order;
     * {@code filters}: every filter of this layer, with filterId, subLayerKey and effectiveWeight filled.
     * Builds the new immutable snapshot, then publishes it with one volatile write.
     */
    public void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters) {
        throw new UnsupportedOperationException("TODO");
    }

    /** New engine options take effect for the next classification. */
    public void setOptions(EngineOptions options) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public IncomingValues newIncomingValues(Layer layer) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public Metadata newMetadata() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public Verdict newVerdict() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void classify(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData, Verdict out) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public ClassifyTrace trace(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData) {
        throw new UnsupportedOperationException("TODO");
    }
}
