package weir.shim.pcap.run;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Waits until the framework has started every bundle it is going to start (its start level reached the
 * highest of theirs): a source given on the command line should see the engine's other components and the
 * deployed callouts up before its first packet, and a batch run must not end Weir while the launcher is still
 * starting it. (The start policy needs no waiting: the engine publishes the Classifier that a source needs only
 * once the policy is in, see {@link ShimService}.)
 */
final class StartGate {
    private StartGate() {
    }

    static void await(BundleContext context, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            Bundle system = context.getBundle(0);
            FrameworkStartLevel framework = system.adapt(FrameworkStartLevel.class);
            while (System.nanoTime() < deadline) {
                int target = 1;
                for (Bundle b : context.getBundles()) {
                    BundleStartLevel level = b.getBundleId() == 0 ? null : b.adapt(BundleStartLevel.class);
                    if (level != null && level.isPersistentlyStarted()) {
                        target = Math.max(target, level.getStartLevel());
                    }
                }
                if (system.getState() == Bundle.ACTIVE && (framework == null || framework.getStartLevel() >= target)) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the bundle stopped while waiting: the run will be closed
        }
    }
}
