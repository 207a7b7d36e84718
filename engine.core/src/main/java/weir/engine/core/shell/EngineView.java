package weir.engine.core.shell;

import java.util.Map;

/**
 * What {@code wfp:engine} returns: the engine options (FwpmEngineSetOption0's switches and Weir's answers to
 * WFP's open points). {@code defaultAction} is the action of most layers when no filter decides (D2),
 * {@code layerDefaultActions} the layers that differ from it; {@code changed} names the option just set.
 */
public record EngineView(boolean stopAfterHardBlock, boolean collectNetEvents, boolean collectClassifyAllow,
        int netEventCapacity, int calloutQuarantineThreshold, int calloutBudgetMillis, int calloutSlowCallThreshold,
        String defaultAction,
        Map<String, String> layerDefaultActions, String changed, Style style) implements Printable {

    @Override
    public String inspect() {
        Table t = new Table().left("OPTION").left("VALUE").flexible("MEANING");
        t.row("stopAfterHardBlock", stopAfterHardBlock,
                "D1: stop evaluating lower sublayers after a hard BLOCK (default false: every sublayer runs)");
        t.row("collectNetEvents", collectNetEvents, "record a CLASSIFY_DROP net event for every block");
        t.row("collectClassifyAllow", collectClassifyAllow, "also record CLASSIFY_ALLOW net events");
        t.row("netEventCapacity", netEventCapacity, "size of the net event ring (the oldest are overwritten)");
        t.row("calloutQuarantineThreshold", calloutQuarantineThreshold,
                "D13: consecutive callout failures before the callout is quarantined");
        t.row("calloutBudgetMillis", calloutBudgetMillis, calloutBudgetMillis == 0
                ? "D13: no time budget per callout call (calls are measured, slowness never quarantines)"
                : "D13: the time one callout call may take (ms)");
        t.row("calloutSlowCallThreshold", calloutSlowCallThreshold,
                "D13: consecutive calls over the budget before the callout is quarantined");
        t.row("defaultAction", defaultAction, "D2: the action when no filter decides"
                + (layerDefaultActions.isEmpty() ? ", at every layer" : ", at the other layers"));
        for (Map.Entry<String, String> e : layerDefaultActions.entrySet()) {
            t.row("defaultAction " + e.getKey(), e.getValue(), "D2 at this layer");
        }
        String table = t.render(style);
        return changed.isEmpty() || style.plain() ? table : "set " + changed + "\n" + table;
    }

    @Override
    public String line() {
        return "stopAfterHardBlock=" + stopAfterHardBlock + " collectNetEvents=" + collectNetEvents
                + " collectClassifyAllow=" + collectClassifyAllow + " netEventCapacity=" + netEventCapacity
                + " calloutQuarantineThreshold=" + calloutQuarantineThreshold + " calloutBudgetMillis="
                + calloutBudgetMillis + " calloutSlowCallThreshold=" + calloutSlowCallThreshold
                + " defaultAction=" + defaultAction
                + (layerDefaultActions.isEmpty() ? "" : " " + layerDefaultActions);
    }
}
