package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.Layer;

/** {@code wfp:layers}: the fixed layers, with how many filters each holds. */
final class LayersCommand extends Command {
    private final Shell shell;

    LayersCommand(Shell shell) {
        super("layers", "layers");
        this.shell = shell;
    }

    @Descriptor("list the layers: name, run-time id, IP version, fields, filters, default action, key")
    public LayerList layers(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Map<Layer, Integer> counts = filterCounts(s);
        EngineOptions o = s.engineOptions();
        List<LayerList.Row> rows = new ArrayList<>();
        for (Layer l : Layer.values()) {
            rows.add(row(l, counts.getOrDefault(l, 0), o));
        }
        return new LayerList(rows, Style.of(session, noFormat));
    }

    static LayerList.Row row(Layer l, int filters, EngineOptions o) {
        return new LayerList.Row(l.name(), l.layerId(), l.key().toString(), l.ipVersion().name(), l.fields().size(),
                filters, o.defaultAction(l).name());
    }

    static Map<Layer, Integer> filterCounts(EngineSession s) {
        Map<Layer, Integer> counts = new EnumMap<>(Layer.class);
        for (Filter f : s.filters()) {
            counts.merge(f.layer(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    String notes() {
        return "wfp:layer NAME shows a layer's fields, as conditions and wfp:classify name them.";
    }
}
