package weir.shim.pcap.path;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Weight;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.flow.FlowTracker;

/**
 * A packet processor over a real engine with an inspection callout at every layer that records what it is
 * shown: the layer, the FLAGS and DIRECTION fields, the flow handle. Tests feed frames one at a time and
 * read the record.
 */
final class Walker implements AutoCloseable {
    /** One classification the recording callout saw. */
    record Seen(Layer layer, long flags, long direction, long flowHandle, Object injectedBy) {
        @Override
        public String toString() {
            return layer.name();
        }
    }

    final RealEngine engine = new RealEngine();
    final List<Seen> seen = new ArrayList<>();
    final List<Boolean> verdicts = new ArrayList<>();
    final ShimCounters counters = new ShimCounters();
    final FlowTracker flows;
    final ReauthWatch reauth;
    final PacketPath path;
    final PacketProcessor processor;
    final ShimInjector injector = new ShimInjector();
    private long clock = 1_767_225_600_000_000_000L;

    private final Callout recorder = new Callout() {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            Layer l = values.layer();
            int flags = l.indexOf(Field.FLAGS);
            int direction = l.indexOf(Field.DIRECTION);
            seen.add(new Seen(l, flags < 0 ? -1 : values.getLong(flags),
                    direction < 0 || values.isEmpty(direction) ? -1 : values.getLong(direction),
                    metadata.flowHandle(), metadata.injectedBy()));
            if (out.hasWriteRight()) {
                out.setActionType(ActionType.CONTINUE);
            }
        }
    };

    Walker(String local) {
        for (Layer l : Layer.values()) {
            UUID key = engine.register(recorder, l);
            // the highest weight in the universal sublayer: it sees every packet before any test filter
            engine.add(Filter.of("record " + l, l, FilterAction.calloutInspection(key))
                    .withWeight(Weight.range(15)));
        }
        flows = new FlowTracker(engine.flowContexts(), 1000, 7200, 60);
        reauth = new ReauthWatch(engine.engine.open(weir.engine.api.SessionOptions.named("shim")));
        path = new PacketPath(engine.classifier(), flows, reauth, counters);
        injector.setOwner(Thread.currentThread());
        processor = new PacketProcessor(path, counters, LocalAddresses.parse(local), injector,
                (pass, a, o, c, len, lt, ts, d, inj) -> verdicts.add(pass));
    }

    /** Feeds one Ethernet frame 1 ms after the previous one; returns the layers it was classified at. */
    List<Layer> feed(byte[] frame) {
        return feed(frame, 1);
    }

    List<Layer> feed(byte[] frame, long gapMillis) {
        clock += gapMillis * 1_000_000L;
        int from = seen.size();
        processor.process(frame, 0, frame.length, frame.length, LinkType.ETHERNET, clock, null, -1);
        List<Layer> layers = new ArrayList<>();
        for (Seen s : seen.subList(from, seen.size())) {
            layers.add(s.layer());
        }
        return layers;
    }

    Seen last(Layer layer) {
        for (int i = seen.size() - 1; i >= 0; i--) {
            if (seen.get(i).layer() == layer) {
                return seen.get(i);
            }
        }
        return null;
    }

    boolean lastVerdict() {
        return verdicts.get(verdicts.size() - 1);
    }

    @Override
    public void close() {
        flows.closeAll();
        reauth.close();
        engine.close();
    }
}
