package weir.itest.callout;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Filter;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.NotifyType;
import weir.engine.api.WfpException;

/**
 * A callout whose behaviour the bundle's manifest chooses (see Activator). It refuses to classify while its
 * bundle is not started — a packet reaching a half-initialised or stopped callout shows up as a failure in
 * the verdict and as an "unstarted-classify" event — and reports what happens to it to the test's sink.
 */
final class TestCallout implements Callout {
    private final String tag;
    private final String verdict;
    private final boolean associate;
    private final String refusePrefix;
    private final Set<CalloutFlag> flags;
    private final FlowContexts flows;
    private final Consumer<String> sink;
    private final long sleepMillis;
    private final AtomicInteger contexts = new AtomicInteger();
    private volatile boolean started;
    private volatile int calloutId;

    TestCallout(String tag, String verdict, boolean associate, String refusePrefix, Set<CalloutFlag> flags,
            FlowContexts flows, Consumer<String> sink, long sleepMillis) {
        this.sleepMillis = sleepMillis;
        this.tag = tag;
        this.verdict = verdict;
        this.associate = associate;
        this.refusePrefix = refusePrefix;
        this.flags = flags;
        this.flows = flows;
        this.sink = sink;
    }

    void start() {
        started = true;
        sink.accept(tag + " started");
    }

    void stop() {
        started = false;
        sink.accept(tag + " stopped");
    }

    @Override
    public Set<CalloutFlag> flags() {
        return flags;
    }

    @Override
    public void registered(int id) {
        calloutId = id;
        sink.accept(tag + " registered " + id);
    }

    @Override
    public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
            Object flowContext, ClassifyOut out) {
        if (!started) {
            sink.accept(tag + " unstarted-classify");
            throw new IllegalStateException(tag + " classify while its bundle is not started");
        }
        if (sleepMillis > 0) {
            // a slow callout: the engine cannot cut the call short, only stop making the next ones (D13)
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ("THROW".equals(verdict)) {
            throw new IllegalStateException(tag + " fails on purpose");
        }
        if (flowContext != null) {
            sink.accept(tag + " classify-with-context " + flowContext);
        }
        long flow = metadata == null ? 0 : metadata.flowHandle();
        if (associate && flowContext == null && flow != 0) {
            String context = tag + "#" + contexts.incrementAndGet();
            try {
                flows.associate(flow, filter.layer(), calloutId, context);
                sink.accept(tag + " associate " + context);
            } catch (WfpException e) {
                sink.accept(tag + " associate-failed " + e.error());
            }
        }
        if (out.hasWriteRight()) {
            out.setActionType(ActionType.valueOf(verdict));
        }
    }

    @Override
    public boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        sink.accept(tag + " notify " + type + " " + filter.name());
        return !(type == NotifyType.ADD_FILTER && !refusePrefix.isEmpty() && filter.name().startsWith(refusePrefix));
    }

    @Override
    public void flowDelete(Layer layer, int id, Object flowContext) {
        sink.accept(tag + " flowDelete " + flowContext);
    }
}
