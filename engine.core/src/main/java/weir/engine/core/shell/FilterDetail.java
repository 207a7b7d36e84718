package weir.engine.core.shell;

import java.util.List;

/**
 * What {@code wfp:filter ID} returns: everything about one filter, its conditions as WFP holds them
 * (field, match type, value), and {@code command}, the {@code wfp:filter-add} line that adds it again.
 *
 * @param calloutState the state of its callout in the runtime view, empty for PERMIT and BLOCK filters
 */
public record FilterDetail(FilterRow filter, List<ConditionRow> wfpConditions, String calloutState, String command)
        implements Printable {

    /** One WFP condition ({@code FWPM_FILTER_CONDITION0}) with its value in natural form. */
    public record ConditionRow(String field, String match, String type, String value) {
    }

    @Override
    public String inspect() {
        Table t = fields();
        StringBuilder b = new StringBuilder(t.render(Style.DEFAULT).lines().skip(1)
                .reduce((a, c) -> a + "\n" + c).orElse(""));
        if (!wfpConditions.isEmpty()) {
            Table c = new Table().left("FIELD").left("MATCH").left("TYPE").flexible("VALUE");
            for (ConditionRow r : wfpConditions) {
                c.row(r.field(), r.match(), r.type(), r.value());
            }
            b.append("\nconditions as WFP holds them (one field: OR; several fields: AND):\n")
                    .append(c.render(Style.DEFAULT).indent(2).stripTrailing());
        }
        return b.toString();
    }

    /**
     * One {@code name<TAB>value} line per item, then one {@code condition<TAB>FIELD<TAB>MATCH<TAB>TYPE<TAB>VALUE}
     * per WFP condition.
     */
    @Override
    public String plain() {
        Style plain = new Style(0, true);
        StringBuilder b = new StringBuilder(fields().render(plain));
        for (ConditionRow r : wfpConditions) {
            b.append("\ncondition\t").append(r.field()).append('\t').append(r.match()).append('\t').append(r.type())
                    .append('\t').append(r.value().replace('\t', ' '));
        }
        return b.toString();
    }

    private Table fields() {
        FilterRow f = filter;
        Table t = new Table().left("").left("");
        t.row("filter", f.id() + " '" + f.name() + "'");
        t.row("key", f.key());
        if (!f.description().isEmpty()) {
            t.row("description", f.description());
        }
        t.row("layer", f.layer());
        t.row("sublayer", f.subLayer() + " (" + f.subLayerKey() + ")");
        if (!f.providerKey().isEmpty()) {
            t.row("provider", f.provider() + " (" + f.providerKey() + ")");
        }
        t.row("weight", f.weight() + ", effective " + f.effective());
        t.row("action", f.actionType());
        if (!f.calloutKey().isEmpty()) {
            t.row("callout", f.callout() + " (" + f.calloutKey() + ")"
                    + (calloutState.isEmpty() ? "" : ", " + calloutState));
        }
        if (!f.flags().isEmpty()) {
            t.row("flags", f.flags());
        }
        if (f.rawContext() != 0) {
            t.row("raw context", Long.toUnsignedString(f.rawContext()));
        }
        t.row("conditions", f.conditions().isEmpty() ? "(none: matches everything)" : f.conditions());
        t.row("hits", f.hits() + " matched, " + f.decisions() + " decided");
        t.row("as a command", command);
        return t;
    }

    @Override
    public String line() {
        return filter.line();
    }
}
