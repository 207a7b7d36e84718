package weir.engine.api;

/** Per-layer counters ({@code FWPM_LAYER_STATISTICS0} in spirit), read without stopping classification. */
public record LayerStatistics(Layer layer, long classifies, long permits, long blocks, long vetoes) {
}
