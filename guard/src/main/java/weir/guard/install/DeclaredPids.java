package weir.guard.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The configuration PIDs that deployed bundles (every bundle that is not one of weir.jar's own) declare: their
 * SCR components' configuration PIDs, as SCR's runtime reports them, and their metatype PIDs and factory PIDs,
 * as the MetaType service reads them.
 */
public final class DeclaredPids implements AutoCloseable {
    private final BundleContext context;
    private final Set<Long> own;
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;
    private final ServiceTracker<MetaTypeService, MetaTypeService> metatype;

    /** @param own the ids of weir.jar's own bundles: their PIDs are not a deployed callout's */
    public DeclaredPids(BundleContext context, Set<Long> own) {
        this.context = context;
        this.own = Set.copyOf(own);
        this.scr = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        this.metatype = new ServiceTracker<>(context, MetaTypeService.class, null);
        scr.open();
        metatype.open();
    }

    /** The deployed bundle that declares {@code pid} as "symbolic-name version", or null when none does. */
    public String owner(String pid) {
        Bundle b = declaring(pid);
        return b == null ? null : b.getSymbolicName() + " " + b.getVersion();
    }

    /** The deployed bundle that declares {@code pid}, or null when none does. */
    public Bundle declaring(String pid) {
        List<Bundle> deployed = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (!own.contains(b.getBundleId()) && b.getState() != Bundle.UNINSTALLED) {
                deployed.add(b);
            }
        }
        if (deployed.isEmpty()) {
            return null;
        }
        ServiceComponentRuntime runtime = scr.getService();
        if (runtime != null) {
            for (ComponentDescriptionDTO c : runtime.getComponentDescriptionDTOs(deployed.toArray(new Bundle[0]))) {
                if (c.configurationPid != null && List.of(c.configurationPid).contains(pid)) {
                    return context.getBundle(c.bundle.id);
                }
            }
        }
        MetaTypeService types = metatype.getService();
        if (types != null) {
            for (Bundle b : deployed) {
                MetaTypeInformation info = types.getMetaTypeInformation(b);
                if (info != null && (contains(info.getPids(), pid) || contains(info.getFactoryPids(), pid))) {
                    return b;
                }
            }
        }
        return null;
    }

    private static boolean contains(String[] pids, String pid) {
        if (pids != null) {
            for (String p : pids) {
                if (pid.equals(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        scr.close();
        metatype.close();
    }
}
