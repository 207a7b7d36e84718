package weir.callouts.nat;

import java.util.UUID;

import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;

/**
 * One NAT callout: WFP gives a callout one applicable layer, so the NAT registers one per layer it works at
 * (as a NAT driver registers one callout per layer), and both hand their packets to the shared
 * {@link Translator}. No flags: a flow's first packet has no context yet, so CONDITIONAL_ON_FLOW would hide
 * exactly the packets that make mappings.
 */
abstract class NatLayerCallout implements Callout {
    private final NatCore core;
    private final Layer layer;
    private final boolean inbound;
    private final String key;
    private volatile int calloutId;

    NatLayerCallout(NatCore core, Layer layer, String key) {
        this.core = core;
        this.layer = layer;
        this.inbound = layer == Layer.INBOUND_TRANSPORT_V4;
        this.key = key;
    }

    @Override
    public void registered(int id) {
        calloutId = id;
    }

    @Override
    public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        return type != NotifyType.ADD_FILTER || core.refusal(filter, layer, key) == null;
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        core.translator().classify(inbound, calloutId, layer, metadata, layerData, filter, flowContext, out);
    }

    @Override
    public void flowDelete(Layer l, int id, Object flowContext) {
        core.translator().release(flowContext);
    }

    int calloutId() {
        return calloutId;
    }

    Layer layer() {
        return layer;
    }

    String key() {
        return key;
    }
}
