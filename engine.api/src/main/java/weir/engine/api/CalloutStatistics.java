package weir.engine.api;

/**
 * A callout's counters since it registered: classify calls, failures (exceptions, unusable results), time per
 * call, and the last failure's one-line message (empty when none).
 */
public record CalloutStatistics(long calls, long errors, long consecutiveErrors, long meanNanos, long p99Nanos,
        long maxNanos, String lastError) {
}
