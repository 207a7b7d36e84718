package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:sublayers} returns, in evaluation order (highest weight first, D4 for ties). */
public record SubLayerList(List<Row> subLayers, Style style) implements Printable {

    /** One sublayer: it exists in every layer; {@code filters} counts its filters at all layers. */
    public record Row(String key, String name, int weight, int filters, String provider, boolean persistent,
            boolean builtIn, String description) implements Printable {
        @Override
        public String inspect() {
            return line();
        }

        /** The row of {@code wfp:sublayers --no-format}. */
        @Override
        public String plain() {
            return table(List.of(this), new Style(0, true));
        }

        @Override
        public String line() {
            return "sublayer '" + name + "' weight " + weight + " (" + key + ")" + (persistent ? " persistent" : "");
        }
    }

    @Override
    public String inspect() {
        return table(subLayers, style);
    }

    private static String table(List<Row> rows, Style style) {
        Table t = new Table().left("KEY").flexible("NAME").right("WEIGHT").right("FILTERS").optional("PROVIDER")
                .optional("LIFETIME");
        for (Row r : rows) {
            t.row(r.key, r.name, r.weight, r.filters, r.provider,
                    r.builtIn ? "built-in" : r.persistent ? "persistent" : "");
        }
        return t.render(style);
    }

    @Override
    public String line() {
        return Texts.count(subLayers.size(), "sublayer");
    }
}
