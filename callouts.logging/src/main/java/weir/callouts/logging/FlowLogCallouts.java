package weir.callouts.logging;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.Layer;

/**
 * The flow log's callouts, one per layer with a key of its own, as a WFP driver registers one FWPS_CALLOUT per
 * layer (an FWPM_CALLOUT has one applicable layer). Each is a whiteboard service: the engine registers it when it
 * appears and releases it, every flow context with its flowDelete, when it goes. Place them with filters whose
 * action is CALLOUT_INSPECTION at their layer (flow-log.json does).
 */
public final class FlowLogCallouts {
    private FlowLogCallouts() {
    }

    /** Counts the inbound packets of IPv4 flows (the key older releases had, so existing filters still find it). */
    @Component(service = Callout.class, property = "callout.name=flow log: INBOUND_TRANSPORT_V4")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01")
    public static final class InboundV4 extends FlowLogCallout {
        @Activate
        public InboundV4(@Reference FlowLog log) {
            super(log, Layer.INBOUND_TRANSPORT_V4);
        }
    }

    @Component(service = Callout.class, property = "callout.name=flow log: INBOUND_TRANSPORT_V6")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a02")
    public static final class InboundV6 extends FlowLogCallout {
        @Activate
        public InboundV6(@Reference FlowLog log) {
            super(log, Layer.INBOUND_TRANSPORT_V6);
        }
    }

    @Component(service = Callout.class, property = "callout.name=flow log: OUTBOUND_TRANSPORT_V4")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a03")
    public static final class OutboundV4 extends FlowLogCallout {
        @Activate
        public OutboundV4(@Reference FlowLog log) {
            super(log, Layer.OUTBOUND_TRANSPORT_V4);
        }
    }

    @Component(service = Callout.class, property = "callout.name=flow log: OUTBOUND_TRANSPORT_V6")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a04")
    public static final class OutboundV6 extends FlowLogCallout {
        @Activate
        public OutboundV6(@Reference FlowLog log) {
            super(log, Layer.OUTBOUND_TRANSPORT_V6);
        }
    }

    @Component(service = Callout.class, property = "callout.name=flow log: ALE_FLOW_ESTABLISHED_V4")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a05")
    public static final class EstablishedV4 extends FlowLogCallout {
        @Activate
        public EstablishedV4(@Reference FlowLog log) {
            super(log, Layer.ALE_FLOW_ESTABLISHED_V4);
        }
    }

    @Component(service = Callout.class, property = "callout.name=flow log: ALE_FLOW_ESTABLISHED_V6")
    @CalloutKey("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a06")
    public static final class EstablishedV6 extends FlowLogCallout {
        @Activate
        public EstablishedV6(@Reference FlowLog log) {
            super(log, Layer.ALE_FLOW_ESTABLISHED_V6);
        }
    }
}
