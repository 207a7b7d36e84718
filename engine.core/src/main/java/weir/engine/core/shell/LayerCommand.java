package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.core.expr.FieldNames;

/** {@code wfp:layer NAME}: one layer's fields with index and type. */
final class LayerCommand extends Command {
    private final Shell shell;

    LayerCommand(Shell shell) {
        super("layer", "layer");
        this.shell = shell;
    }

    @Descriptor("show a layer's fields: index, the name conditions use, WFP's name, data type")
    public LayerDetail layer(CommandSession session,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat,
            @Descriptor(Options.LAYER) @Arg(value = "LAYER", complete = Completion.LAYER) String layer) {
        EngineSession s = shell.session(session);
        Layer l = Lookup.layer(layer);
        List<LayerDetail.Field> fields = new ArrayList<>();
        for (int i = 0; i < l.fields().size(); i++) {
            Field f = l.fields().get(i);
            fields.add(new LayerDetail.Field(i, FieldNames.nameOf(l, f), f.name(), l.typeOf(i).name()));
        }
        LayerList.Row row = LayersCommand.row(l, LayersCommand.filterCounts(s).getOrDefault(l, 0), s.engineOptions());
        return new LayerDetail(row, l.isAle(), l.hasFlows(), fields, Style.of(session, noFormat));
    }
}
