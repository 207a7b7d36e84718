package weir.engine.core.osgi;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;
import weir.engine.core.callout.FlowTable;

/**
 * The FlowContexts that bundles get: the flow table, plus a record of which flows hold a context of which
 * callout, so that when a callout's bundle stops its contexts can be removed (each flowDelete exactly once)
 * before it is unregistered. The flow table itself offers no "every context of this callout" (see the report
 * of the management side); entries of flows that closed meanwhile are simply gone when removed.
 */
final class ContextTracker implements FlowContexts {
    private record Association(long flowHandle, Layer layer) {
    }

    private final FlowTable flows;
    private final Map<Integer, Set<Association>> byCallout = new ConcurrentHashMap<>();

    ContextTracker(FlowTable flows) {
        this.flows = flows;
    }

    @Override
    public long openFlow() {
        return flows.openFlow();
    }

    @Override
    public void closeFlow(long flowHandle) {
        flows.closeFlow(flowHandle);
    }

    @Override
    public void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        flows.associate(flowHandle, layer, calloutId, context);
        byCallout.computeIfAbsent(calloutId, k -> ConcurrentHashMap.newKeySet())
                .add(new Association(flowHandle, layer));
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        Set<Association> s = byCallout.get(calloutId);
        if (s != null) {
            s.remove(new Association(flowHandle, layer));
        }
        flows.remove(flowHandle, layer, calloutId);
    }

    @Override
    public Object context(long flowHandle, Layer layer, int calloutId) {
        return flows.context(flowHandle, layer, calloutId);
    }

    @Override
    public int openFlows() {
        return flows.openFlows();
    }

    /** Removes every context of a callout that is still on an open flow (before unregistering it). */
    void removeAll(int calloutId) {
        Set<Association> s = byCallout.remove(calloutId);
        if (s == null) {
            return;
        }
        for (Association a : s) {
            try {
                flows.remove(a.flowHandle(), a.layer(), calloutId);
            } catch (WfpException e) {
                // the flow closed, or the callout removed it itself: flowDelete already ran
            }
        }
    }
}
