package weir.callouts.logging;

import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Direction;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;

/**
 * One of the flow log's callouts ({@link FlowLogCallouts}: one per layer). At a transport layer it counts each
 * packet into its flow's record, starting the record with the flow's first packet; at ALE_FLOW_ESTABLISHED it
 * notes that the flow is established and who started it. It inspects only: it never changes a decision, takes
 * no lock, allocates nothing per packet and never throws on a packet it cannot read.
 */
abstract class FlowLogCallout implements Callout {
    private static final int TCP_FLAGS = 13;

    private final FlowLog log;
    private final Layer layer;
    private final boolean established;
    private final boolean outbound;
    private final int direction;
    private final int localPort;
    private final int remotePort;

    FlowLogCallout(FlowLog log, Layer layer) {
        this.log = log;
        this.layer = layer;
        this.established = layer == Layer.ALE_FLOW_ESTABLISHED_V4 || layer == Layer.ALE_FLOW_ESTABLISHED_V6;
        this.outbound = layer == Layer.OUTBOUND_TRANSPORT_V4 || layer == Layer.OUTBOUND_TRANSPORT_V6;
        this.direction = layer.indexOf(Field.DIRECTION);
        this.localPort = layer.indexOf(Field.IP_LOCAL_PORT);
        this.remotePort = layer.indexOf(Field.IP_REMOTE_PORT);
    }

    @Override
    public void registered(int calloutId) {
        log.registered(layer, calloutId);
    }

    /** Only inspection filters at this callout's own layer: anything else is refused when it is added. */
    @Override
    public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        return type != NotifyType.ADD_FILTER
                || filter.layer() == layer && filter.action().type() == ActionType.CALLOUT_INSPECTION;
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        if (values.layer() == layer) { // a filter added elsewhere before this callout registered: not ours to read
            count(values, metadata, layerData, flowContext);
        }
        if (out.hasWriteRight()) {
            out.setActionType(ActionType.CONTINUE); // an inspection callout's answer: no opinion
        }
    }

    private void count(IncomingValues values, Metadata metadata, LayerData layerData, Object flowContext) {
        boolean flowOutbound = established ? values.getLong(direction) == Direction.OUTBOUND.code() : outbound;
        FlowRecord flow = flowContext instanceof FlowRecord f ? f : log.flow(values, metadata, flowOutbound);
        if (flow != null) {
            if (established) {
                flow.outbound = flowOutbound;
                flow.established = true;
            } else {
                long time = FlowLog.time(metadata);
                int bytes = layerData == null ? 0 : layerData.length();
                int flags = tcpFlags(flow, layerData);
                flow.count(outbound, bytes, flags, icmp(flow, values), time);
                log.packet(flow, layer, time, bytes, flags);
            }
        }
    }

    @Override
    public void flowDelete(Layer at, int calloutId, Object flowContext, FlowEndReason reason) {
        if (flowContext instanceof FlowRecord r) {
            log.ended(r, reason);
        }
    }

    /** The TCP header's flags byte, or 0 (not TCP, or not in the captured bytes). */
    private static int tcpFlags(FlowRecord flow, LayerData d) {
        if (flow.protocol != FlowRecord.TCP || d == null || d.transportOffset() < 0) {
            return 0;
        }
        int at = d.transportOffset() + TCP_FLAGS;
        return at < d.offset() + d.length() ? d.array()[at] & 0xFF : 0;
    }

    /** An ICMP message's {@code type << 8 | code} (WFP's local and remote port slots hold them), or -1. */
    private int icmp(FlowRecord flow, IncomingValues values) {
        if (!flow.icmp() || localPort < 0 || values.isEmpty(localPort)) {
            return -1;
        }
        return (int) values.getLong(localPort) << 8 | (int) values.getLong(remotePort) & 0xFF;
    }
}
