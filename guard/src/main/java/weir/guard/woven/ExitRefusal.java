package weir.guard.woven;

import java.io.File;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The target of every woven exit call (see the package). Each call is counted per bundle and refused with
 * {@link ExitRefusedException}; the first of a bundle's attempts, and then at most one every ten seconds, is
 * said on the console in one line. {@code deploy:list} shows the counts.
 */
public final class ExitRefusal {
    /** After the first line, a bundle that keeps trying gets at most one line per this period. */
    private static final long QUIET_NANOS = 10_000_000_000L;

    /** A bundle's attempts: how many, the last one, and when a line was last printed. */
    private static final class Attempts {
        int count;
        String last;
        long saidAt;
    }

    private static final Map<Long, Attempts> ATTEMPTS = new ConcurrentHashMap<>();

    private ExitRefusal() {
    }

    /** In place of {@code System.exit(status)} in a class of bundle {@code bundleId}, at {@code site}. */
    public static void systemExit(int status, long bundleId, String site) {
        throw refuse("System.exit(" + status + ")", bundleId, site);
    }

    /** In place of {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status, long bundleId, String site) {
        throw refuse("Runtime.exit(" + status + ")", bundleId, site);
    }

    /** In place of {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status, long bundleId, String site) {
        throw refuse("Runtime.halt(" + status + ")", bundleId, site);
    }

    /** How many exit calls of bundle {@code bundleId} were refused. */
    public static int attempts(long bundleId) {
        Attempts a = ATTEMPTS.get(bundleId);
        if (a == null) {
            return 0;
        }
        synchronized (a) {
            return a.count;
        }
    }

    /** The last refused call of bundle {@code bundleId} and where it was made, or null. */
    public static String lastAttempt(long bundleId) {
        Attempts a = ATTEMPTS.get(bundleId);
        if (a == null) {
            return null;
        }
        synchronized (a) {
            return a.last;
        }
    }

    private static ExitRefusedException refuse(String call, long bundleId, String site) {
        String where = call + " in " + site;
        Attempts a = ATTEMPTS.computeIfAbsent(bundleId, id -> new Attempts());
        boolean say;
        int count;
        synchronized (a) {
            a.count++;
            a.last = where;
            count = a.count;
            long now = System.nanoTime();
            say = count == 1 || now - a.saidAt >= QUIET_NANOS;
            if (say) {
                a.saidAt = now;
            }
        }
        String who = describe(bundleId);
        if (say) {
            System.err.println("weir: " + who + " called " + where + ": refused, Weir keeps running"
                    + (count > 1 ? " (" + count + " attempts so far)" : "") + "; deploy:list counts them");
            System.err.flush();
        }
        return new ExitRefusedException(call, call + " refused: " + who
                + " is deployed into Weir and cannot end it");
    }

    /** {@code deploy/x.jar (bsn 1.0.0)}, or the bundle id when it cannot be looked up. */
    private static String describe(long bundleId) {
        Bundle self = FrameworkUtil.getBundle(ExitRefusal.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        Bundle b = ctx == null ? null : ctx.getBundle(bundleId);
        if (b == null) {
            return "bundle " + bundleId;
        }
        return file(b.getLocation()) + " (" + b.getSymbolicName() + " " + b.getVersion() + ")";
    }

    private static String file(String location) {
        try {
            File f = new File(URI.create(location));
            File parent = f.getParentFile();
            return (parent == null ? "" : parent.getName() + "/") + f.getName();
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
