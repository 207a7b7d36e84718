package weir.engine.core.osgi;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Classifier;
import weir.engine.api.ClassifyTrace;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Verdict;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.LiveTrace;
import weir.engine.core.classify.LiveTracing;

/**
 * The {@link Classifier} service: the engine's classifier (one monomorphic call in front of it). It exists only
 * once the engine has started completely (store loaded, start policy imported: {@link EngineComponent}), and
 * says so with the property {@code weir.engine.started=true}, which packet sources given at start require.
 */
@Component(service = Classifier.class, property = "weir.engine.started=true")
public final class ClassifierService implements Classifier, LiveTracing {
    private final ClassifierImpl classifier;

    @Activate
    public ClassifierService(@Reference EngineComponent engine) {
        this.classifier = engine.classifier();
    }

    @Override
    public IncomingValues newIncomingValues(Layer layer) {
        return classifier.newIncomingValues(layer);
    }

    @Override
    public Metadata newMetadata() {
        return classifier.newMetadata();
    }

    @Override
    public Verdict newVerdict() {
        return classifier.newVerdict();
    }

    @Override
    public void classify(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData, Verdict out) {
        classifier.classify(layer, values, metadata, layerData, out);
    }

    @Override
    public boolean classifyIfEmpty(Layer layer, long flowHandle, Verdict out) {
        return classifier.classifyIfEmpty(layer, flowHandle, out);
    }

    @Override
    public AutoCloseable startTrace(LiveTrace trace) {
        return classifier.startTrace(trace);
    }

    @Override
    public ClassifyTrace trace(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData) {
        return classifier.trace(layer, values, metadata, layerData);
    }
}
