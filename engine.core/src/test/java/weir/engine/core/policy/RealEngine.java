package weir.engine.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;

/** The real engine (management side, classifier, callout table), without a framework or a store. */
final class RealEngine implements AutoCloseable {
    final FlowTable flows = new FlowTable();
    final CalloutTable callouts = new CalloutTable(flows);
    final NetEventLog events = new NetEventLog();
    final EngineStatistics statistics = new EngineStatistics();
    final ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final BaseFilteringEngine engine = new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events,
            statistics, null, new EngineLog() {
                @Override
                public void warn(String line) {
                    log.add(line);
                }

                @Override
                public void info(String line) {
                    log.add(line);
                }
            });

    EngineSession open() {
        return engine.open(SessionOptions.named("policy test"));
    }

    @Override
    public void close() {
        engine.close();
    }

    /** What an export must reproduce: every object, without the run-time outputs (ids, registration). */
    record State(List<Provider> providers, List<SubLayer> subLayers, List<CalloutObject> callouts, List<Filter> filters) {
        static State of(EngineSession s) {
            List<Provider> p = new ArrayList<>(s.providers());
            p.sort(Comparator.comparing(x -> x.providerKey().toString()));
            List<SubLayer> sl = new ArrayList<>(s.subLayers());
            sl.sort(Comparator.comparing(x -> x.subLayerKey().toString()));
            List<CalloutObject> c = new ArrayList<>();
            for (CalloutObject x : s.callouts()) {
                c.add(x.withRuntime(false, 0));
            }
            c.sort(Comparator.comparing(x -> x.calloutKey().toString()));
            List<Filter> f = new ArrayList<>();
            for (Filter x : s.filters()) {
                f.add(x.withIds(x.filterKey(), x.subLayerKey(), 0L, x.effectiveWeight()));
            }
            f.sort(Comparator.comparing(x -> x.filterKey().toString()));
            return new State(p, sl, c, f);
        }
    }
}
