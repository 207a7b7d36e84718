package weir.engine.core.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.ActionType;
import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutStatistics;
import weir.engine.api.CalloutView;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.Registration;
import weir.engine.core.mgmt.BaseFilteringEngine;

/**
 * The {@link CalloutRuntime} service: one entry per callout key that the management side or the run-time side
 * knows (a callout object, a registration, a whiteboard service), and one more per shadowed or unusable
 * whiteboard service, each with a state and a reason — as the OSGi whiteboards' runtime DTOs tell the truth
 * about themselves. Callout objects and the filters naming them are read through a session of its own.
 */
@Component(service = CalloutRuntime.class)
public final class CalloutRuntimeService implements CalloutRuntime {
    private static final CalloutStatistics NONE = new CalloutStatistics(0, 0, 0, 0, 0, 0, "");
    private static final String UNREGISTERED_RULE = "its filters follow the unregistered rule (rule 11: BLOCK,"
            + " PERMIT with PERMIT_IF_CALLOUT_UNREGISTERED, skipped if CALLOUT_INSPECTION)";

    private final BaseFilteringEngine engine;
    private final CalloutTable table;
    private final CalloutWhiteboard whiteboard;

    @Activate
    public CalloutRuntimeService(@Reference EngineComponent engine, @Reference CalloutWhiteboard whiteboard) {
        this.engine = engine.engine();
        this.table = engine.callouts();
        this.whiteboard = whiteboard;
    }

    /** What the management side says about the keys: callout objects and the filters naming each key. */
    private record Management(Map<UUID, CalloutObject> objects, Map<UUID, List<Long>> filters) {
        List<Long> filtersOf(UUID key) {
            return key == null ? List.of() : filters.getOrDefault(key, List.of());
        }
    }

    @Override
    public List<CalloutView> callouts() {
        Management m = management();
        List<CalloutView> out = new ArrayList<>();
        Set<Registration> shown = new HashSet<>();
        for (CalloutWhiteboard.Entry e : whiteboard.entries()) {
            if (e.registration() != null) {
                shown.add(e.registration());
                out.add(registered(e.registration(), m, e.name(), e.bundle(), e.reason()));
            } else {
                CalloutObject o = e.key() == null ? null : m.objects().get(e.key());
                out.add(new CalloutView(e.key(), 0, o != null ? o.name() : e.name(), e.bundle(), e.state(),
                        o == null ? null : o.applicableLayer(), m.filtersOf(e.key()), NONE, e.reason()));
            }
        }
        for (Registration r : table.registrations()) {
            if (!shown.contains(r)) {
                String bundle = BundleNames.of(r.owner());
                out.add(registered(r, m, "", bundle, "registered through CalloutRegistry"
                        + (bundle.isEmpty() ? "" : " by bundle " + bundle)));
            }
        }
        for (CalloutObject o : m.objects().values()) {
            if (table.lookup(o.calloutKey()) == null) {
                out.add(new CalloutView(o.calloutKey(), 0, o.name(), "", CalloutState.OBJECT_WITHOUT_REGISTRATION,
                        o.applicableLayer(), m.filtersOf(o.calloutKey()), NONE,
                        "no callout is registered under this key; " + UNREGISTERED_RULE));
            }
        }
        out.sort(Comparator.comparing((CalloutView v) -> v.calloutKey() == null ? "~" : v.calloutKey().toString())
                .thenComparing(CalloutView::state));
        return out;
    }

    private CalloutView registered(Registration r, Management m, String serviceName, String bundle, String how) {
        CalloutObject o = m.objects().get(r.key());
        String name = o != null ? o.name() : serviceName;
        CalloutState state;
        String reason;
        if (r.quarantined()) {
            state = CalloutState.QUARANTINED;
            reason = quarantineCause(r) + "; " + UNREGISTERED_RULE + " until wfp:callout-reset " + r.key()
                    + " or the callout registers again";
        } else if (o == null) {
            state = CalloutState.REGISTERED_WITHOUT_OBJECT;
            reason = how + "; no callout object names this key, so no filter can reference it yet: add one"
                    + " (FwpmCalloutAdd: EngineSession.addCallout, or a policy file)";
        } else {
            state = CalloutState.ACTIVE;
            reason = how;
        }
        return new CalloutView(r.key(), r.calloutId(), name, bundle, state, o == null ? null : o.applicableLayer(),
                m.filtersOf(r.key()), r.statistics(), reason);
    }

    /** Why D13 quarantined it, in words: failures in a row, or calls over the time budget in a row. */
    private String quarantineCause(Registration r) {
        if (r.quarantineCause() == Registration.SLOW_CALLS) {
            List<CalloutStatistics.Call> slowest = r.slowestCalls();
            String worst = slowest.isEmpty() ? "" : String.format(", the slowest %.1f ms by filter %d at %s",
                    slowest.get(0).nanos() / 1e6, slowest.get(0).filterId(), slowest.get(0).layer());
            return r.consecutiveSlowCalls() + " classify calls in a row over the time budget of "
                    + TimeUnit.NANOSECONDS.toMillis(table.budgetNanos()) + " ms (threshold "
                    + table.slowCallThreshold() + ")" + worst;
        }
        return r.consecutiveFailures() + " classify failures in a row (threshold " + table.quarantineThreshold()
                + "), last: " + r.lastError();
    }

    private Management management() {
        Map<UUID, CalloutObject> objects = new HashMap<>();
        Map<UUID, List<Long>> filters = new HashMap<>();
        try (EngineSession s = engine.open(SessionOptions.named("weir callout runtime view"))) {
            for (CalloutObject o : s.callouts()) {
                objects.put(o.calloutKey(), o);
            }
            for (Filter f : s.filters(FilterEnumTemplate.all().withActionMask(ActionType.FLAG_CALLOUT))) {
                filters.computeIfAbsent(f.action().calloutKey(), k -> new ArrayList<>()).add(f.filterId());
            }
        }
        filters.replaceAll((k, ids) -> {
            ids.sort(null);
            return List.copyOf(ids);
        });
        return new Management(objects, filters);
    }

    @Override
    public void reset(UUID calloutKey) {
        table.resetQuarantine(calloutKey);
    }
}
