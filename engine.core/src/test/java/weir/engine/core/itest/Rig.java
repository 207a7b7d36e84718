package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;

import weir.engine.api.CalloutObject;
import weir.engine.api.CalloutRegistry;
import weir.engine.api.CalloutRuntime;
import weir.engine.api.CalloutState;
import weir.engine.api.CalloutView;
import weir.engine.api.Classifier;
import weir.engine.api.Decision;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.FilterFlag;
import weir.engine.api.FlowContexts;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.Verdict;

/**
 * One test's view of the running engine: its services (as the test bundle gets them), a dynamic session whose
 * objects go when the test ends, the callout bundles it installed (uninstalled at the end, also on failure),
 * and the sink the test callouts report to.
 */
final class Rig implements AutoCloseable {
    static final long WAIT_MS = 10_000;

    final BundleContext context;
    final Sink sink;
    final FilterEngine engine;
    final Classifier classifier;
    final FlowContexts flows;
    final CalloutRuntime runtime;
    final CalloutRegistry registry;
    final EngineSession session;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();
    private final List<Bundle> bundles = new ArrayList<>();

    Rig(BundleContext context) throws Exception {
        this.context = context;
        this.sink = new Sink(context);
        this.engine = service(FilterEngine.class);
        this.classifier = service(Classifier.class);
        this.flows = service(FlowContexts.class);
        this.runtime = service(CalloutRuntime.class);
        this.registry = service(CalloutRegistry.class);
        this.session = engine.open(SessionOptions.dynamic("itest"));
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        trackers.add(t);
        T s = t.waitForService(WAIT_MS);
        assertNotNull(s, "no " + type.getName() + " service within " + WAIT_MS + " ms");
        return s;
    }

    Bundle start(CalloutBundle b) throws BundleException {
        Bundle x = b.start(context);
        bundles.add(x);
        return x;
    }

    CalloutObject object(UUID key, Layer layer) {
        return session.addCallout(CalloutObject.of(key, "itest callout " + key, layer));
    }

    Filter filter(String name, Layer layer, FilterAction action, FilterFlag... flags) {
        return session.addFilter(Filter.of(name, layer, action).withFlags(flags));
    }

    /** One packet with empty fields (filters without conditions match it) on a flow (0: none). */
    Decision classify(Layer layer, long flow) {
        IncomingValues v = classifier.newIncomingValues(layer);
        Metadata md = classifier.newMetadata().setFlowHandle(flow);
        Verdict out = classifier.newVerdict();
        classifier.classify(layer, v, md, null, out);
        return out.toDecision();
    }

    /** The runtime view's entries for a key. */
    List<CalloutView> views(UUID key) {
        return runtime.callouts().stream().filter(v -> key.equals(v.calloutKey())).collect(Collectors.toList());
    }

    /** The single entry of a key in a state (fails if there is none or more). */
    CalloutView view(UUID key, CalloutState state) {
        List<CalloutView> l = views(key).stream().filter(v -> v.state() == state).collect(Collectors.toList());
        if (l.size() != 1) {
            throw new AssertionError("expected one " + state + " entry for " + key + ", got " + views(key));
        }
        return l.get(0);
    }

    /** Waits for a condition (things that happen on other threads: FileInstall, SCR, the framework). */
    static void poll(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT_MS + " ms: " + what.get());
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        for (Bundle b : bundles) {
            try {
                if (b.getState() != Bundle.UNINSTALLED) {
                    b.uninstall();
                }
            } catch (BundleException | IllegalStateException e) {
                // best effort: the next test uses other keys
            }
        }
        session.close();
        sink.close();
        for (ServiceTracker<?, ?> t : trackers) {
            t.close();
        }
    }
}
