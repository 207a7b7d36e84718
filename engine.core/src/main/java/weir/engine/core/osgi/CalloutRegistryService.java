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
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.Registration;
import weir.engine.core.mgmt.EngineLog;

/**
 * The {@link CalloutRegistry} service, one instance per using bundle ({@code FwpsCalloutRegister} /
 * {@code FwpsCalloutUnregister*}). When the bundle stops, each callout it registered first loses its flow
 * contexts (each flowDelete called once), then is unregistered — as a WFP driver must before it unloads.
 */
@Component(service = CalloutRegistry.class, scope = ServiceScope.BUNDLE)
public final class CalloutRegistryService implements CalloutRegistry {
    private final CalloutTable table;
    private final ContextTracker contexts;
    private final Bundle owner;
    private final EngineLog log = EngineLog.system();
    /** calloutId → key of what this bundle registered. */
    private final Map<Integer, UUID> registered = new ConcurrentHashMap<>();

    @Activate
    public CalloutRegistryService(@Reference EngineComponent engine, ComponentContext context) {
        this.table = engine.callouts();
        this.contexts = engine.contexts();
        this.owner = context.getUsingBundle();
    }

    @Override
    public int register(UUID calloutKey, Callout callout) {
        int id = table.register(calloutKey, callout, owner);
        registered.put(id, calloutKey);
        return id;
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
        for (Map.Entry<Integer, UUID> e : registered.entrySet()) {
            contexts.removeAll(e.getKey());
            try {
                table.unregisterById(e.getKey());
            } catch (WfpException ex) {
                log.warn("weir: callout " + e.getValue() + " of bundle " + (owner == null ? "?" : owner.getSymbolicName())
                        + " could not be unregistered when the bundle stopped (" + ex.getMessage() + ")");
            }
        }
        registered.clear();
    }
}
