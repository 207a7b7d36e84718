package weir.engine.core.shell;

/** What {@code wfp:policy-import} and {@code wfp:policy-export} return: the file and what went in or out. */
public record PolicyResult(String file, boolean imported, int providers, int subLayers, int callouts, int filters)
        implements Printable {

    @Override
    public String inspect() {
        return line();
    }

    /** file, imported or exported, filters, sublayers, providers, callouts. */
    @Override
    public String plain() {
        return file + "\t" + (imported ? "imported" : "exported") + "\t" + filters + "\t" + subLayers + "\t"
                + providers + "\t" + callouts;
    }

    @Override
    public String line() {
        return "policy " + file + ": " + Texts.counts(filters, "filter", subLayers, "sublayer", providers, "provider",
                callouts, "callout") + (imported ? " imported" : " exported");
    }
}
