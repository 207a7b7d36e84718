package weir.engine.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;

/** {@code wfp:filter-delete ID|KEY}. */
final class FilterDeleteCommand extends Command {
    private final Shell shell;

    FilterDeleteCommand(Shell shell) {
        super("filter-delete", "filterDelete");
        this.shell = shell;
    }

    @Descriptor("delete a filter")
    public Deleted filterDelete(CommandSession session,
            @Descriptor("the filter's id, key or name") @Arg(value = "ID|KEY", complete = Completion.FILTER)
            String filter) {
        EngineSession s = shell.session(session);
        Filter f = Lookup.filter(s, filter);
        s.deleteFilter(f.filterKey());
        return new Deleted("filter", f.filterKey().toString(), f.filterId(), f.name());
    }
}
