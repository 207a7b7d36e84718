package weir.shim.pcap;

import java.util.UUID;

import weir.engine.api.Callout;
import weir.engine.api.CalloutObject;
import weir.engine.api.Classifier;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;

/**
 * The whole engine as its OSGi component wires it (management side, classifier, flow table, callouts),
 * built from its classes for tests that feed it real packets. Nothing persists.
 */
public final class RealEngine implements AutoCloseable {
    public final FlowTable flows = new FlowTable();
    public final CalloutTable callouts = new CalloutTable(flows);
    public final NetEventLog events = new NetEventLog();
    public final EngineStatistics statistics = new EngineStatistics();
    public final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
    public final BaseFilteringEngine engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts,
            events, statistics, null, EngineLog.system());
    /** A session for the test's own filters. */
    public final EngineSession session = engine.open(SessionOptions.named("test"));

    public Classifier classifier() {
        return classifier;
    }

    public FlowContexts flowContexts() {
        return flows;
    }

    /** Adds a filter through the test's session and returns it with its id. */
    public Filter add(Filter f) {
        return session.addFilter(f);
    }

    /** Registers a callout with a callout object at {@code layer}; returns its key. */
    public UUID register(Callout callout, Layer layer) {
        UUID key = UUID.randomUUID();
        callouts.register(key, callout, null);
        session.addCallout(CalloutObject.of(key, "test callout " + key, layer));
        return key;
    }

    @Override
    public void close() {
        session.close();
        engine.close();
        events.close();
    }
}
