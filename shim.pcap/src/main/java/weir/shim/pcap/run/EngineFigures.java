package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutView;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterStatistics;

/**
 * The engine's side of a run's summary, read through the API: per-filter hits (from
 * {@link EngineSession#filterStatistics()}, named by {@link EngineSession#filters()}) and callout calls and
 * errors (from the {@link CalloutRuntime} service, when the engine offers one). Counters are taken at the
 * run's start and subtracted, so a summary speaks of its own run.
 */
final class EngineFigures {
    /** One filter's hits during the run. */
    record FilterHits(long filterId, String name, String layer, String action, long matches, long decisions) {
    }

    private final EngineSession session;
    private final CalloutRuntime callouts;
    private final Map<Long, FilterStatistics> filterBase = new HashMap<>();
    private long callsBase;
    private long errorsBase;

    EngineFigures(EngineSession session, CalloutRuntime callouts) {
        this.session = session;
        this.callouts = callouts;
        if (session != null) {
            try {
                for (FilterStatistics f : session.filterStatistics()) {
                    filterBase.put(f.filterId(), f);
                }
            } catch (RuntimeException e) {
                // a closed session: the summary then says what it can
            }
        }
        long[] c = calloutTotals();
        callsBase = c[0];
        errorsBase = c[1];
    }

    /** Filters with a match or decision during the run, by descending matches. */
    List<FilterHits> filters() {
        List<FilterHits> out = new ArrayList<>();
        if (session == null) {
            return out;
        }
        try {
            Map<Long, Filter> byId = new HashMap<>();
            for (Filter f : session.filters()) {
                byId.put(f.filterId(), f);
            }
            for (FilterStatistics s : session.filterStatistics()) {
                FilterStatistics base = filterBase.get(s.filterId());
                long matches = s.matches() - (base == null ? 0 : base.matches());
                long decisions = s.decisions() - (base == null ? 0 : base.decisions());
                if (matches == 0 && decisions == 0) {
                    continue;
                }
                Filter f = byId.get(s.filterId());
                out.add(new FilterHits(s.filterId(), f == null ? "(deleted)" : f.name(),
                        f == null ? "" : f.layer().name(), f == null ? "" : f.action().type().name(), matches,
                        decisions));
            }
        } catch (RuntimeException e) {
            return out;
        }
        out.sort((a, b) -> Long.compare(b.matches(), a.matches()));
        return out;
    }

    /** The callouts' calls and errors during the run, and whether the engine could say. */
    Map<String, Object> callouts() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (callouts == null) {
            m.put("calls", 0L);
            m.put("errors", 0L);
            m.put("available", false);
            m.put("note", "the engine offers no CalloutRuntime service yet: callout calls and errors are not"
                    + " counted here");
            return m;
        }
        long[] c = calloutTotals();
        m.put("calls", c[0] - callsBase);
        m.put("errors", c[1] - errorsBase);
        m.put("available", true);
        return m;
    }

    private long[] calloutTotals() {
        long calls = 0;
        long errors = 0;
        if (callouts != null) {
            try {
                for (CalloutView v : callouts.callouts()) {
                    if (v.statistics() != null) {
                        calls += v.statistics().calls();
                        errors += v.statistics().errors();
                    }
                }
            } catch (RuntimeException e) {
                // the runtime view went away; report what was counted
            }
        }
        return new long[] {calls, errors};
    }
}
