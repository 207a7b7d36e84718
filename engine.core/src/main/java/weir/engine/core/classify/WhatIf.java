package weir.engine.core.classify;

import java.util.List;
import java.util.UUID;

import weir.engine.api.ClassifyTrace;

/**
 * A what-if's answer ({@link ClassifierImpl#whatIf}): the decision with every sublayer's trace, and the callout
 * calls it made, none of them counted.
 *
 * @param calloutCalls the callouts called, in the order arbitration called them
 * @param draft whether it ran over a state given for this one call (a transaction's draft), not the published one
 */
public record WhatIf(ClassifyTrace trace, List<CalloutCall> calloutCalls, boolean draft) {

    public WhatIf {
        calloutCalls = List.copyOf(calloutCalls);
    }

    /**
     * One callout call of a what-if.
     *
     * @param filterId the filter that called it
     * @param calloutKey the callout's key
     * @param nanos how long its classify took
     * @param overBudget whether that was longer than the engine's time budget (a packet's call would count
     *        towards quarantine; a what-if's does not)
     * @param error the failure in one line (an exception, or no action), empty when it returned a usable result
     */
    public record CalloutCall(long filterId, UUID calloutKey, long nanos, boolean overBudget, String error) {
    }
}
