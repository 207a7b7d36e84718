package weir.callouts.nat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.Layer;

/**
 * The NAT at OUTBOUND_TRANSPORT_V4 (key {@value #KEY}): source NAT and outbound static NAT of inside hosts,
 * replies of port forwards, ICMP errors about either.
 */
@Component(service = {Callout.class, NatOutboundCallout.class}, property = "callout.name=weir nat outbound")
@CalloutKey(NatOutboundCallout.KEY)
public final class NatOutboundCallout extends NatLayerCallout {
    /** The callout key that filters at OUTBOUND_TRANSPORT_V4 name. */
    public static final String KEY = "5b0d7c3e-9a61-4f2b-8e47-2c1a6d9f0b13";

    @Activate
    public NatOutboundCallout(@Reference NatCore core) {
        super(core, Layer.OUTBOUND_TRANSPORT_V4, KEY);
    }
}
