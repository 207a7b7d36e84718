package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;

/** {@code wfp:providers}. */
final class ProvidersCommand extends Command {
    private final Shell shell;

    ProvidersCommand(Shell shell) {
        super("providers", "providers");
        this.shell = shell;
    }

    @Descriptor("list the providers: key, name, sublayers and filters that name them")
    public ProviderList providers(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Map<UUID, Integer> subLayers = new HashMap<>();
        for (SubLayer sl : s.subLayers()) {
            if (sl.providerKey() != null) {
                subLayers.merge(sl.providerKey(), 1, Integer::sum);
            }
        }
        Map<UUID, Integer> filters = new HashMap<>();
        for (Filter f : s.filters()) {
            if (f.providerKey() != null) {
                filters.merge(f.providerKey(), 1, Integer::sum);
            }
        }
        List<ProviderList.Row> rows = new ArrayList<>();
        for (Provider p : s.providers()) {
            rows.add(new ProviderList.Row(p.providerKey().toString(), p.name(), p.displayData().description(),
                    p.persistent(), p.disabled(), p.serviceName(), subLayers.getOrDefault(p.providerKey(), 0),
                    filters.getOrDefault(p.providerKey(), 0)));
        }
        return new ProviderList(rows, Style.of(session, noFormat));
    }
}
