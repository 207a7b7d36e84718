package weir.engine.api;

/**
 * Per-filter counters: {@code matches} = classifications where all the filter's conditions matched and it was
 * evaluated; {@code decisions} = times it decided its sublayer (returned PERMIT or BLOCK).
 */
public record FilterStatistics(long filterId, long matches, long decisions) {
}
