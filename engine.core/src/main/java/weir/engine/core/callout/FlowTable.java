package weir.engine.core.callout;

import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;

/** The engine's flow table: flow handles and their callout contexts (rules 26–28). */
public final class FlowTable implements FlowContexts {
    @Override
    public long openFlow() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void closeFlow(long flowHandle) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public Object context(long flowHandle, Layer layer, int calloutId) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public int openFlows() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True while any flow holds a context of this callout (unregister is then DEVICE_BUSY). */
    public boolean hasContexts(int calloutId) {
        throw new UnsupportedOperationException("TODO");
    }
}
