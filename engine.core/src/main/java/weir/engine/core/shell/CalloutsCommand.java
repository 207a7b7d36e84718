package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.CalloutView;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;

/** {@code wfp:callouts [KEY]}: the callout runtime view, or one callout in full with its slowest calls. */
final class CalloutsCommand extends Command {
    private final Shell shell;

    CalloutsCommand(Shell shell) {
        super("callouts", "callouts");
        this.shell = shell;
    }

    @Descriptor("list the callouts: key, id, name, state (active, shadowed, quarantined, ...), filters, counters,"
            + " slowest calls; with KEY, one callout in full")
    public Object callouts(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat,
            @Descriptor("a callout's key or name: show it in full, with its slowest calls")
            @Arg(value = "KEY", complete = Completion.CALLOUT) List<String> key) {
        EngineSession s = shell.session(session);
        CalloutRuntime rt = shell.calloutRuntime();
        if (!key.isEmpty()) {
            return detail(s, rt, key, Style.of(session, noFormat));
        }
        List<CalloutList.Row> rows = new ArrayList<>();
        if (rt != null) {
            for (CalloutView v : rt.callouts()) {
                rows.add(row(v));
            }
            return new CalloutList(rows, true, Style.of(session, noFormat));
        }
        // Without the runtime service: the management records, and whether something is registered for each.
        Map<UUID, List<Long>> filters = new HashMap<>();
        for (Filter f : s.filters()) {
            if (f.action().calloutKey() != null) {
                filters.computeIfAbsent(f.action().calloutKey(), k -> new ArrayList<>()).add(f.filterId());
            }
        }
        for (CalloutObject c : s.callouts()) {
            CalloutState state = c.registered() ? CalloutState.ACTIVE : CalloutState.OBJECT_WITHOUT_REGISTRATION;
            rows.add(new CalloutList.Row(c.calloutKey().toString(), c.registered() ? c.calloutId() : 0, c.name(), "",
                    state.name(), c.applicableLayer().name(), filters.getOrDefault(c.calloutKey(), List.of()), 0, 0, 0,
                    0, 0, "", c.registered() ? "" : "nothing registered under this key: its filters follow the"
                            + " unregistered-callout rules", 0, 0, 0, List.of()));
        }
        return new CalloutList(rows, false, Style.of(session, noFormat));
    }

    private CalloutDetail detail(EngineSession s, CalloutRuntime rt, List<String> words, Style style) {
        if (words.size() > 1) {
            throw error("one callout at a time: wfp:callouts KEY");
        }
        if (rt == null) {
            throw error("NOT_SUPPORTED: the callout runtime service is not running, so there are no counters to"
                    + " show; wfp:callouts lists the callout objects");
        }
        UUID key = Lookup.calloutKey(s, rt, words.get(0));
        CalloutView chosen = null;
        for (CalloutView v : rt.callouts()) {
            // the registration that filters call, if any, rather than a service shadowed behind it
            if (key.equals(v.calloutKey()) && (chosen == null || chosen.state() == CalloutState.SHADOWED)) {
                chosen = v;
            }
        }
        if (chosen == null) {
            throw error("CALLOUT_NOT_FOUND: nothing is known under " + key + "; wfp:callouts lists the callouts");
        }
        EngineOptions o = s.engineOptions();
        return new CalloutDetail(row(chosen), o.calloutBudgetMillis(), o.calloutSlowCallThreshold(),
                o.calloutQuarantineThreshold(), style);
    }

    static CalloutList.Row row(CalloutView v) {
        CalloutStatistics st = v.statistics() == null ? new CalloutStatistics(0, 0, 0, 0, 0, 0, "") : v.statistics();
        // no key: an INVALID whiteboard service without a usable callout.key (its reason says so)
        return new CalloutList.Row(v.calloutKey() == null ? "-" : v.calloutKey().toString(), v.calloutId(),
                v.name() == null ? "" : v.name(),
                v.bundle() == null ? "" : v.bundle(), v.state().name(),
                v.applicableLayer() == null ? "" : v.applicableLayer().name(),
                v.filterIds() == null ? List.of() : v.filterIds(), st.calls(), st.errors(), st.consecutiveErrors(),
                st.meanNanos(), st.p99Nanos(), st.lastError() == null ? "" : st.lastError(),
                v.reason() == null ? "" : v.reason(), st.maxNanos(), st.slowCalls(), st.consecutiveSlowCalls(),
                calls(st.slowestCalls()));
    }

    private static List<CalloutList.Call> calls(List<CalloutStatistics.Call> calls) {
        List<CalloutList.Call> out = new ArrayList<>(calls.size());
        for (CalloutStatistics.Call c : calls) {
            out.add(CalloutList.Call.of(c));
        }
        return out;
    }

    @Override
    String notes() {
        return "SLOW counts the calls over the engine's time budget (wfp:engine calloutBudgetMillis, default 100 ms);"
                + "\nSLOWEST shows the slowest few. A callout over the budget calloutSlowCallThreshold (3) times in a"
                + "\nrow, or failing calloutQuarantineThreshold (5) times in a row, is QUARANTINED (D13) until"
                + "\nwfp:callout-reset KEY. What-if calls (wfp:classify) are never counted.\n"
                + "examples:\n"
                + "  wfp:callouts\n"
                + "  wfp:callouts d3f1e8a2-5b7c-4e9d-8a1f-2c6b0e4d7a93\n"
                + "  wfp:callouts 'port blocker'";
    }
}
