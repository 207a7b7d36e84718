package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutView;
import weir.engine.api.Condition;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.core.expr.ConditionPrinter;
import weir.engine.core.expr.ValueFormatter;

/** {@code wfp:filter ID|KEY}: everything about one filter. */
final class FilterCommand extends Command {
    private final Shell shell;

    FilterCommand(Shell shell) {
        super("filter", "filter");
        this.shell = shell;
    }

    @Descriptor("show everything about one filter, with the wfp:filter-add command that adds it again")
    public FilterDetail filter(CommandSession session,
            @Descriptor("the filter's id, key or name") @Arg(value = "ID|KEY", complete = Completion.FILTER)
            String filter) {
        EngineSession s = shell.session(session);
        Filter f = Lookup.filter(s, filter);
        Catalog c = new Catalog(s);
        FilterRow row = c.row(f);
        List<FilterDetail.ConditionRow> conditions = new ArrayList<>();
        for (Condition k : f.conditions()) {
            conditions.add(new FilterDetail.ConditionRow(k.field().name(), k.matchType().name(),
                    k.value().type().name(), ValueFormatter.format(f.layer(), k.field(), k.matchType(), k.value())));
        }
        return new FilterDetail(row, conditions, calloutState(f), command(f));
    }

    private String calloutState(Filter f) {
        CalloutRuntime rt = shell.calloutRuntime();
        if (f.action().calloutKey() == null || rt == null) {
            return "";
        }
        for (CalloutView v : rt.callouts()) {
            if (f.action().calloutKey().equals(v.calloutKey()) && v.state() != CalloutState.SHADOWED) {
                return v.state().name();
            }
        }
        return "not registered";
    }

    /** The filter-add line that makes this filter again (without its key, which stays this filter's). */
    static String command(Filter f) {
        StringBuilder b = new StringBuilder("wfp:filter-add --layer ").append(f.layer().name());
        if (f.subLayerKey() != null && !Layer.SUBLAYER_UNIVERSAL.equals(f.subLayerKey())) {
            b.append(" --sublayer ").append(f.subLayerKey());
        }
        if (f.providerKey() != null) {
            b.append(" --provider ").append(f.providerKey());
        }
        b.append(" --weight ").append(Texts.weight(f.weight()));
        b.append(" --action ").append(f.action().type().name());
        if (f.action().calloutKey() != null) {
            b.append(" --callout ").append(f.action().calloutKey());
        }
        Set<FilterFlag> flags = EnumSet.noneOf(FilterFlag.class);
        flags.addAll(f.flags());
        flags.remove(FilterFlag.DISABLED); // an output: the engine sets it, an add refuses it
        if (!flags.isEmpty()) {
            b.append(" --flags ").append(Texts.flags(flags));
        }
        if (f.rawContext() != 0) {
            b.append(" --raw-context ").append(Long.toUnsignedString(f.rawContext()));
        }
        b.append(" --name ").append(Texts.quote(f.name()));
        if (!f.displayData().description().isEmpty()) {
            b.append(" --description ").append(Texts.quote(f.displayData().description()));
        }
        String when = ConditionPrinter.print(f.layer(), f.conditions());
        if (!when.isEmpty()) {
            b.append(' ').append(Texts.quote(when));
        }
        return b.toString();
    }
}
