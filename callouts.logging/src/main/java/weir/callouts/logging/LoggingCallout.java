package weir.callouts.logging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutKey;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * The logging callout (key {@value #KEY}): an inspection callout. Put it behind a CALLOUT_INSPECTION filter
 * at any layer with flows (transport, datagram, stream, ALE); it never changes a decision. Like any callout
 * bundle it imports only weir.engine.api, so deploying or removing it refreshes nothing else.
 */
@Component(service = {Callout.class, LoggingCallout.class},
        property = {"callout.name=weir logging",
                "osgi.command.scope=logging", "osgi.command.function=flows", "osgi.command.function=packets"})
@CalloutKey(LoggingCallout.KEY)
public final class LoggingCallout implements Callout {
    /** The callout key that filters name. */
    public static final String KEY = "7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01";
    private static final int ENDED_KEPT = 1000;

    private final FlowContexts flows;
    private final PacketRing packets = new PacketRing(4096);
    private final Map<Long, FlowRecord> active = new ConcurrentHashMap<>();
    private final Deque<String> ended = new ArrayDeque<>();
    private volatile int calloutId;

    @Activate
    public LoggingCallout(@Reference FlowContexts flows) {
        this.flows = flows;
    }

    @Override
    public void registered(int id) {
        this.calloutId = id;
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        long now = System.nanoTime();
        int bytes = layerData == null ? 0 : layerData.length();
        long handle = metadata.flowHandle();
        FlowRecord rec = (FlowRecord) flowContext;
        if (rec == null && handle != 0 && calloutId != 0) {
            rec = startFlow(values, filter.layer(), handle, now);
        }
        if (rec != null) {
            rec.packets++;
            rec.bytes += bytes;
            rec.lastSeenNanos = now;
        }
        packets.add(now, handle, values.layer().layerId(), bytes, filter.filterId());
        if (out.hasWriteRight()) {
            out.setActionType(ActionType.CONTINUE);
        }
    }

    /** First packet of a flow here: one allocation per flow, not per packet. */
    private FlowRecord startFlow(IncomingValues values, Layer layer, long handle, long now) {
        FlowRecord rec = new FlowRecord(handle, layer.name(), tuple(values), now);
        try {
            flows.associate(handle, layer, calloutId, rec);
            active.put(handle, rec);
            return rec;
        } catch (WfpException e) {
            return null; // another thread associated first (OBJECT_NAME_EXISTS) or the flow ended
        }
    }

    @Override
    public void flowDelete(Layer layer, int id, Object flowContext) {
        if (flowContext instanceof FlowRecord rec) {
            active.remove(rec.flowHandle);
            String line = rec.summary();
            synchronized (ended) {
                if (ended.size() == ENDED_KEPT) {
                    ended.removeFirst();
                }
                ended.addLast(line);
            }
        }
    }

    /** {@code logging:flows}: the flows being counted now and the last ended ones with their totals. */
    public List<String> flows() {
        List<String> out = new ArrayList<>();
        for (FlowRecord r : active.values()) {
            out.add("active " + r.summary());
        }
        synchronized (ended) {
            for (String s : ended) {
                out.add("ended  " + s);
            }
        }
        return out;
    }

    /** {@code logging:packets}: the newest 20 packets. */
    public List<String> packets() {
        List<String> out = new ArrayList<>();
        out.add(packets.count() + " packets seen");
        out.addAll(packets.newest(20));
        return out;
    }

    private static String tuple(IncomingValues v) {
        Layer l = v.layer();
        return text(v, l, Field.IP_PROTOCOL) + " " + text(v, l, Field.IP_LOCAL_ADDRESS) + ":"
                + text(v, l, Field.IP_LOCAL_PORT) + " <-> " + text(v, l, Field.IP_REMOTE_ADDRESS) + ":"
                + text(v, l, Field.IP_REMOTE_PORT);
    }

    private static String text(IncomingValues v, Layer l, Field f) {
        int i = l.indexOf(f);
        if (i < 0 || v.isEmpty(i)) {
            return "-";
        }
        return f.isAddress() ? Value.formatAddress(v.get(i)) : Value.format(v.get(i));
    }
}
