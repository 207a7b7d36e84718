package weir.engine.core.osgi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import weir.engine.api.Callout;
import weir.engine.api.CalloutRegistry;
import weir.engine.api.CalloutState;
import weir.engine.api.ErrorCode;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.Registration;

/**
 * The callout whiteboard: every {@link Callout} service with {@code callout.key=<GUID>} is registered in the
 * engine when it appears and released when it goes (its flow contexts removed first, each flowDelete once,
 * after the classify calls in flight returned — see {@link CalloutTable#release}). The service departs before
 * its component is deactivated, so no packet reaches a stopped callout.
 *
 * <p>Several services with one key: the best by {@code service.ranking}, then by lower {@code service.id}
 * (the order of {@link ServiceReference#compareTo}), is active; the others are shadowed and the next takes
 * over when the active one leaves. A key registered through {@link CalloutRegistry} by some bundle wins over
 * the whiteboard until that registration ends. Services the engine cannot use are kept with a reason for the
 * runtime view, never thrown about.
 *
 * <p>Every transition runs under this object's lock, so the whiteboard changes one step at a time.
 */
@Component(service = CalloutWhiteboard.class, immediate = true)
public final class CalloutWhiteboard {
    private static final String EXAMPLE_KEY = "7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01";

    /** One tracked Callout service. Fields guarded by the whiteboard. */
    private static final class Candidate {
        final ServiceReference<Object> ref;
        final long serviceId;
        final Bundle bundle;
        final String bundleName;
        UUID key;
        String name;
        int ranking;
        /** Why the engine cannot use it (INVALID), or null. */
        String problem;
        /** While active. */
        Registration registration;

        Candidate(ServiceReference<Object> ref) {
            this.ref = ref;
            this.serviceId = (Long) ref.getProperty(Constants.SERVICE_ID);
            this.bundle = ref.getBundle();
            this.bundleName = bundle == null ? "?" : String.valueOf(bundle.getSymbolicName());
        }

        String describe() {
            return "service " + serviceId + " of bundle " + bundleName;
        }
    }

    /** What the runtime view shows of one whiteboard service. */
    record Entry(UUID key, long serviceId, String bundle, String name, int ranking, CalloutState state,
            String reason, Registration registration) {
    }

    private final CalloutTable table;
    private final BundleContext context;
    private final ServiceTracker<Object, Candidate> tracker;
    private final Consumer<UUID> freed = this::keyFreed;
    /** Guarded by this. */
    private final Map<ServiceReference<Object>, Candidate> candidates = new HashMap<>();

    @Activate
    public CalloutWhiteboard(@Reference EngineComponent engine, BundleContext context) throws Exception {
        this.table = engine.callouts();
        this.context = context;
        this.tracker = new ServiceTracker<>(context,
                context.createFilter("(" + Constants.OBJECTCLASS + "=" + Callout.class.getName() + ")"),
                new ServiceTrackerCustomizer<Object, Candidate>() {
                    @Override
                    public Candidate addingService(ServiceReference<Object> ref) {
                        return added(ref);
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> ref, Candidate c) {
                        modified(c);
                    }

                    @Override
                    public void removedService(ServiceReference<Object> ref, Candidate c) {
                        removed(c);
                    }
                });
        table.onKeyFreed(freed);
        // all services: one wired to another weir.engine.api must still be seen, to be reported
        tracker.open(true);
    }

    @Deactivate
    void deactivate() {
        tracker.close(); // removes every service: each active one is released
        table.removeKeyFreedListener(freed);
    }

    // ---- tracking ----

    private synchronized Candidate added(ServiceReference<Object> ref) {
        Candidate c = new Candidate(ref);
        read(c);
        candidates.put(ref, c);
        if (c.key != null) {
            reconcile(c.key);
        }
        return c;
    }

    private synchronized void modified(Candidate c) {
        UUID before = c.key;
        read(c);
        if (c.registration != null && (c.problem != null || !c.key.equals(before))) {
            deactivate(c);
        }
        if (before != null && !before.equals(c.key)) {
            reconcile(before);
        }
        if (c.key != null) {
            reconcile(c.key); // the ranking may have changed
        }
    }

    private synchronized void removed(Candidate c) {
        candidates.remove(c.ref);
        if (c.registration != null) {
            deactivate(c);
        }
        if (c.key != null) {
            reconcile(c.key);
        }
    }

    /** A registration ended somewhere (a CalloutRegistry user): a waiting service may take the key now. */
    private void keyFreed(UUID key) {
        if (Thread.holdsLock(this)) {
            return; // our own release, inside a transition that reconciles by itself
        }
        synchronized (this) {
            for (Candidate c : candidates.values()) {
                if (key.equals(c.key)) {
                    reconcile(key);
                    return;
                }
            }
        }
    }

