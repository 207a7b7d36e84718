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
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;

/** {@code wfp:callouts}: the callout runtime view. */
final class CalloutsCommand extends Command {
    private final Shell shell;

    CalloutsCommand(Shell shell) {
        super("callouts", "callouts");
        this.shell = shell;
    }

    @Descriptor("list the callouts: key, id, name, state (active, shadowed, quarantined, ...), filters, counters")
    public CalloutList callouts(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        CalloutRuntime rt = shell.calloutRuntime();
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
                            + " unregistered-callout rules"));
        }
        return new CalloutList(rows, false, Style.of(session, noFormat));
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
                v.reason() == null ? "" : v.reason());
    }
}
