package weir.engine.core.classify;

import java.util.List;
import java.util.Map;

import weir.engine.api.Decision;
import weir.engine.api.Layer;
import weir.engine.api.SubLayerTrace;

/**
 * One real packet's walk through one layer, as a {@link LiveTrace} recorded it: the packet's values there,
 * every sublayer's matching filters, the callouts called and what came of them, the decision.
 *
 * @param number the trace's count of walks, from 1
 * @param timestampNanos the packet's time (capture time for a replay), 0 when the shim gave none
 * @param values the layer's non-empty incoming values in their natural form, by field name as conditions write it
 * @param calls each callout call, in order
 */
public record TracedWalk(long number, long timestampNanos, Layer layer, Map<String, String> values,
        Decision decision, List<SubLayerTrace> subLayers, List<WhatIf.CalloutCall> calls) {
}
