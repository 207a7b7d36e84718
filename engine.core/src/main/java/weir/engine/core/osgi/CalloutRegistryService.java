package weir.engine.core.osgi;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import weir.engine.api.Callout;
import weir.engine.api.CalloutRegistry;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.Registration;

/**
 * The {@link CalloutRegistry} service, one instance per using bundle ({@code FwpsCalloutRegister} /
 * {@code FwpsCalloutUnregister*}). When the bundle stops (or ungets the service), each callout it still has
 * registered is released as a WFP driver must before it unloads: no packet reaches it any more, the calls in
 * flight return, and its flow contexts are removed, each with its one flowDelete.
 *
 * <p>Bundle stop order matters to an author: the framework calls the bundle's activator {@code stop} first
 * and releases the services it used afterwards, so a callout registered from an activator should be
 * unregistered in {@code stop}; this release is the safety net.
 */
@Component(service = CalloutRegistry.class, scope = ServiceScope.BUNDLE)
public final class CalloutRegistryService implements CalloutRegistry {
    private final CalloutTable table;
    private final Bundle owner;
    /** calloutId → what this bundle registered under it. */
    private final Map<Integer, Registration> registered = new ConcurrentHashMap<>();

    @Activate
    public CalloutRegistryService(@Reference EngineComponent engine, ComponentContext context) {
        this.table = engine.callouts();
        this.owner = context.getUsingBundle();
    }

    @Override
    public int register(UUID calloutKey, Callout callout) {
        Registration r = table.add(calloutKey, callout, owner);
        registered.put(r.calloutId(), r);
        return r.calloutId();
    }

    @Override
    public void unregisterById(int calloutId) {
        table.unregisterById(calloutId);
        registered.remove(calloutId);
    }

    @Override
    public void unregisterByKey(UUID calloutKey) {
        Registration r = table.lookup(calloutKey);
        table.unregisterByKey(calloutKey);
        if (r != null) {
            registered.remove(r.calloutId());
        }
    }

    @Deactivate
    void deactivate() {
        for (Registration r : registered.values()) {
            table.release(r);
        }
        registered.clear();
    }
}
