package weir.engine.core.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.Decision;
import weir.engine.api.FilterTrace;
import weir.engine.api.SubLayerTrace;
import weir.engine.core.classify.TracedWalk;
import weir.engine.core.classify.WhatIf;

/**
 * One traced walk of a real packet through one layer, as {@code wfp:trace} and {@code --trace} print it: a head
 * line (its number, the packet's time, the layer, its values), the decision, the callouts called with what came
 * of each, and every sublayer's matching filters as {@code wfp:classify --trace} shows them. With
 * {@code plain} ({@code --no-format}): one tab-separated line per walk (number, time, layer, action, hard,
 * filter, reason, values).
 */
public record TraceView(long number, String time, String layer, Map<String, String> values, String action,
        boolean hard, long filterId, String filterName, boolean vetoed, boolean absorbed, String reason,
        List<ClassifyResult.SubLayerStep> sublayers, List<String> calls, Style style) implements Printable {

    /** @param calloutNames callout keys to names, where known (may be empty) */
    public static TraceView of(TracedWalk w, Map<UUID, String> calloutNames, Style style) {
        Decision d = w.decision();
        String deciding = "";
        List<ClassifyResult.SubLayerStep> steps = new ArrayList<>();
        for (SubLayerTrace st : w.subLayers()) {
            List<ClassifyResult.FilterStep> fs = new ArrayList<>();
            for (FilterTrace ft : st.filters()) {
                if (ft.filterId() == d.filterId()) {
                    deciding = ft.name();
                }
                fs.add(new ClassifyResult.FilterStep(ft.filterId(), ft.name(),
                        Texts.effectiveWeight(ft.effectiveWeight()), ft.action().type().name(), ft.result().name(),
                        ft.hard(), ft.applied(), ft.note() == null ? "" : ft.note()));
            }
            steps.add(new ClassifyResult.SubLayerStep(st.subLayerKey().toString(), st.name(), st.weight(),
                    st.skipped(), fs));
        }
        List<String> calls = new ArrayList<>();
        for (WhatIf.CalloutCall c : w.calls()) {
            String name = calloutNames.getOrDefault(c.calloutKey(), "");
            calls.add("filter " + c.filterId() + " called " + c.calloutKey() + (name.isEmpty() ? "" : " '" + name
                    + "'") + ": " + Texts.nanos(c.nanos()) + (c.overBudget() ? ", over the time budget" : "")
                    + (c.error().isEmpty() ? "" : ", failed: " + c.error()));
        }
        return new TraceView(w.number(), time(w.timestampNanos()), w.layer().name(), w.values(),
                d.action().name(), d.hard(), d.filterId(), deciding, d.vetoed(), d.absorbed(), d.reason().name(),
                steps, calls, style);
    }

    private static String time(long nanos) {
        return nanos <= 0 ? "-" : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString();
    }

    @Override
    public String inspect() {
        if (style.plain()) {
            return line();
        }
        StringBuilder b = new StringBuilder("trace ").append(number).append("  ").append(time).append("  ")
                .append(layer).append("  ").append(valueText());
        b.append("\n  ").append(decision());
        for (String c : calls) {
            b.append("\n  callout: ").append(c);
        }
        for (ClassifyResult.SubLayerStep s : sublayers) {
            b.append("\n  sublayer '").append(s.name()).append("' weight ").append(s.weight());
            if (s.skipped()) {
                b.append(": skipped (stopAfterHardBlock after a hard BLOCK)");
            } else if (s.filters().isEmpty()) {
                b.append(": no matching filter");
            } else {
                Table t = new Table().right("FILTER").flexible("NAME").left("EFFECTIVE").left("ACTION").left("RESULT")
                        .left("HARD").left("APPLIED").optional("NOTE");
                for (ClassifyResult.FilterStep f : s.filters()) {
                    t.row(f.id(), f.name(), f.effective(), f.action(), f.result(), f.hard() ? "yes" : "no",
                            f.applied() ? "yes" : "no", f.note());
                }
                b.append('\n').append(t.render(style).indent(4).stripTrailing());
            }
        }
        return b.toString();
    }

    /** The decision in words, as wfp:classify says it. */
    String decision() {
        StringBuilder b = new StringBuilder(action).append(hard ? " (hard)" : " (soft)");
        if (filterId == 0) {
            b.append(": no filter decided, the layer's default action (").append(reason).append(')');
        } else {
            b.append(" by filter ").append(filterId);
            if (!filterName.isEmpty()) {
                b.append(" '").append(filterName).append('\'');
            }
            b.append(" (").append(reason).append(')');
        }
        if (vetoed) {
            b.append(", vetoed: a callout blocked a hard permit");
        }
        if (absorbed) {
            b.append(", absorbed (silent drop)");
        }
        return b.toString();
    }

    private String valueText() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    @Override
    public String line() {
        return number + "\t" + time + "\t" + layer + "\t" + action + "\t" + (hard ? "hard" : "soft") + "\t" + filterId
                + "\t" + reason + "\t" + valueText();
    }
}
