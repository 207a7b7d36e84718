package weir.engine.core.shell;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * What {@code wfp:classify} returns: the decision for a packet described by field values (what-if: no state
 * changes — nothing is counted, no quarantine, no flow context, no net event), the callouts it called, whether
 * it evaluated the session's uncommitted changes, and, when traced, every sublayer's matching filters in
 * evaluation order.
 *
 * @param filterId the deciding filter, 0 when no filter decided (the layer's default, reason NO_MATCH)
 * @param callouts the callouts called, none of them counted
 * @param inTransaction whether the shell's session had a transaction open: the what-if then saw what it sees
 * @param readOnly whether that transaction is read-only (it sees the filters as of its begin)
 * @param uncommittedChanges the transaction's adds and deletes that were evaluated
 * @param json print as one JSON object instead of text
 */
public record ClassifyResult(String layer, String action, boolean hard, boolean absorbed, long filterId,
        String filterName, boolean vetoed, String reason, Map<String, String> values, boolean traced,
        List<SubLayerStep> sublayers, List<CalloutCall> callouts, boolean inTransaction, boolean readOnly,
        int uncommittedChanges, boolean json, Style style) implements Printable {

    /** What a what-if's answer says about its callout calls. */
    static final String NOT_COUNTED = "not counted (no statistics, no quarantine, no flow context, no net event)";

    /**
     * One callout call of the what-if: the filter that made it, the callout, how long it took, whether that was
     * over the engine's time budget, and its failure in one line (empty when it returned an action).
     */
    public record CalloutCall(long filterId, String calloutKey, String calloutName, long nanos, boolean overBudget,
            String error) {
    }

    /** One sublayer as arbitration walked it; {@code skipped} when stopAfterHardBlock ended the walk (D1). */
    public record SubLayerStep(String key, String name, int weight, boolean skipped, List<FilterStep> filters) {
    }

    /**
     * One matching filter: what it yielded ({@code result}: PERMIT, BLOCK or CONTINUE), whether that was hard,
     * whether it changed the decision ({@code applied}), and why not or what else ({@code note}).
     */
    public record FilterStep(long id, String name, String effective, String action, String result, boolean hard,
            boolean applied, String note) {
    }

    @Override
    public String inspect() {
        if (json) {
            return toJson();
        }
        StringBuilder b = new StringBuilder(line());
        String basis = basis();
        if (!basis.isEmpty()) {
            b.append('\n').append(basis);
        }
        if (!callouts.isEmpty()) {
            b.append("\nwhat-if: ").append(Texts.count(callouts.size(), "callout call")).append(", ")
                    .append(NOT_COUNTED).append(':');
            for (CalloutCall c : callouts) {
                b.append("\n  filter ").append(c.filterId).append(" called ").append(c.calloutKey);
                if (!c.calloutName.isEmpty()) {
                    b.append(" '").append(c.calloutName).append('\'');
                }
                b.append(": ").append(Texts.nanos(c.nanos));
                if (c.overBudget) {
                    b.append(", over the time budget (a packet's call would count towards quarantine)");
                }
                if (!c.error.isEmpty()) {
                    b.append(", failed: ").append(c.error);
                }
            }
        }
        if (!traced) {
            return b.toString();
        }
        for (SubLayerStep s : sublayers) {
            b.append("\nsublayer '").append(s.name).append("' weight ").append(s.weight);
            if (s.skipped) {
                b.append(": skipped (stopAfterHardBlock after a hard BLOCK)");
            } else if (s.filters.isEmpty()) {
                b.append(": no matching filter");
            } else {
                Table t = new Table().right("FILTER").flexible("NAME").left("EFFECTIVE").left("ACTION").left("RESULT")
                        .left("HARD").left("APPLIED").optional("NOTE");
                for (FilterStep f : s.filters) {
                    t.row(f.id, f.name, f.effective, f.action, f.result, f.hard ? "yes" : "no",
                            f.applied ? "yes" : "no", f.note);
                }
                b.append('\n').append(t.render(style).indent(2).stripTrailing());
            }
        }
        return b.toString();
    }

    @Override
    public String line() {
        StringBuilder b = new StringBuilder(action).append(hard ? " (hard)" : " (soft)");
        if (filterId == 0) {
            b.append(": no filter decided, the layer's default action (").append(reason).append(')');
        } else {
            b.append(" by filter ").append(filterId).append(" '").append(filterName).append("' (").append(reason)
                    .append(')');
        }
        if (vetoed) {
            b.append(", vetoed: a callout blocked a hard permit");
        }
        if (absorbed) {
            b.append(", absorbed (silent drop)");
        }
        return b.append(" at ").append(layer).toString();
    }

    /** Which filters the what-if saw, when not simply the committed ones. */
    private String basis() {
        if (uncommittedChanges > 0) {
            return "what-if with this session's " + Texts.count(uncommittedChanges, "uncommitted change")
                    + " (wfp:txn-commit makes them real, wfp:txn-abort drops them)";
        }
        if (inTransaction && readOnly) {
            return "what-if over the filters as of the begin of this session's read-only transaction";
        }
        return "";
    }

    /** One JSON object: action, hard, filterId, filterName, vetoed, and the rest. */
    public String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("layer", layer);
            g.writeStringField("action", action);
            g.writeBooleanField("hard", hard);
            g.writeBooleanField("absorbed", absorbed);
            g.writeNumberField("filterId", filterId);
            if (filterId == 0) {
                g.writeNullField("filterName");
            } else {
                g.writeStringField("filterName", filterName);
            }
            g.writeBooleanField("vetoed", vetoed);
            g.writeStringField("reason", reason);
            g.writeObjectFieldStart("values");
            for (Map.Entry<String, String> e : values.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeBooleanField("counted", false);
            g.writeBooleanField("inTransaction", inTransaction);
            g.writeNumberField("uncommittedChanges", uncommittedChanges);
            g.writeArrayFieldStart("calloutCalls");
            for (CalloutCall c : callouts) {
                g.writeStartObject();
                g.writeNumberField("filterId", c.filterId);
                g.writeStringField("calloutKey", c.calloutKey);
                g.writeStringField("calloutName", c.calloutName);
                g.writeNumberField("nanos", c.nanos);
                g.writeBooleanField("overBudget", c.overBudget);
                g.writeStringField("error", c.error);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (traced) {
                g.writeArrayFieldStart("sublayers");
                for (SubLayerStep s : sublayers) {
                    writeSubLayer(g, s);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeSubLayer(JsonGenerator g, SubLayerStep s) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", s.key);
        g.writeStringField("name", s.name);
        g.writeNumberField("weight", s.weight);
        g.writeBooleanField("skipped", s.skipped);
        g.writeArrayFieldStart("filters");
        for (FilterStep f : s.filters) {
            g.writeStartObject();
            g.writeNumberField("filterId", f.id);
            g.writeStringField("name", f.name);
            g.writeStringField("effectiveWeight", f.effective);
            g.writeStringField("action", f.action);
            g.writeStringField("result", f.result);
            g.writeBooleanField("hard", f.hard);
            g.writeBooleanField("applied", f.applied);
            g.writeStringField("note", f.note);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
