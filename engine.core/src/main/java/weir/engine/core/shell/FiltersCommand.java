package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;

/** {@code wfp:filters}: every filter in one aligned table, narrowed as asked. */
final class FiltersCommand extends Command {
    private final Shell shell;

    FiltersCommand(Shell shell) {
        super("filters", "filters");
        this.shell = shell;
    }

    @Descriptor("list filters: id, name, layer, sublayer, weight, effective weight, action, conditions, hits")
    public FilterList filters(CommandSession session,
            @Descriptor("only the filters of this layer") @Arg(value = "LAYER", complete = Completion.LAYER)
            @Parameter(names = {"-l", "--layer"}, absentValue = "") String layer,
            @Descriptor("only the filters in this sublayer (key or name)")
            @Arg(value = "SUBLAYER", complete = Completion.SUBLAYER)
            @Parameter(names = {"--sublayer"}, absentValue = "") String subLayer,
            @Descriptor("only the filters of this provider (key or name)")
            @Arg(value = "PROVIDER", complete = Completion.PROVIDER)
            @Parameter(names = {"--provider"}, absentValue = "") String provider,
            @Descriptor("only the filters that call this callout (key or name)")
            @Arg(value = "CALLOUT", complete = Completion.CALLOUT)
            @Parameter(names = {"--callout"}, absentValue = "") String callout,
            @Descriptor("in evaluation order: by layer, then sublayer weight and effective weight, highest first")
            @Parameter(names = {"--sorted"}, presentValue = "true", absentValue = "false") boolean sorted,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        FilterEnumTemplate t = FilterEnumTemplate.all().withSorted(sorted);
        if (!layer.isEmpty()) {
            t = t.withLayer(Lookup.layer(layer));
        }
        if (!subLayer.isEmpty()) {
            t = t.withSubLayer(Lookup.subLayer(s, subLayer).subLayerKey());
        }
        if (!provider.isEmpty()) {
            t = t.withProvider(Lookup.provider(s, provider).providerKey());
        }
        if (!callout.isEmpty()) {
            t = t.withCallout(Lookup.calloutKey(s, shell.calloutRuntime(), callout));
        }
        Catalog c = new Catalog(s);
        List<FilterRow> rows = new ArrayList<>();
        for (Filter f : s.filters(t)) {
            rows.add(c.row(f));
        }
        return new FilterList(rows, sorted, Style.of(session, noFormat));
    }

    @Override
    String notes() {
        return "The CONDITIONS column is the expression language that wfp:filter-add reads; wfp:filter ID shows\n"
                + "a filter in full, with the wfp:filter-add command that makes it again.\n"
                + "examples:\n"
                + "  wfp:filters --layer INBOUND_TRANSPORT_V4 --sorted\n"
                + "  wfp:filters --callout nat --no-format";
    }
}
