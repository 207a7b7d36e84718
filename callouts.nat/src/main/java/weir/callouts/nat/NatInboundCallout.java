package weir.callouts.nat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.Layer;

/**
 * The NAT at INBOUND_TRANSPORT_V4 (key {@value #KEY}): replies of source NAT flows back to the inside host,
 * port forwards and inbound static NAT to their inside address, ICMP errors about either.
 */
@Component(service = {Callout.class, NatInboundCallout.class}, property = "callout.name=weir nat inbound")
@CalloutKey(NatInboundCallout.KEY)
public final class NatInboundCallout extends NatLayerCallout {
    /** The callout key that filters at INBOUND_TRANSPORT_V4 name. */
    public static final String KEY = "2aee6278-67fb-4aa2-8b17-0b6ed6dd5081";

    @Activate
    public NatInboundCallout(@Reference NatCore core) {
        super(core, Layer.INBOUND_TRANSPORT_V4, KEY);
    }
}
