package weir.launcher;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * The shell's {@code shutdown} command ({@code weir:shutdown}): stops Weir cleanly, as end of input or
 * SIGTERM do, so that Weir exits 0. Gogo has no such command of its own ({@code stop 0} is its spelling).
 * Registered by the launcher on the system bundle; Gogo finds commands by service properties and calls
 * them by reflection, so this class needs nothing from the Gogo API.
 */
public final class ShutdownCommand {
    private final Framework framework;

    private ShutdownCommand(Framework framework) {
        this.framework = framework;
    }

    static void register(Framework framework) {
        BundleContext ctx = framework.getBundleContext();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "weir");
        props.put("osgi.command.function", new String[] {"shutdown"});
        ctx.registerService(Object.class.getName(), new ShutdownCommand(framework), props);
    }

    /** Stops the framework; Weir then exits with 0. */
    public void shutdown() throws BundleException {
        // Framework.stop() returns at once and stops the bundles on a thread of its own.
        framework.stop();
    }
}
