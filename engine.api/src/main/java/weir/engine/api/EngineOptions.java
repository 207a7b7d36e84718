package weir.engine.api;

import java.util.Map;

/**
 * Engine-wide switches ({@code FwpmEngineSetOption0} and Weir's answers to WFP's open points). The shell's
 * {@code wfp:engine} shows and sets them; ConfigAdmin PID {@code weir.engine} sets them at start.
 *
 * @param collectNetEvents FWPM_ENGINE_COLLECT_NET_EVENTS (CLASSIFY_DROP events), default true
 * @param collectClassifyAllow also record CLASSIFY_ALLOW events (keyword CLASSIFY_ALLOW), default false
 * @param netEventCapacity size of the net-event ring, default 4096
 * @param stopAfterHardBlock D1: stop evaluating sublayers after a hard BLOCK, default false
 * @param defaultActions D2: the action when no filter decides, per layer; layers absent here PERMIT
 * @param calloutQuarantineThreshold D13: consecutive callout failures before quarantine, default 5
 * @param calloutBudgetMillis D13: the time one classify call of a callout may take, default 100 ms; 0 means no
 *        budget (calls are still measured, but slowness never quarantines)
 * @param calloutSlowCallThreshold D13: consecutive calls over the budget before quarantine, default 3
 */
public record EngineOptions(boolean collectNetEvents, boolean collectClassifyAllow, int netEventCapacity,
        boolean stopAfterHardBlock, Map<Layer, ActionType> defaultActions, int calloutQuarantineThreshold,
        int calloutBudgetMillis, int calloutSlowCallThreshold) {

    public static final int DEFAULT_CALLOUT_BUDGET_MILLIS = 100;
    public static final int DEFAULT_CALLOUT_SLOW_CALL_THRESHOLD = 3;

    public EngineOptions {
        defaultActions = defaultActions == null ? Map.of() : Map.copyOf(defaultActions);
        for (Map.Entry<Layer, ActionType> e : defaultActions.entrySet()) {
            if (e.getValue() != ActionType.PERMIT && e.getValue() != ActionType.BLOCK) {
                throw new WfpException(ErrorCode.INVALID_ACTION_TYPE,
                        "engine option defaultActions: " + e.getKey() + " must be PERMIT or BLOCK, not " + e.getValue());
            }
        }
        if (netEventCapacity < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "engine option netEventCapacity must be at least 1");
        }
        if (calloutQuarantineThreshold < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "engine option calloutQuarantineThreshold must be at least 1");
        }
        if (calloutBudgetMillis < 0) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "engine option calloutBudgetMillis must be 0 (no budget)"
                    + " or more, not " + calloutBudgetMillis);
        }
        if (calloutSlowCallThreshold < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "engine option calloutSlowCallThreshold must be at least 1");
        }
    }

    /** The options without the slow-call budget (as before version 1.2 of this package): its defaults apply. */
    public EngineOptions(boolean collectNetEvents, boolean collectClassifyAllow, int netEventCapacity,
            boolean stopAfterHardBlock, Map<Layer, ActionType> defaultActions, int calloutQuarantineThreshold) {
        this(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock, defaultActions,
                calloutQuarantineThreshold, DEFAULT_CALLOUT_BUDGET_MILLIS, DEFAULT_CALLOUT_SLOW_CALL_THRESHOLD);
    }

    public static EngineOptions defaults() {
        return new EngineOptions(true, false, 4096, false, Map.of(), 5, DEFAULT_CALLOUT_BUDGET_MILLIS,
                DEFAULT_CALLOUT_SLOW_CALL_THRESHOLD);
    }

    /** The default action of a layer (D2). */
    public ActionType defaultAction(Layer layer) {
        return defaultActions.getOrDefault(layer, ActionType.PERMIT);
    }

    public EngineOptions withStopAfterHardBlock(boolean b) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, b, defaultActions,
                calloutQuarantineThreshold, calloutBudgetMillis, calloutSlowCallThreshold);
    }

    public EngineOptions withCollectNetEvents(boolean drop, boolean allow) {
        return new EngineOptions(drop, allow, netEventCapacity, stopAfterHardBlock, defaultActions,
                calloutQuarantineThreshold, calloutBudgetMillis, calloutSlowCallThreshold);
    }

    public EngineOptions withDefaultActions(Map<Layer, ActionType> m) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock, m,
                calloutQuarantineThreshold, calloutBudgetMillis, calloutSlowCallThreshold);
    }

    public EngineOptions withNetEventCapacity(int n) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, n, stopAfterHardBlock, defaultActions,
                calloutQuarantineThreshold, calloutBudgetMillis, calloutSlowCallThreshold);
    }

    public EngineOptions withCalloutQuarantineThreshold(int n) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock,
                defaultActions, n, calloutBudgetMillis, calloutSlowCallThreshold);
    }

    /** D13's time budget per classify call in milliseconds (0: none). */
    public EngineOptions withCalloutBudgetMillis(int millis) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock,
                defaultActions, calloutQuarantineThreshold, millis, calloutSlowCallThreshold);
    }

    /** D13: how many calls over the budget in a row quarantine a callout. */
    public EngineOptions withCalloutSlowCallThreshold(int n) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock,
                defaultActions, calloutQuarantineThreshold, calloutBudgetMillis, n);
    }
}
