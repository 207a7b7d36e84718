package weir.engine.core.classify;

import weir.engine.api.ActionType;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.core.events.EngineStatistics;

/** One filter as arbitration reads it: primitives, its condition program, its counters, its run-time view. */
final class CompiledFilter {
    static final int PERMIT = 0;
    static final int BLOCK = 1;
    static final int CALLOUT_TERMINATING = 2;
    static final int CALLOUT_INSPECTION = 3;
    static final int CALLOUT_UNKNOWN = 4;

    final long filterId;
    final long effectiveWeight;
    final int action;
    final boolean clearActionRight;
    final boolean permitIfUnregistered;
    /** Run-time id of the callout key (stable per key), 0 for PERMIT/BLOCK. */
    final int calloutId;
    final CompiledConditions conditions;
    final EngineStatistics.FilterCounters counters;
    /** What a callout receives (FWPS_FILTER), and what traces name. */
    final Filter filter;

    CompiledFilter(Filter f, int calloutId, CompiledConditions conditions, EngineStatistics.FilterCounters counters) {
        this.filterId = f.filterId();
        this.effectiveWeight = f.effectiveWeight();
        this.action = code(f.action().type());
        this.clearActionRight = f.has(FilterFlag.CLEAR_ACTION_RIGHT);
        this.permitIfUnregistered = f.has(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED);
        this.calloutId = calloutId;
        this.conditions = conditions;
        this.counters = counters;
        this.filter = f;
    }

    boolean isCallout() {
        return action >= CALLOUT_TERMINATING;
    }

    static int code(ActionType t) {
        return switch (t) {
            case PERMIT -> PERMIT;
            case BLOCK -> BLOCK;
            case CALLOUT_TERMINATING -> CALLOUT_TERMINATING;
            case CALLOUT_INSPECTION -> CALLOUT_INSPECTION;
            case CALLOUT_UNKNOWN -> CALLOUT_UNKNOWN;
            default -> throw new IllegalArgumentException("a filter cannot have action " + t);
        };
    }
}
