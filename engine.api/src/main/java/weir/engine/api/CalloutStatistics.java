package weir.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * A callout's counters since it registered: classify calls, failures (exceptions, unusable results), time per
 * call, and the last failure's one-line message (empty when none); and how slow it is against the engine's
 * time budget ({@link EngineOptions#calloutBudgetMillis()}): how many calls took longer, how many of the last
 * ones did so in a row (the run that quarantines it, D13), and its slowest calls.
 *
 * @param slowCalls calls that took longer than the budget
 * @param consecutiveSlowCalls the current run of calls over the budget (0 after a call within it)
 * @param slowestCalls the slowest calls since it registered, slowest first (at most a few; what-if calls are
 *        never counted)
 */
public record CalloutStatistics(long calls, long errors, long consecutiveErrors, long meanNanos, long p99Nanos,
        long maxNanos, String lastError, long slowCalls, long consecutiveSlowCalls, List<Call> slowestCalls) {

    /**
     * One measured classify call.
     *
     * @param nanos how long the callout's classify took
     * @param filterId the filter that called it
     * @param layer the layer it was called at
     * @param at when it returned (wall clock)
     * @param overBudget whether it took longer than the budget in force at the time
     */
    public record Call(long nanos, long filterId, Layer layer, Instant at, boolean overBudget) {
    }

    public CalloutStatistics {
        lastError = lastError == null ? "" : lastError;
        slowestCalls = slowestCalls == null ? List.of() : List.copyOf(slowestCalls);
    }

    /** Counters without slow-call figures (as before version 1.2 of this package). */
    public CalloutStatistics(long calls, long errors, long consecutiveErrors, long meanNanos, long p99Nanos,
            long maxNanos, String lastError) {
        this(calls, errors, consecutiveErrors, meanNanos, p99Nanos, maxNanos, lastError, 0, 0, List.of());
    }
}
