package weir.engine.core.osgi;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Decision;
import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Layer;

/** The {@link FlowContexts} service: the engine's flow table. */
@Component(service = FlowContexts.class)
public final class FlowContextsService implements FlowContexts {
    private final FlowContexts contexts;

    @Activate
    public FlowContextsService(@Reference EngineComponent engine) {
        this.contexts = engine.flows();
    }

    @Override
    public long openFlow() {
        return contexts.openFlow();
    }

    @Override
    public void closeFlow(long flowHandle) {
        contexts.closeFlow(flowHandle);
    }

    @Override
    public void closeFlow(long flowHandle, FlowEndReason reason) {
        contexts.closeFlow(flowHandle, reason);
    }

    @Override
    public Decision aleDecision(long flowHandle) {
        return contexts.aleDecision(flowHandle);
    }

    @Override
    public void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        contexts.associate(flowHandle, layer, calloutId, context);
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        contexts.remove(flowHandle, layer, calloutId);
    }

    @Override
    public Object context(long flowHandle, Layer layer, int calloutId) {
        return contexts.context(flowHandle, layer, calloutId);
    }

    @Override
    public int openFlows() {
        return contexts.openFlows();
    }
}
