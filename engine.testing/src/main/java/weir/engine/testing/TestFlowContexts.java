package weir.engine.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Decision;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;

/**
 * An in-memory flow table with the engine's contract ({@link FlowContexts}: handles never 0, one context per
 * flow, layer and callout, the documented errors, flowDelete exactly once per association, with its reason,
 * outside any lock) and the small part of a callout registry a unit test needs: register a callout (it gets its
 * id in {@code registered}), hand it a packet with the context it associated ({@link #classify}, honouring
 * CONDITIONAL_ON_FLOW), unregister it (its contexts are deleted, reason CALLOUT_REMOVED). Tests can set a
 * flow's ALE decision ({@link #decide}) and read every flowDelete that happened ({@link #flowDeletes}).
 * Thread-safe.
 *
 * <pre>
 * TestFlowContexts flows = new TestFlowContexts();
 * int id = flows.register(new MyCallout(flows));
 * long flow = flows.openFlow();
 * flows.classify(id, values, TestMetadata.of().flow(flow), packet, filter, TestClassifyOut.writable());
 * flows.closeFlow(flow, FlowEndReason.FIN);
 * assertEquals(1, flows.flowDeletes().size());
 * </pre>
 */
public final class TestFlowContexts implements FlowContexts {
    /** One flowDelete call as the callout received it. */
    public record FlowDelete(long flow, Layer layer, int calloutId, Object context, FlowEndReason reason) {
    }

    private record Slot(Layer layer, int calloutId) {
    }

    private final Map<Long, Map<Slot, Object>> flows = new LinkedHashMap<>();
    private final Map<Long, Decision> decisions = new HashMap<>();
    private final Map<Integer, Callout> callouts = new HashMap<>();
    private final List<FlowDelete> deletes = new ArrayList<>();
    private long nextFlow = 1;
    private int nextCallout = 1;

    /** Registers a callout as the engine would: a new calloutId, given to its {@code registered} before anything else. */
    public int register(Callout callout) {
        int id;
        synchronized (this) {
            id = nextCallout++;
            callouts.put(id, callout);
        }
        callout.registered(id);
        return id;
    }

