package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:layer NAME} returns: the layer and its fields in incoming-value order. */
public record LayerDetail(LayerList.Row layer, boolean ale, boolean flows, List<Field> fields, Style style)
        implements Printable {

    /**
     * One field: its index in the layer's incoming values, the name expressions use, WFP's name
     * ({@code FWPM_CONDITION_*} without the prefix) and the data type at this layer.
     */
    public record Field(int index, String name, String field, String type) {
    }

    @Override
    public String inspect() {
        StringBuilder b = new StringBuilder();
        if (!style.plain()) {
            b.append(layer.name()).append("  id ").append(layer.layerId()).append("  ").append(layer.ipVersion())
                    .append("  key ").append(layer.key()).append('\n');
            b.append(Texts.count(layer.filters(), "filter")).append(", default action ").append(layer.defaultAction())
                    .append(ale ? ", ALE (first packet of a flow)" : "").append(flows ? ", flows" : "")
                    .append('\n');
        }
        Table t = new Table().right("INDEX").left("NAME").left("FIELD").left("TYPE");
        for (Field f : fields) {
            t.row(f.index, f.name, f.field, f.type);
        }
        return b.append(t.render(style)).toString();
    }

    @Override
    public String line() {
        return layer.name() + " (" + Texts.count(fields.size(), "field") + ")";
    }
}
