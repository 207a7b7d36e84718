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
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;

/** {@code wfp:sublayers}: the sublayers in evaluation order. */
final class SubLayersCommand extends Command {
    private final Shell shell;

    SubLayersCommand(Shell shell) {
        super("sublayers", "sublayers");
        this.shell = shell;
    }

    @Descriptor("list the sublayers in evaluation order: key, name, weight, filters, provider, lifetime")
    public SubLayerList sublayers(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Catalog c = new Catalog(s);
        Map<UUID, Integer> counts = new HashMap<>();
        for (Filter f : s.filters()) {
            counts.merge(f.subLayerKey(), 1, Integer::sum);
        }
        List<SubLayerList.Row> rows = new ArrayList<>();
        for (SubLayer sl : s.subLayers()) {
            rows.add(row(sl, counts.getOrDefault(sl.subLayerKey(), 0), c));
        }
        return new SubLayerList(rows, Style.of(session, noFormat));
    }

    static SubLayerList.Row row(SubLayer sl, int filters, Catalog c) {
        return new SubLayerList.Row(sl.subLayerKey().toString(), c.subLayerName(sl.subLayerKey()), sl.weight(),
                filters, sl.providerKey() == null ? "" : c.providerName(sl.providerKey()), sl.persistent(),
                Layer.SUBLAYER_UNIVERSAL.equals(sl.subLayerKey()), sl.displayData().description());
    }
}
