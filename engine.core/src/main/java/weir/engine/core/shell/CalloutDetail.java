package weir.engine.core.shell;

import java.util.List;

/**
 * What {@code wfp:callouts KEY} returns: one callout in full — its state and why, its counters, how it fares
 * against the engine's time budget (D13), and its slowest calls since it registered with the filter, layer and
 * moment of each.
 *
 * @param budgetMillis the engine's time budget per call (0: none)
 * @param slowCallThreshold calls over the budget in a row that quarantine a callout
 */
public record CalloutDetail(CalloutList.Row callout, int budgetMillis, int slowCallThreshold,
        int quarantineThreshold, Style style) implements Printable {

    @Override
    public String inspect() {
        CalloutList.Row r = callout;
        Table t = new Table().left("").left("");
        t.row("callout", r.key() + (r.name().isEmpty() ? "" : " '" + r.name() + "'"));
        t.row("id", r.calloutId() == 0 ? "- (not registered)" : r.calloutId());
        t.row("state", r.state());
        if (!r.reason().isEmpty()) {
            t.row("reason", r.reason());
        }
        if (!r.bundle().isEmpty()) {
            t.row("bundle", r.bundle());
        }
        if (!r.layer().isEmpty()) {
            t.row("layer", r.layer());
        }
        t.row("filters", r.filters().isEmpty() ? "(none)" : join(r.filters()));
        t.row("calls", r.calls() + ", " + r.errors() + " failed (" + r.consecutiveErrors() + " in a row; "
                + quarantineThreshold + " in a row quarantine it)");
        if (r.calls() > 0) {
            t.row("time per call", "mean " + Texts.nanos(r.meanNanos()) + ", p99 " + Texts.nanos(r.p99Nanos())
                    + ", max " + Texts.nanos(r.maxNanos()));
        }
        t.row("time budget", budgetMillis == 0 ? "none (engine option calloutBudgetMillis 0)"
                : budgetMillis + " ms: " + r.slowCalls() + " calls over it (" + r.consecutiveSlowCalls()
                        + " in a row; " + slowCallThreshold + " in a row quarantine it)");
        if (!r.lastError().isEmpty()) {
            t.row("last error", r.lastError());
        }
        if (style.plain()) {
            StringBuilder b = new StringBuilder(t.render(style));
            for (CalloutList.Call c : r.slowest()) {
                b.append("\nslowest\t").append(c.nanos()).append('\t').append(c.filterId()).append('\t')
                        .append(c.layer()).append('\t').append(c.when()).append('\t').append(c.overBudget());
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(t.render(Style.DEFAULT).lines().skip(1)
                .reduce((a, c) -> a + "\n" + c).orElse(""));
        if (r.slowest().isEmpty()) {
            b.append("\nslowest calls: none yet");
        } else {
            Table s = new Table().right("TIME").right("FILTER").left("LAYER").left("WHEN").left("OVER BUDGET");
            for (CalloutList.Call c : r.slowest()) {
                s.row(Texts.nanos(c.nanos()), c.filterId(), c.layer(), c.when(), c.overBudget() ? "yes" : "no");
            }
            b.append("\nslowest calls since it registered:\n").append(s.render(style).indent(2).stripTrailing());
        }
        return b.toString();
    }

    private static String join(List<Long> ids) {
        StringBuilder b = new StringBuilder();
        for (Long id : ids) {
            b.append(b.length() > 0 ? "," : "").append(id);
        }
        return b.toString();
    }

    @Override
    public String line() {
        CalloutList.Row r = callout;
        return r.key() + " " + r.state() + " calls=" + r.calls() + " errors=" + r.errors() + " slow="
                + r.slowCalls() + (r.slowest().isEmpty() ? "" : " slowest=" + Texts.nanos(r.slowest().get(0).nanos()));
    }
}
