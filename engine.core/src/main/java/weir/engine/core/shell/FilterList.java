package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:filters} returns: the filters, in evaluation order when {@code sorted}. */
public record FilterList(List<FilterRow> filters, boolean sorted, Style style) implements Printable {

    @Override
    public String inspect() {
        if (filters.isEmpty()) {
            return style.plain() ? "" : "no filters";
        }
        Table t = FilterRow.table();
        for (FilterRow f : filters) {
            f.addTo(t, style);
        }
        return t.render(style);
    }

    @Override
    public String line() {
        return Texts.count(filters.size(), "filter");
    }
}
