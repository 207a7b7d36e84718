package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:stats} returns: counters per layer and per filter since the engine started. */
public record StatsReport(List<LayerRow> layers, List<FilterRow> filters, Style style) implements Printable {

    /** A layer's classifications and their outcomes; {@code vetoes} are callout blocks of a hard permit. */
    public record LayerRow(String layer, long classifies, long permits, long blocks, long vetoes) {
    }

    /** A filter's matches (conditions held, evaluated) and decisions (it ended its sublayer). */
    public record FilterRow(long id, String name, String layer, long matches, long decisions) {
    }

    @Override
    public String inspect() {
        Table l = new Table().left("LAYER").right("CLASSIFIES").right("PERMITS").right("BLOCKS").right("VETOES");
        for (LayerRow r : layers) {
            l.row(r.layer, r.classifies, r.permits, r.blocks, r.vetoes);
        }
        Table f = new Table().right("FILTER").flexible("NAME").left("LAYER").right("MATCHES").right("DECISIONS");
        for (FilterRow r : filters) {
            f.row(r.id, r.name, r.layer, r.matches, r.decisions);
        }
        if (style.plain()) {
            return l.render(style) + (filters.isEmpty() || layers.isEmpty() ? "" : "\n") + f.render(style);
        }
        String layerPart = layers.isEmpty() ? "no classifications yet" : l.render(style);
        String filterPart = filters.isEmpty() ? "no filters" : f.render(style);
        return layerPart + "\n\n" + filterPart;
    }

    @Override
    public String line() {
        long c = 0;
        for (LayerRow r : layers) {
            c += r.classifies;
        }
        return Texts.count(c, "classification") + ", " + Texts.count(filters.size(), "filter");
    }
}
