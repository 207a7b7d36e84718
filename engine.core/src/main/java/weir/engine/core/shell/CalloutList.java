package weir.engine.core.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import weir.engine.api.CalloutStatistics;

/**
 * What {@code wfp:callouts} returns: every callout key the engine knows, with its state (ACTIVE, SHADOWED,
 * QUARANTINED, REGISTERED_WITHOUT_OBJECT, OBJECT_WITHOUT_REGISTRATION) and counters. {@code runtime} is false
 * when no callout runtime service runs: the list then shows only callout objects, registered or not.
 */
public record CalloutList(List<Row> callouts, boolean runtime, Style style) implements Printable {
    /** How many of a callout's slowest calls the list shows ({@code wfp:callouts KEY} shows them all). */
    static final int SLOWEST_SHOWN = 3;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /**
     * One callout key. Times are nanoseconds; {@code reason} says why it is in its state; {@code slowCalls} took
     * longer than the engine's time budget, {@code consecutiveSlowCalls} of them in a row just now (D13);
     * {@code slowest} are its slowest calls since it registered, slowest first.
     */
    public record Row(String key, int calloutId, String name, String bundle, String state, String layer,
            List<Long> filters, long calls, long errors, long consecutiveErrors, long meanNanos, long p99Nanos,
            String lastError, String reason, long maxNanos, long slowCalls, long consecutiveSlowCalls,
            List<Call> slowest) {
    }

    /** One measured call: how long it took, the filter that made it, its layer, when, and if over the budget. */
    public record Call(long nanos, long filterId, String layer, String when, boolean overBudget) {
        static Call of(CalloutStatistics.Call c) {
            return new Call(c.nanos(), c.filterId(), c.layer().name(), WHEN.format(c.at()), c.overBudget());
        }
    }

    @Override
    public String inspect() {
        if (callouts.isEmpty()) {
            return style.plain() ? "" : "no callouts" + (runtime ? "" : " (callout objects only: the callout"
                    + " runtime service is not running)");
        }
        Table t = new Table().left("KEY").right("ID").flexible("NAME").left("STATE").left("LAYER").optional("FILTERS")
                .right("CALLS").right("ERRORS").right("MEAN").right("SLOW").optional("SLOWEST").optional("BUNDLE")
                .optional("REASON");
        for (Row r : callouts) {
            t.row(r.key, r.calloutId == 0 ? "-" : r.calloutId, r.name, r.state, r.layer, ids(r.filters), r.calls,
                    r.errors, r.calls == 0 ? "-" : Texts.nanos(r.meanNanos), r.slowCalls, slowest(r.slowest),
                    r.bundle,
                    r.lastError.isEmpty() ? r.reason : r.reason + (r.reason.isEmpty() ? "" : "; ") + r.lastError);
        }
        String out = t.render(style);
        return runtime || style.plain() ? out
                : out + "\n(callout objects only: the callout runtime service is not running)";
    }

    /** The slowest few durations, e.g. {@code 5000.1ms,4999.8ms,12.0us}. */
    private static String slowest(List<Call> calls) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < calls.size() && i < SLOWEST_SHOWN; i++) {
            b.append(i > 0 ? "," : "").append(Texts.nanos(calls.get(i).nanos()));
        }
        return b.toString();
    }

    private static String ids(List<Long> ids) {
        StringBuilder b = new StringBuilder();
        for (Long id : ids) {
            b.append(b.length() > 0 ? "," : "").append(id);
        }
        return b.toString();
    }

    @Override
    public String line() {
        return Texts.count(callouts.size(), "callout");
    }
}
