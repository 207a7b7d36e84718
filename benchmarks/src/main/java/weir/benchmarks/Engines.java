package weir.benchmarks;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.Filter;
import weir.engine.api.Weight;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.mgmt.SnapshotPublisher;

/** A whole engine as the OSGi component wires it (management side publishing to the real classifier), no store. */
final class Engines {
    /** Warnings would only measure the console. */
    static final EngineLog QUIET = new EngineLog() {
        @Override
        public void warn(String line) {
        }

        @Override
        public void info(String line) {
        }
    };

    private Engines() {
    }

    static BaseFilteringEngine create() {
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        NetEventLog events = new NetEventLog();
        EngineStatistics statistics = new EngineStatistics();
        ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
        return new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, null, QUIET);
    }

    /**
     * {@code count} more filters like the set's rules (rule i mod n's conditions) with weights above all of the
     * set's, each its own, so adding one ties with nothing (a tie would add a D4 warning's scan to the commit).
     */
    static List<Filter> extra(List<ClassBench.Rule> rules, int count) {
        List<Filter> base = ClassBench.filters(rules);
        List<Filter> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Filter f = base.get((i * 7919) % base.size());
            out.add(Filter.of("extra-" + i, f.layer(), f.action()).withConditions(f.conditions())
                    .withWeight(Weight.exact(rules.size() + 1L + i)));
        }
        return out;
    }
}
