package weir.engine.core.mgmt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.ClassifyOut;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.LayerChange;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * An engine built from its real parts, with a recorder in place of the classifier (what each commit published
 * is what these tests check) and the log lines kept in a list.
 */
final class TestEngine implements AutoCloseable {
    final Published published = new Published();
    final FlowTable flows = new FlowTable();
    final CalloutTable callouts = new CalloutTable(flows);
    final Lines log = new Lines();
    final BaseFilteringEngine engine;

    TestEngine() {
        this(null);
    }

    TestEngine(Path storeFolder) {
        engine = new BaseFilteringEngine(published, callouts, new NetEventLog(), new EngineStatistics(), storeFolder,
                log);
    }

    EngineSession open(String name) {
        return engine.open(SessionOptions.named(name));
    }

    EngineSession dynamic(String name) {
        return engine.open(SessionOptions.dynamic(name));
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Records every publish: the layer, its sublayers and its filters as the classifier has them afterwards (a
     * commit's changes applied to the layer's last state, an undo as the state put back).
     */
    static final class Published implements SnapshotPublisher {
        record Snapshot(Layer layer, List<SubLayer> subLayers, List<Filter> filters) {
        }

        final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
        final List<EngineOptions> options = new ArrayList<>();
        /** Every commit's changes, as handed over. */
        final List<List<LayerChange>> changes = Collections.synchronizedList(new ArrayList<>());
        private final Map<Layer, Snapshot> current = new EnumMap<>(Layer.class);

        @Override
        public synchronized void publish(Layer layer, List<SubLayer> subLayers, List<Filter> filters) {
            Snapshot s = new Snapshot(layer, subLayers, filters);
            current.put(layer, s);
            snapshots.add(s);
        }

        @Override
        public synchronized Runnable publish(List<LayerChange> commit) {
            changes.add(commit);
            List<Snapshot> before = new ArrayList<>();
            for (LayerChange c : commit) {
                Snapshot prev = current.get(c.layer());
                before.add(prev);
                List<Filter> filters = new ArrayList<>(prev.filters());
                for (Filter d : c.deleted()) {
                    filters.removeIf(f -> f.filterId() == d.filterId());
                }
                filters.addAll(c.added());
                List<SubLayer> subLayers = new ArrayList<>(prev.subLayers());
                for (SubLayer sl : c.subLayers()) {
                    subLayers.removeIf(x -> x.subLayerKey().equals(sl.subLayerKey()));
                    subLayers.add(sl);
                }
                publish(c.layer(), List.copyOf(subLayers), List.copyOf(filters));
            }
            return () -> {
                synchronized (this) {
                    for (Snapshot s : before) {
                        publish(s.layer(), s.subLayers(), s.filters());
                    }
                }
            };
        }

        @Override
        public void setOptions(EngineOptions o) {
            options.add(o);
        }

        /** The last snapshot of a layer. */
        Snapshot last(Layer layer) {
            synchronized (snapshots) {
                for (int i = snapshots.size() - 1; i >= 0; i--) {
                    if (snapshots.get(i).layer() == layer) {
                        return snapshots.get(i);
                    }
                }
            }
            return null;
        }

        void clear() {
            snapshots.clear();
        }
    }

    /** The engine's log lines. */
    static final class Lines implements EngineLog {
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        final List<String> infos = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void warn(String line) {
            warnings.add(line);
        }

        @Override
        public void info(String line) {
            infos.add(line);
        }
    }

    // ---- small builders ----

    static Filter permit(String name, Layer layer) {
        return Filter.of(name, layer, weir.engine.api.FilterAction.permit());
    }

    static Filter block(String name, Layer layer) {
        return Filter.of(name, layer, weir.engine.api.FilterAction.block());
    }

    static SubLayer subLayer(String name, int weight) {
        return SubLayer.of(UUID.randomUUID(), name, weight);
    }

    static CalloutObject callout(String name, Layer layer) {
        return CalloutObject.of(UUID.randomUUID(), name, layer);
    }

    /** A callout that answers notify as told and records every notification. */
    static final class NotifyRecorder implements weir.engine.api.Callout {
        record Note(weir.engine.api.NotifyType type, UUID filterKey, Filter filter) {
        }

        final List<Note> notes = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<weir.engine.api.CalloutFlag> flags;
        volatile boolean accept = true;
        volatile RuntimeException toThrow;

        NotifyRecorder(weir.engine.api.CalloutFlag... flags) {
            this.flags = flags.length == 0 ? java.util.Set.of() : java.util.EnumSet.copyOf(List.of(flags));
        }

        @Override
        public java.util.Set<weir.engine.api.CalloutFlag> flags() {
            return flags;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public boolean notify(weir.engine.api.NotifyType type, UUID filterKey, Filter filter) {
            notes.add(new Note(type, filterKey, filter));
            if (toThrow != null) {
                throw toThrow;
            }
            return accept;
        }

        List<weir.engine.api.NotifyType> types() {
            List<weir.engine.api.NotifyType> out = new ArrayList<>();
            synchronized (notes) {
                for (Note n : notes) {
                    out.add(n.type());
                }
            }
            return out;
        }
    }
}
