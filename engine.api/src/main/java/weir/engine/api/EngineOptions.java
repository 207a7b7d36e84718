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
 */
public record EngineOptions(boolean collectNetEvents, boolean collectClassifyAllow, int netEventCapacity,
        boolean stopAfterHardBlock, Map<Layer, ActionType> defaultActions, int calloutQuarantineThreshold) {

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
    }

    public static EngineOptions defaults() {
        return new EngineOptions(true, false, 4096, false, Map.of(), 5);
    }

    /** The default action of a layer (D2). */
    public ActionType defaultAction(Layer layer) {
        return defaultActions.getOrDefault(layer, ActionType.PERMIT);
    }

    public EngineOptions withStopAfterHardBlock(boolean b) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, b, defaultActions,
                calloutQuarantineThreshold);
    }

    public EngineOptions withCollectNetEvents(boolean drop, boolean allow) {
        return new EngineOptions(drop, allow, netEventCapacity, stopAfterHardBlock, defaultActions,
                calloutQuarantineThreshold);
    }

    public EngineOptions withDefaultActions(Map<Layer, ActionType> m) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock, m,
                calloutQuarantineThreshold);
    }

    public EngineOptions withNetEventCapacity(int n) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, n, stopAfterHardBlock, defaultActions,
                calloutQuarantineThreshold);
    }

    public EngineOptions withCalloutQuarantineThreshold(int n) {
        return new EngineOptions(collectNetEvents, collectClassifyAllow, netEventCapacity, stopAfterHardBlock,
                defaultActions, n);
    }
}
