package weir.shim.pcap.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Waits until the framework has started every bundle it is going to start (its start level reached the
 * highest of theirs), and until the callouts in the deploy folder (framework property {@code weir.deploy},
 * installed by FileInstall in its own thread) are started: a source given on the command line should see the
 * engine's other components and the deployed callouts up before its first packet, and a batch run must not end
 * Weir while the launcher is still starting it. A deployed bundle that is installed but does not start within
 * {@value #DEPLOY_GRACE_MILLIS} ms (it cannot resolve, its activator failed: FileInstall says why) is not waited
 * for any longer, nor is the deploy folder after {@value #DEPLOY_WAIT_MILLIS} ms (a file FileInstall cannot
 * install). (The start policy needs no waiting: the engine publishes the Classifier that a source needs only
 * once the policy is in, see {@link ShimService}.)
 *
 * <p>Under weir.jar (framework property {@value #GATE} = {@code launcher}) it also waits for the launcher's
 * verdict on the start: the launcher marks its {@code weir.exit} service {@code weir.started=true} once every
 * bundle of the run is active. A bundle that failed to start makes the launcher end Weir with exit 1 instead, and
 * then not one packet has been read: the gate answers false, and so it does when the verdict does not come in
 * time. A firewall that half-started does not judge traffic.
 */
final class StartGate {
    static final long DEPLOY_GRACE_MILLIS = 2_000;
    static final long DEPLOY_WAIT_MILLIS = 10_000;
    private static final long MILLIS = 1_000_000L;
    static final String GATE = "weir.start.gate";
    private static final String STARTED = "(&(weir.exit=true)(weir.started=true))";

    private StartGate() {
    }

    /**
     * Waits as the class says; true when a source may read its first packet, false when the launcher did not
     * judge the start good within the time (or the framework stops meanwhile). Without the launcher's gate it
     * answers true once the time is up, as before.
     */
    static boolean await(BundleContext context, long timeoutMillis) {
        long start = System.nanoTime();
        long deadline = start + timeoutMillis * MILLIS;
        boolean launcher = "launcher".equals(context.getProperty(GATE));
        try {
            Bundle system = context.getBundle(0);
            FrameworkStartLevel framework = system.adapt(FrameworkStartLevel.class);
            Path deploy = deployFolder(context);
            boolean up = false;
            while (System.nanoTime() < deadline) {
                int target = 1;
                for (Bundle b : context.getBundles()) {
                    BundleStartLevel level = b.getBundleId() == 0 ? null : b.adapt(BundleStartLevel.class);
                    if (level != null && level.isPersistentlyStarted()) {
                        target = Math.max(target, level.getStartLevel());
                    }
                }
                long waited = System.nanoTime() - start;
                if (system.getState() == Bundle.ACTIVE && (framework == null || framework.getStartLevel() >= target)
                        && (waited > DEPLOY_WAIT_MILLIS * MILLIS
                                || deployed(context, deploy, waited > DEPLOY_GRACE_MILLIS * MILLIS))) {
                    up = true;
                    if (!launcher || judgedGood(context)) {
                        return true;
                    }
                }
                if (system.getState() == Bundle.STOPPING) {
                    return false;
                }
                Thread.sleep(up ? 2 : 20);
            }
            return !launcher;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalStateException e) {
            return false; // the bundle stopped while waiting: the run will be closed
        }
    }

    private static boolean judgedGood(BundleContext context) {
        try {
            return context.getServiceReferences(IntConsumer.class, STARTED).size() > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
    }

    private static Path deployFolder(BundleContext context) {
        String folder = context.getProperty("weir.deploy");
        return folder == null || folder.isBlank() ? null : Path.of(folder).toAbsolutePath().normalize();
    }

    /**
     * Whether every bundle file in the deploy folder (the names FileInstall takes: not hidden, {@code *.jar}) is
     * an ACTIVE bundle; after the grace period, an installed one that is not active counts as settled.
     */
    private static boolean deployed(BundleContext context, Path deploy, boolean graceOver) {
        if (deploy == null) {
            return true;
        }
        Set<Path> waiting = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deploy, "[!.]*.jar")) {
            for (Path jar : jars) {
                waiting.add(jar.toAbsolutePath().normalize());
            }
        } catch (IOException | RuntimeException e) {
            return true; // no readable deploy folder: nothing to wait for
        }
        for (Bundle b : context.getBundles()) {
            Path file = location(b);
            if (file != null && (b.getState() == Bundle.ACTIVE || graceOver && b.getState() != Bundle.STARTING)) {
                waiting.remove(file);
            }
        }
        return waiting.isEmpty();
    }

    /** The file a bundle was installed from ({@code file:/…/deploy/x.jar}, as FileInstall names it), or null. */
    private static Path location(Bundle b) {
        String location = b.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
