package weir.engine.core.classify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Decision;
import weir.engine.api.EngineOptions;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The classify side wired as the management side will wire it, with a tiny stand-in for commits: filters get
 * ids in the order they are added and effective weights from {@link Weights}, and every change republishes.
 */
final class TestEngine {
    final FlowTable flows = new FlowTable();
    final CalloutTable callouts = new CalloutTable(flows);
    final NetEventLog events = new NetEventLog();
    final EngineStatistics statistics = new EngineStatistics();
    final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
    final Layer layer;
    final List<SubLayer> subLayers = new ArrayList<>();
    final Map<Layer, List<Filter>> filters = new EnumMap<>(Layer.class);
    private long nextId = 1;
    private long nextSubLayer = 1;

    TestEngine(Layer layer) {
        this.layer = layer;
        subLayers.add(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000));
    }

    /** A sublayer with this weight; keys ascend in creation order. */
    UUID subLayer(int weight) {
        UUID key = new UUID(0x1000, nextSubLayer++);
        subLayers.add(SubLayer.of(key, "sublayer " + weight, weight));
        publishAll();
        return key;
    }

    UUID subLayer(UUID key, int weight) {
        subLayers.add(SubLayer.of(key, "sublayer " + key, weight));
        publishAll();
        return key;
    }

    /** Adds a filter to the universal sublayer. */
    Filter add(Filter f) {
        return add(f, Layer.SUBLAYER_UNIVERSAL);
    }

    Filter add(Filter f, UUID subLayer) {
        FilterValidator.validate(f);
        long w = Weights.effectiveWeight(f.layer(), f.weight(), f.conditions());
        Filter added = f.withIds(f.filterKey() == null ? UUID.randomUUID() : f.filterKey(), subLayer, nextId++, w);
        filters.computeIfAbsent(f.layer(), l -> new ArrayList<>()).add(added);
        classifier.publish(f.layer(), subLayers, filters.get(f.layer()));
        return added;
    }

    void delete(Filter f) {
        filters.get(f.layer()).remove(f);
        classifier.publish(f.layer(), subLayers, filters.get(f.layer()));
    }

    void publishAll() {
        for (Map.Entry<Layer, List<Filter>> e : filters.entrySet()) {
            classifier.publish(e.getKey(), subLayers, e.getValue());
        }
    }

    void options(EngineOptions o) {
        classifier.setOptions(o);
    }

    IncomingValues values() {
        return classifier.newIncomingValues(layer);
    }

    /** An INBOUND_TRANSPORT-style packet: protocol, local port, remote address (fields the layer lacks are skipped). */
    IncomingValues packet(int protocol, int localPort, String remote) {
        IncomingValues v = values();
        set(v, Field.IP_PROTOCOL, Value.uint8(protocol));
        set(v, Field.IP_LOCAL_PORT, Value.uint16(localPort));
        set(v, Field.IP_REMOTE_ADDRESS, Value.address(remote));
        return v;
    }

    static void set(IncomingValues v, Field f, Value x) {
        if (v.layer().indexOf(f) >= 0) {
            v.set(f, x);
        }
    }

    Decision classify(IncomingValues v) {
        return classify(v, classifier.newMetadata());
    }

    Decision classify(IncomingValues v, Metadata m) {
        Verdict out = classifier.newVerdict();
        classifier.classify(v.layer(), v, m, null, out);
        return out.toDecision();
    }

    /** Classifies a packet that every filter without conditions matches. */
    Decision classify() {
        return classify(values());
    }

    List<NetEvent> netEvents() {
        return events.events(NetEventTemplate.all());
    }
}
