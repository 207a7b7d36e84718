package weir.engine.core.shell;

/** Descriptions shared by several commands' options. */
final class Options {
    static final String NO_FORMAT = "tab-separated, no header, nothing cut (for scripts)";
    static final String LAYER = "a layer: its WFP name (INBOUND_TRANSPORT_V4), run-time id or key";

    private Options() {
    }
}
