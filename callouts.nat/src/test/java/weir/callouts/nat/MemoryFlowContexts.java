package weir.callouts.nat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import weir.engine.api.Callout;
import weir.engine.api.ErrorCode;
import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;

/**
 * A small in-memory flow table that behaves as {@link FlowContexts}' javadoc says (the engine's real one lives
 * on its own branch): handles never 0, one context per flow, layer and callout, the documented errors, and
 * flowDelete exactly once per association at close or remove. It also plays the callout registry's part of
 * knowing callout ids, and counts associate calls for the tests.
 */
final class MemoryFlowContexts implements FlowContexts {
    private record Slot(Layer layer, int calloutId) {
    }

    private final Map<Long, Map<Slot, Object>> flows = new HashMap<>();
    private final Map<Integer, Callout> callouts = new HashMap<>();
    private long nextFlow = 1;
    private int nextCallout = 1;
    final AtomicInteger associateCalls = new AtomicInteger();
    final List<String> flowDeletes = new ArrayList<>();

    /** Registers a callout as the engine would; returns its id. */
    synchronized int register(Callout callout) {
        int id = nextCallout++;
        callouts.put(id, callout);
        return id;
    }

    @Override
    public synchronized long openFlow() {
        long h = nextFlow++;
        flows.put(h, new LinkedHashMap<>());
        return h;
    }

    @Override
    public void closeFlow(long flowHandle) {
        Map<Slot, Object> contexts;
        synchronized (this) {
            contexts = flows.remove(flowHandle);
        }
        if (contexts != null) {
            contexts.forEach((slot, ctx) -> delete(flowHandle, slot, ctx));
        }
    }

    @Override
    public void associate(long flowHandle, Layer layer, int calloutId, Object context) {
        associateCalls.incrementAndGet();
        synchronized (this) {
            if (context == null) {
                throw new WfpException(ErrorCode.INVALID_PARAMETER, "flow " + flowHandle + ": context is null");
            }
            Callout c = callouts.get(calloutId);
            if (c == null) {
                throw new WfpException(ErrorCode.CALLOUT_NOT_FOUND, "callout " + calloutId);
            }
            if (!overridesFlowDelete(c)) {
                throw new WfpException(ErrorCode.INVALID_PARAMETER, "callout " + calloutId + " has no flowDelete");
            }
            Map<Slot, Object> contexts = flows.get(flowHandle);
            if (contexts == null) {
                throw new WfpException(ErrorCode.NOT_FOUND, "flow " + flowHandle);
            }
            if (contexts.putIfAbsent(new Slot(layer, calloutId), context) != null) {
                throw new WfpException(ErrorCode.OBJECT_NAME_EXISTS, "flow " + flowHandle + " " + layer);
            }
        }
    }

    @Override
    public void remove(long flowHandle, Layer layer, int calloutId) {
        Slot slot = new Slot(layer, calloutId);
        Object ctx;
        synchronized (this) {
            Map<Slot, Object> contexts = flows.get(flowHandle);
            ctx = contexts == null ? null : contexts.remove(slot);
        }
        if (ctx == null) {
            throw new WfpException(ErrorCode.NOT_FOUND, "flow " + flowHandle + " has no context at " + layer);
        }
        delete(flowHandle, slot, ctx);
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

    synchronized List<Long> handles() {
        return new ArrayList<>(flows.keySet());
    }

    /**
     * What the engine does when a callout unregisters (its bundle stops): every context of the callout is
     * removed from every open flow, each with its one flowDelete; the flows stay open.
     */
    void unregister(int calloutId) {
        List<Object[]> removed = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Long, Map<Slot, Object>> f : flows.entrySet()) {
                f.getValue().entrySet().removeIf(e -> {
                    if (e.getKey().calloutId == calloutId) {
                        removed.add(new Object[] {f.getKey(), e.getKey(), e.getValue()});
                        return true;
                    }
                    return false;
                });
            }
        }
        for (Object[] r : removed) {
            delete((Long) r[0], (Slot) r[1], r[2]);
        }
    }

    /** Contexts held now by all flows. */
    synchronized int contexts() {
        int n = 0;
        for (Map<Slot, Object> m : flows.values()) {
            n += m.size();
        }
        return n;
    }

    private void delete(long flowHandle, Slot slot, Object ctx) {
        Callout c;
        synchronized (this) {
            c = callouts.get(slot.calloutId);
            flowDeletes.add(flowHandle + " " + slot.layer);
        }
        c.flowDelete(slot.layer, slot.calloutId, ctx);
    }

    private static boolean overridesFlowDelete(Callout c) {
        try {
            return c.getClass().getMethod("flowDelete", Layer.class, int.class, Object.class)
                    .getDeclaringClass() != Callout.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
