package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;

/** {@code wfp:stats}: counters per layer and per filter. */
final class StatsCommand extends Command {
    private final Shell shell;

    StatsCommand(Shell shell) {
        super("stats", "stats");
        this.shell = shell;
    }

    @Descriptor("show counters: classifications per layer (permits, blocks, vetoes) and matches per filter")
    public StatsReport stats(CommandSession session,
            @Descriptor("only this layer and its filters") @Arg(value = "LAYER", complete = Completion.LAYER)
            @Parameter(names = {"-l", "--layer"}, absentValue = "") String layer,
            @Descriptor("every layer, also those that classified nothing yet")
            @Parameter(names = {"--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Layer only = layer.isEmpty() ? null : Lookup.layer(layer);
        List<StatsReport.LayerRow> layers = new ArrayList<>();
        for (LayerStatistics l : s.layerStatistics()) {
            if ((only == null || l.layer() == only) && (all || only != null || l.classifies() > 0)) {
                layers.add(new StatsReport.LayerRow(l.layer().name(), l.classifies(), l.permits(), l.blocks(),
                        l.vetoes()));
            }
        }
        Map<Long, FilterStatistics> counters = new HashMap<>();
        for (FilterStatistics f : s.filterStatistics()) {
            counters.put(f.filterId(), f);
        }
        List<StatsReport.FilterRow> filters = new ArrayList<>();
        for (Filter f : s.filters()) {
            if (only != null && f.layer() != only) {
                continue;
            }
            FilterStatistics st = counters.getOrDefault(f.filterId(), new FilterStatistics(f.filterId(), 0, 0));
            filters.add(new StatsReport.FilterRow(f.filterId(), f.name(), f.layer().name(), st.matches(),
                    st.decisions()));
        }
        return new StatsReport(layers, filters, Style.of(session, noFormat));
    }
}