    /** Reads key, ranking and name; sets {@link Candidate#problem} when the service cannot be used. */
    private void read(Candidate c) {
        c.problem = null;
        c.key = null;
        Object r = c.ref.getProperty(Constants.SERVICE_RANKING);
        c.ranking = r instanceof Integer i ? i : 0;
        Object n = c.ref.getProperty(CalloutRegistry.CALLOUT_NAME);
        c.name = n == null ? "" : n.toString();
        Object k = c.ref.getProperty(CalloutRegistry.CALLOUT_KEY);
        if (k == null) {
            c.problem = c.describe() + " has no " + CalloutRegistry.CALLOUT_KEY + " property; add @CalloutKey(\""
                    + EXAMPLE_KEY + "\") (with your own GUID) to the component, or the property "
                    + CalloutRegistry.CALLOUT_KEY + "=<GUID>";
            return;
        }
        UUID key = parseKey(k);
        if (key == null) {
            c.problem = c.describe() + ": " + CalloutRegistry.CALLOUT_KEY + " '" + k + "' is not a GUID such as "
                    + EXAMPLE_KEY + "; fix the property";
            return;
        }
        c.key = key;
        if (!c.ref.isAssignableTo(context.getBundle(), Callout.class.getName())) {
            c.problem = c.describe() + " is a Callout of another weir.engine.api package than the engine's;"
                    + " rebuild the bundle against the engine's weir.engine.api, or refresh it";
        }
    }

    /** A GUID in its canonical 8-4-4-4-12 form, or null. */
    static UUID parseKey(Object property) {
        if (!(property instanceof String s)) {
            return null;
        }
        String t = s.trim();
        if (!t.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(t);
    }

    // ---- transitions (under this lock) ----

    /** Makes the best usable service of {@code key} the registered one. */
    private void reconcile(UUID key) {
        List<Candidate> usable = new ArrayList<>();
        Candidate active = null;
        for (Candidate c : candidates.values()) {
            if (key.equals(c.key)) {
                if (c.registration != null) {
                    active = c;
                }
                if (c.problem == null) {
                    usable.add(c);
                }
            }
        }
        usable.sort((a, b) -> b.ref.compareTo(a.ref)); // best first: ranking, then lower service.id
        if (active != null) {
            if (!usable.isEmpty() && usable.get(0) == active && !active.registration.isClosed()) {
                return; // already right
            }
            deactivate(active);
        }
        for (Candidate c : usable) {
            if (activate(c)) {
                return;
            }
            if (c.problem == null) {
                return; // the key is registered through CalloutRegistry: everyone waits (keyFreed)
            }
        }
    }

    /**
     * Registers one service. False when it cannot be: then either {@link Candidate#problem} says why, or the
     * key is taken by a CalloutRegistry registration (problem stays null).
     */
    private boolean activate(Candidate c) {
        Object service;
        try {
            service = context.getService(c.ref);
        } catch (RuntimeException e) {
            c.problem = c.describe() + " could not be obtained (" + e + "); check that bundle's log";
            return false;
        }
        if (!(service instanceof Callout callout)) {
            if (service != null) {
                unget(c);
            }
            c.problem = c.describe() + " could not be obtained (getService returned "
                    + (service == null ? "null: its component failed to activate?" : service.getClass().getName())
                    + "); fix the bundle and update it";
            return false;
        }
        try {
            c.registration = table.add(c.key, callout, c.bundle);
            return true;
        } catch (WfpException e) {
            unget(c);
            if (e.error() != ErrorCode.ALREADY_EXISTS) {
                c.problem = c.describe() + ": " + e.getMessage();
            }
            return false;
        }
    }

    /** Releases the registration (quiescent, contexts removed), then lets go of the service object. */
    private void deactivate(Candidate c) {
        Registration r = c.registration;
        c.registration = null;
        table.release(r);
        unget(c);
    }

    private void unget(Candidate c) {
        try {
            context.ungetService(c.ref);
        } catch (IllegalStateException e) {
            // the engine bundle is stopping: the framework lets go of it anyway
        }
    }

    // ---- the runtime view ----

    /** Every tracked service, with its state and reason. */
    synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            out.add(entry(c));
        }
        return out;
    }

    private Entry entry(Candidate c) {
        if (c.problem != null) {
            return new Entry(c.key, c.serviceId, c.bundleName, c.name, c.ranking, CalloutState.INVALID, c.problem,
                    null);
        }
        if (c.registration != null) {
            return new Entry(c.key, c.serviceId, c.bundleName, c.name, c.ranking, CalloutState.ACTIVE,
                    "registered from " + c.describe() + " (whiteboard, service.ranking " + c.ranking + ")",
                    c.registration);
        }
        return new Entry(c.key, c.serviceId, c.bundleName, c.name, c.ranking, CalloutState.SHADOWED,
                shadowReason(c), null);
    }

    private String shadowReason(Candidate c) {
        for (Candidate o : candidates.values()) {
            if (o.registration != null && Objects.equals(o.key, c.key)) {
                return c.describe() + " (service.ranking " + c.ranking + ") is shadowed by " + o.describe()
                        + " (service.ranking " + o.ranking + "); it takes over when that one goes";
            }
        }
        Registration r = table.lookup(c.key);
        if (r != null) {
            String by = BundleNames.of(r.owner());
            return c.describe() + " waits: the key is registered through CalloutRegistry"
                    + (by.isEmpty() ? "" : " by bundle " + by) + "; it takes over when that registration ends";
        }
        return c.describe() + " waits for its turn";
    }
}
