package weir.engine.core.shell;

/**
 * A filter as {@code wfp:filters} lists it. {@code conditions} is the expression language, as
 * {@code wfp:filter-add} reads it; {@code weight} as {@code --weight} reads it ({@code auto}, a number, or
 * {@code range:N}); {@code hits} the classifications where its conditions matched, {@code decisions} those it
 * ended its sublayer with.
 */
public record FilterRow(long id, String key, String name, String description, String layer, String subLayerKey,
        String subLayer, String weight, long effectiveWeight, String effective, String action, String actionType,
        String calloutKey, String callout, String flags, String conditions, long hits, long decisions,
        String providerKey, String provider, long rawContext) implements Printable {

    /** The columns of a filter table. */
    static Table table() {
        return new Table().right("ID").flexible("NAME").left("LAYER").flexible("SUBLAYER").left("WEIGHT")
                .left("EFFECTIVE").left("ACTION").optional("FLAGS").flexible("CONDITIONS", 1).right("HITS");
    }

    /** One row; a filter without conditions shows "(all)", except in plain output, which stays pasteable. */
    void addTo(Table t, Style style) {
        t.row(id, name, layer, subLayer, weight, effective, action, flags,
                conditions.isEmpty() && !style.plain() ? "(all)" : conditions, hits);
    }

    @Override
    public String inspect() {
        Table t = table();
        addTo(t, Style.DEFAULT);
        return t.render(Style.DEFAULT);
    }

    /** The row of {@code wfp:filters --no-format}. */
    @Override
    public String plain() {
        Table t = table();
        Style plain = new Style(0, true);
        addTo(t, plain);
        return t.render(plain);
    }

    @Override
    public String line() {
        return id + " '" + name + "' " + layer + " " + action + (conditions.isEmpty() ? "" : " when " + conditions);
    }
}
