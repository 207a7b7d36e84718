package weir.engine.core.mgmt;

import java.nio.file.Path;

import weir.engine.api.ActionType;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/** The whole engine as the OSGi component wires it: management side in front of the real classifier. */
final class LiveEngine implements AutoCloseable {
    final FlowTable flows = new FlowTable();
    final CalloutTable callouts = new CalloutTable(flows);
    final NetEventLog events = new NetEventLog();
    final EngineStatistics statistics = new EngineStatistics();
    final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
    final TestEngine.Lines log = new TestEngine.Lines();
    final BaseFilteringEngine engine;

    LiveEngine() {
        this(null);
    }

    LiveEngine(Path storeFolder) {
        engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, storeFolder,
                log);
    }

    EngineSession open(String name) {
        return engine.open(SessionOptions.named(name));
    }

    /** The action for a packet to a local port at a layer (one thread's own values and verdict). */
    final class Probe {
        final Layer layer;
        final IncomingValues values;
        final Metadata metadata = classifier.newMetadata();
        final Verdict verdict = classifier.newVerdict();

        Probe(Layer layer, int localPort) {
            this.layer = layer;
            this.values = classifier.newIncomingValues(layer).set(Field.IP_LOCAL_PORT, Value.uint16(localPort));
        }

        ActionType classify() {
            classifier.classify(layer, values, metadata, null, verdict);
            return verdict.action();
        }
    }

    @Override
    public void close() {
        engine.close();
        events.close();
    }
}
