package weir.itest.callout;

import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.CalloutRegistry;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterEngine;
import weir.engine.api.FlowContexts;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;

/**
 * Starts one TestCallout as its manifest says:
 * <ul>
 * <li>{@code Test-Callout-Key}: the GUID; {@code Test-Callout-Mode}: {@code whiteboard} (a Callout service with
 * {@code callout.key}) or {@code registry} (CalloutRegistry.register);</li>
 * <li>{@code Test-Callout-Verdict}: PERMIT, BLOCK, CONTINUE or THROW; {@code Test-Callout-Ranking}: the
 * service.ranking; {@code Test-Callout-Associate}: true to associate a context with each new flow;
 * {@code Test-Callout-Refuse}: refuse ADD_FILTER for filters whose name starts with this;
 * {@code Test-Callout-Flags}: CalloutFlag names; {@code Test-Callout-Sleep-Millis}: sleep this long in each
 * classify before answering; {@code Test-Callout-Unregister-On-Stop}: registry mode only;
 * {@code Test-Dynamic-Filter}: also open a dynamic session and add a PERMIT filter of this name at
 * INBOUND_TRANSPORT_V4, leaving the session open (the engine must close it when the bundle stops).</li>
 * </ul>
 * Events go to the test's sink, a {@code Consumer<String>} service with {@code weir.test.sink=true}.
 */
public final class Activator implements BundleActivator {
    private TestCallout callout;
    private ServiceRegistration<Callout> service;
    private CalloutRegistry registry;
    private UUID key;
    private boolean unregisterOnStop;

    @Override
    @SuppressWarnings("unchecked")
    public void start(BundleContext context) throws Exception {
        String tag = context.getBundle().getSymbolicName() + "/" + context.getBundle().getVersion();
        key = UUID.fromString(header(context, "Test-Callout-Key", null));
        String mode = header(context, "Test-Callout-Mode", "whiteboard");
        Set<CalloutFlag> flags = EnumSet.noneOf(CalloutFlag.class);
        for (String f : header(context, "Test-Callout-Flags", "").split(",")) {
            if (!f.isBlank()) {
                flags.add(CalloutFlag.valueOf(f.trim()));
            }
        }
        ServiceReference<?>[] sinks = context.getServiceReferences(Consumer.class.getName(), "(weir.test.sink=true)");
        Consumer<String> sink = sinks == null ? s -> { } : (Consumer<String>) context.getService(sinks[0]);
        FlowContexts flows = context.getService(context.getServiceReference(FlowContexts.class));
        callout = new TestCallout(tag, header(context, "Test-Callout-Verdict", "PERMIT"),
                Boolean.parseBoolean(header(context, "Test-Callout-Associate", "false")),
                header(context, "Test-Callout-Refuse", ""), flags, flows, sink,
                Long.parseLong(header(context, "Test-Callout-Sleep-Millis", "0")));
        String dynamicFilter = header(context, "Test-Dynamic-Filter", "");
        if (!dynamicFilter.isEmpty()) {
            FilterEngine engine = context.getService(context.getServiceReference(FilterEngine.class));
            engine.open(SessionOptions.dynamic(tag)).addFilter(
                    weir.engine.api.Filter.of(dynamicFilter, Layer.INBOUND_TRANSPORT_V4, FilterAction.permit()));
        }
        // ready before anything can call it: a half-initialised callout must never be reachable
        callout.start();
        if ("registry".equals(mode)) {
            registry = context.getService(context.getServiceReference(CalloutRegistry.class));
            unregisterOnStop = Boolean.parseBoolean(header(context, "Test-Callout-Unregister-On-Stop", "true"));
            registry.register(key, callout);
        } else {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(CalloutRegistry.CALLOUT_KEY, key.toString());
            props.put(CalloutRegistry.CALLOUT_NAME, tag);
            props.put(Constants.SERVICE_RANKING, Integer.valueOf(header(context, "Test-Callout-Ranking", "0")));
            service = context.registerService(Callout.class, callout, props);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // as a real callout must: withdraw it first, then stop it
        if (service != null) {
            service.unregister();
        } else if (registry != null && unregisterOnStop) {
            registry.unregisterByKey(key);
        }
        callout.stop();
    }

    private static String header(BundleContext context, String name, String fallback) {
        String v = context.getBundle().getHeaders().get(name);
        if (v == null && fallback == null) {
            throw new IllegalArgumentException("the test bundle's manifest lacks " + name);
        }
        return v == null ? fallback : v.trim();
    }
}
