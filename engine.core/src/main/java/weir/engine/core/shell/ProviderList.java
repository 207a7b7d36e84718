package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:providers} returns (providers are bookkeeping: they change no verdict). */
public record ProviderList(List<Row> providers, Style style) implements Printable {

    /** One provider, with how many sublayers and filters name it. */
    public record Row(String key, String name, String description, boolean persistent, boolean disabled,
            String serviceName, int subLayers, int filters) {
    }

    @Override
    public String inspect() {
        if (providers.isEmpty()) {
            return style.plain() ? "" : "no providers";
        }
        Table t = new Table().left("KEY").flexible("NAME").right("SUBLAYERS").right("FILTERS").optional("LIFETIME")
                .optional("SERVICE").optional("DESCRIPTION");
        for (Row r : providers) {
            t.row(r.key, r.name, r.subLayers, r.filters, r.persistent ? "persistent" : "", r.serviceName,
                    r.description);
        }
        return t.render(style);
    }

    @Override
    public String line() {
        return Texts.count(providers.size(), "provider");
    }
}
