package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:layers} returns. */
public record LayerList(List<Row> layers, Style style) implements Printable {

    /**
     * One layer: WFP's name, run-time id and key; {@code filters} at it now; {@code defaultAction} when no
     * filter decides (D2).
     */
    public record Row(String name, int layerId, String key, String ipVersion, int fields, int filters,
            String defaultAction) {
    }

    @Override
    public String inspect() {
        Table t = new Table().left("LAYER").right("ID").left("IP").right("FIELDS").right("FILTERS").left("DEFAULT")
                .left("KEY");
        for (Row r : layers) {
            t.row(r.name, r.layerId, r.ipVersion, r.fields, r.filters, r.defaultAction, r.key);
        }
        return t.render(style);
    }

    @Override
    public String line() {
        return Texts.count(layers.size(), "layer");
    }
}
