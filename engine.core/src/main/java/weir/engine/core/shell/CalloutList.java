package weir.engine.core.shell;

import java.util.List;

/**
 * What {@code wfp:callouts} returns: every callout key the engine knows, with its state (ACTIVE, SHADOWED,
 * QUARANTINED, REGISTERED_WITHOUT_OBJECT, OBJECT_WITHOUT_REGISTRATION) and counters. {@code runtime} is false
 * when no callout runtime service runs: the list then shows only callout objects, registered or not.
 */
public record CalloutList(List<Row> callouts, boolean runtime, Style style) implements Printable {

    /** One callout key. Times are nanoseconds; {@code reason} says why it is in its state. */
    public record Row(String key, int calloutId, String name, String bundle, String state, String layer,
            List<Long> filters, long calls, long errors, long consecutiveErrors, long meanNanos, long p99Nanos,
            String lastError, String reason) {
    }

    @Override
    public String inspect() {
        if (callouts.isEmpty()) {
            return style.plain() ? "" : "no callouts" + (runtime ? "" : " (callout objects only: the callout"
                    + " runtime service is not running)");
        }
        Table t = new Table().left("KEY").right("ID").flexible("NAME").left("STATE").left("LAYER").optional("FILTERS")
                .right("CALLS").right("ERRORS").right("MEAN").optional("BUNDLE").optional("REASON");
        for (Row r : callouts) {
            t.row(r.key, r.calloutId == 0 ? "-" : r.calloutId, r.name, r.state, r.layer, ids(r.filters), r.calls,
                    r.errors, r.calls == 0 ? "-" : Texts.nanos(r.meanNanos), r.bundle,
                    r.lastError.isEmpty() ? r.reason : r.reason + (r.reason.isEmpty() ? "" : "; ") + r.lastError);
        }
        String out = t.render(style);
        return runtime || style.plain() ? out
                : out + "\n(callout objects only: the callout runtime service is not running)";
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
