package weir.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * Stops Weir when the interactive shell ends (end of piped input, Ctrl-D at a terminal). Gogo would stop the
 * framework itself, but only after printing {@code gosh: stopping framework} on standard output, which then
 * ends every piped run's output; so it runs with {@code --noshutdown} and this watch does the stopping. Gogo
 * offers no event for the end of its shell: the watch waits for the shell's thread, which Gogo's JLine
 * bundle (1.1.8, the version weir.bndrun pins) names {@value #THREAD}.
 */
final class ShellWatch {
    static final String THREAD = "Gogo shell";

    private ShellWatch() {
    }

    /**
     * Watches the shell thread, which exists once the framework reached its last start level; false when there
     * is none (then end of input does not stop Weir, and the caller says so).
     */
    static boolean stopWhenShellEnds(Framework framework) {
        Thread shell = find();
        if (shell == null) {
            return false;
        }
        Thread watch = new Thread(() -> {
            try {
                shell.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                try {
                    framework.stop(); // as 'shutdown' does: Weir exits 0
                } catch (BundleException | RuntimeException e) {
                    // stopping already
                }
            }
        }, "weir-shell-watch");
        watch.setDaemon(true);
        watch.start();
        return true;
    }

    private static Thread find() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (THREAD.equals(t.getName()) && t.isAlive()) {
                return t;
            }
        }
        return null;
    }
}