    /**
     * Unregisters a callout as a stopping bundle's is: every context it holds is deleted (flowDelete, reason
     * CALLOUT_REMOVED), then it is forgotten.
     */
    public void unregister(int calloutId) {
        List<FlowDelete> gone = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Long, Map<Slot, Object>> f : flows.entrySet()) {
                f.getValue().entrySet().removeIf(e -> {
                    if (e.getKey().calloutId() != calloutId) {
                        return false;
                    }
                    gone.add(new FlowDelete(f.getKey(), e.getKey().layer(), calloutId, e.getValue(),
                            FlowEndReason.CALLOUT_REMOVED));
                    return true;
                });
            }
        }
        gone.forEach(this::delete);
        synchronized (this) {
            callouts.remove(calloutId);
        }
    }

    /**
     * Hands one packet to a registered callout with the context it associated with the packet's flow at this
     * layer (or null), as the engine does for a filter naming it. Returns false, calling nothing, when the
     * callout is CONDITIONAL_ON_FLOW and the flow carries no context of it (rule 28).
     */
    public boolean classify(int calloutId, IncomingValues values, Metadata metadata, LayerData layerData,
            Filter filter, ClassifyOut out) {
        Callout c;
        synchronized (this) {
            c = callouts.get(calloutId);
        }
        if (c == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND, "no callout is registered with id " + calloutId);
        }
        Object context = context(metadata.flowHandle(), values.layer(), calloutId);
        if (context == null && c.flags().contains(CalloutFlag.CONDITIONAL_ON_FLOW)) {
            return false;
        }
        c.classify(values, metadata, layerData, filter, context, out);
        return true;
    }

    /** Sets a flow's ALE decision, as the engine records it from the flow's ALE classification. */
    public synchronized void decide(long flowHandle, Decision decision) {
        decisions.put(flowHandle, decision);
    }

    @Override
    public synchronized Decision aleDecision(long flowHandle) {
        return decisions.get(flowHandle);
    }

    @Override
    public synchronized long openFlow() {
        long h = nextFlow++;
        flows.put(h, new LinkedHashMap<>());
        return h;
    }

    @Override
    public void closeFlow(long flowHandle) {
        closeFlow(flowHandle, FlowEndReason.UNKNOWN);
    }

    @Override
    public void closeFlow(long flowHandle, FlowEndReason reason) {
        Map<Slot, Object> contexts;
        synchronized (this) {
            contexts = flows.remove(flowHandle);
        }
        if (contexts != null) {
            for (Map.Entry<Slot, Object> e : contexts.entrySet()) {
                delete(new FlowDelete(flowHandle, e.getKey().layer(), e.getKey().calloutId(), e.getValue(), reason));
            }
        }
        synchronized (this) {
            decisions.remove(flowHandle); // after the flowDeletes: aleDecision answers inside them
        }
    }

    @Override
    public synchronized void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        if (context == null) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "flow " + flowHandle + ": a flow context must not"
                    + " be null");
        }
        Callout c = callouts.get(calloutId);
        if (c == null) {
            throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND, "no callout is registered with id " + calloutId);
        }
        if (!hasFlowDelete(c)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "callout " + calloutId + " has no flowDelete, so"
                    + " its flow contexts could never be released; implement flowDelete");
        }
        Map<Slot, Object> contexts = flows.get(flowHandle);
        if (contexts == null) {
            throw new WfpException(ErrorCode.NOT_FOUND, "no open flow has handle " + flowHandle);
        }
        if (contexts.putIfAbsent(new Slot(layer, calloutId), context) != null) {
            throw new WfpException(ErrorCode.OBJECT_NAME_EXISTS, "flow " + flowHandle + " already holds a context"
                    + " of callout " + calloutId + " at " + layer);
        }
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        Object context;
        synchronized (this) {
            Map<Slot, Object> contexts = flows.get(flowHandle);
            context = contexts == null ? null : contexts.remove(new Slot(layer, calloutId));
        }
        if (context == null) {
            throw new WfpException(ErrorCode.NOT_FOUND, "flow " + flowHandle + " holds no context of callout "
                    + calloutId + " at " + layer);
        }
        delete(new FlowDelete(flowHandle, layer, calloutId, context, FlowEndReason.CONTEXT_REMOVED));
    }

    @Override
    public synchronized Object context(long flowHandle, Layer layer, int calloutId) {
        Map<Slot, Object> contexts = flows.get(flowHandle);
        return contexts == null ? null : contexts.get(new Slot(layer, calloutId));
    }

    @Override
    public synchronized int openFlows() {
        return flows.size();
    }

    /** The flows open now, oldest first. */
    public synchronized List<Long> handles() {
        return new ArrayList<>(flows.keySet());
    }

    /** Contexts associated now, over all flows. */
    public synchronized int contexts() {
        int n = 0;
        for (Map<Slot, Object> m : flows.values()) {
            n += m.size();
        }
        return n;
    }

    /** Every flowDelete so far, in order. */
    public synchronized List<FlowDelete> flowDeletes() {
        return List.copyOf(deletes);
    }

    /** flowDelete outside the lock, as the engine calls it: the callout may call back into this table. */
    private void delete(FlowDelete d) {
        Callout c;
        synchronized (this) {
            c = callouts.get(d.calloutId());
            deletes.add(d);
        }
        if (c != null) {
            c.flowDelete(d.layer(), d.calloutId(), d.context(), d.reason());
        }
    }

    private static boolean hasFlowDelete(Callout c) {
        try {
            Method plain = c.getClass().getMethod("flowDelete", Layer.class, int.class, Object.class);
            Method withReason = c.getClass().getMethod("flowDelete", Layer.class, int.class, Object.class,
                    FlowEndReason.class);
            return plain.getDeclaringClass() != Callout.class || withReason.getDeclaringClass() != Callout.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
