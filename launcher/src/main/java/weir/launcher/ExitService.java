package weir.launcher;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * How a bundle ends Weir with an exit code: a {@link IntConsumer} service with the property
 * {@code weir.exit=true}, registered on the system bundle ({@code java.*} types are shared by every bundle,
 * so no launcher package needs exporting). The batch shim calls it with 0 when the source ran to its end,
 * the engine with 2 when the {@code --policy} file is bad; the framework then stops and Weir exits with
 * that code. The first code wins.
 */
final class ExitService implements IntConsumer {
    private final Framework framework;
    /** Released once the launcher has finished starting (or failed to): stopping earlier would race it. */
    private final CountDownLatch started = new CountDownLatch(1);
    private ServiceRegistration<IntConsumer> registration;
    private volatile int code;
    private volatile boolean set;

    private ExitService(Framework framework) {
        this.framework = framework;
    }

    static ExitService register(Framework framework) {
        ExitService s = new ExitService(framework);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.exit", Boolean.TRUE);
        s.registration = framework.getBundleContext().registerService(IntConsumer.class, s, props);
        return s;
    }

    @Override
    public synchronized void accept(int exitCode) {
        if (set) {
            return;
        }
        code = exitCode;
        set = true;
        // stop on a thread of our own: the caller may be a component that the stop will deactivate
        Thread t = new Thread(() -> {
            try {
                started.await(60, TimeUnit.SECONDS);
                framework.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BundleException e) {
                // the framework is stopping already
            }
        }, "weir-exit");
        t.setDaemon(true);
        t.start();
    }

    /** The launcher is done starting: a requested stop may go ahead. */
    void started() {
        started.countDown();
    }

    /**
     * The launcher judged the start good (every bundle of the run is active, no bundle asked to end Weir): the
     * service gains {@code weir.started=true}, which a source given on the command line waits for before its
     * first packet.
     */
    void opened() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.exit", Boolean.TRUE);
        props.put("weir.started", Boolean.TRUE);
        try {
            registration.setProperties(props);
        } catch (IllegalStateException e) {
            // the framework is stopping: no source will start
        }
    }

    /** True when a bundle asked for an exit code. */
    boolean requested() {
        return set;
    }

    /** The code a bundle asked for, 0 when none did. */
    int code() {
        return set ? code : 0;
    }
}
