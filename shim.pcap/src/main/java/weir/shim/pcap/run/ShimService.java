package weir.shim.pcap.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.Classifier;
import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.FlowContexts;
import weir.engine.api.PacketInjector;
import weir.engine.api.SessionOptions;
import weir.engine.api.shell.Console;
import weir.shim.pcap.live.LiveSettings;
import weir.shim.pcap.path.LocalAddresses;
import weir.shim.pcap.path.ReauthWatch;

/**
 * The shim: runs at most one packet source at a time against the engine. At start it runs the source the
 * command line gave (framework properties {@code weir.shim.replay}, {@code weir.shim.live},
 * {@code weir.shim.bridge}, with {@code weir.shim.local}, {@code weir.shim.permitted},
 * {@code weir.shim.dropped}); {@code shim:open} starts one later. In batch mode ({@code weir.batch=true})
 * the source runs to its end (or until Weir stops), the summary is printed ({@code weir.summary} text or
 * json) and Weir exits through the launcher's {@code weir.exit} service: 0, or 2 when the source could not
 * be opened (one line on standard error naming the file or interface and the reason).
 *
 * <p>While a source that can send runs (offline, bridge), its {@link PacketInjector} is a service.
 */
@Component(immediate = true, service = ShimService.class, configurationPid = ShimService.PID)
@Designate(ocd = ShimConfig.class)
public final class ShimService {
    static final String PID = "weir.shim";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_SOURCE = 2;
    private static final long START_WAIT_MILLIS = 60_000;

    private final BundleContext context;
    private final Classifier classifier;
    private final FlowContexts contexts;
    private final EngineSession session;
    private final ReauthWatch reauth;
    private final AtomicLong runIds = new AtomicLong();
    private final AtomicLong printed = new AtomicLong();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final boolean batch;
    private final boolean json;
    private volatile ShimSettings settings;
    private volatile ShimRun current;
    private volatile EngineFigures figures;
    private volatile String lastSummary;
    private ServiceRegistration<PacketInjector> injectorRegistration;

    /** The launcher's way to end Weir with a code; absent outside weir.jar. */
    private final IntConsumer exit;
    /** The engine's callout runtime view, for the summary's callout counts; absent until the engine has one. */
    private final CalloutRuntime calloutRuntime;
    /**
     * The shell's console: a source that ends while a shell runs prints its summary between two commands'
     * outputs, never inside one (the packet thread would otherwise write into whatever the shell prints).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Console console;

    /**
     * Constructor injection throughout: a source given at start runs (and may end Weir) from here, so every
     * reference must be there before the first line of it, not injected into fields afterwards.
     *
     * <p>Fail closed: the Classifier must be the engine's, registered with {@code weir.engine.started=true},
     * which the engine publishes only once its store is loaded and the start policy ({@code --policy}) is
     * imported. When either fails the engine ends Weir and this constructor never runs: no source given at
     * start opens its file or interface, not one packet is classified, written or forwarded.
     */
    @Activate
    public ShimService(BundleContext context, ShimConfig config,
            @Reference(target = "(weir.engine.started=true)") Classifier classifier,
            @Reference FlowContexts contexts, @Reference FilterEngine engine,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, target = "(weir.exit=true)") IntConsumer exit,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) CalloutRuntime calloutRuntime) {
        this.context = context;
        this.exit = exit;
        this.calloutRuntime = calloutRuntime;
        this.classifier = classifier;
        this.contexts = contexts;
        this.settings = settings(config);
        this.session = engine.open(SessionOptions.dynamic("weir shim"));
        this.reauth = new ReauthWatch(session);
        this.batch = Boolean.parseBoolean(context.getProperty("weir.batch"));
        this.json = "json".equals(context.getProperty("weir.summary"));
        SourceSpec spec;
        try {
            spec = SourceSpec.fromProperties(context::getProperty);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage(), EXIT_BAD_SOURCE);
            return;
        }
        if (spec != null) {
            String problem = start(spec);
            if (problem != null) {
                fail(problem, EXIT_BAD_SOURCE);
            }
        }
    }

    private static ShimSettings settings(ShimConfig c) {
        return new ShimSettings(c.maxFlows(), c.tcpIdleTimeoutSeconds(), c.udpIdleTimeoutSeconds(),
                LiveSettings.of(c.captureBufferMiB(), c.queueTargetMicros(), c.queueIntervalMillis(),
                        c.sendThreads(), c.realtimePriority(), c.flowQueueFrames(), c.sendQueueFrames()));
    }

    @Modified
    void modified(ShimConfig config) {
        settings = settings(config);
    }

    /** A source given at start failed: one line; in batch mode Weir ends with the code. */
    private void fail(String line, int code) {
        err.println("weir: " + line);
        err.flush();
        if (batch) {
            exitLater(code);
        }
    }

    /** Ends Weir once the framework is up (the launcher must not be stopped while it is starting us). */
    private void exitLater(int code) {
        Thread t = new Thread(() -> {
            StartGate.await(context, START_WAIT_MILLIS);
            IntConsumer e = exit;
            if (e != null) {
                e.accept(code);
            }
        }, "weir-shim-exit");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Opens and starts a source; returns null, or the one-line reason it could not be opened. Refused while
     * another source runs.
     */
    synchronized String start(SourceSpec spec) {
        if (current != null && current.state() != ShimRun.State.CLOSED) {
            return "a source is open already (" + current.mode() + " " + current.describe()
                    + "); close it first with shim:close";
        }
        LocalAddresses local;
        Source source;
        try {
            source = spec.create(settings);
            String addresses = spec.local();
            if (addresses == null && source instanceof LiveSource live) {
                // a monitor stands for the host it watches: the interface's own addresses are local
                addresses = live.defaultLocal();
            }
            local = LocalAddresses.parse(addresses);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        ShimRun run;
        try {
            run = ShimRun.open(runIds.incrementAndGet(), source, local, classifier, contexts, reauth, settings);
        } catch (SourceException e) {
            return e.getMessage();
        }
        figures = new EngineFigures(session, calloutRuntime);
        current = run;
        lastSummary = null;
        if (run.injector() != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("weir.shim.mode", run.mode());
            injectorRegistration = context.registerService(PacketInjector.class, run.injector(), props);
        }
        run.startAfter(() -> StartGate.await(context, START_WAIT_MILLIS), this::ended);
        return null;
    }

    /** On the packet thread, when the source ended or failed (or was stopped by close). */
    private void ended(ShimRun run) {
        if (run.closing()) {
            return; // closed by shim:close or deactivate, which print the summary themselves
        }
        if (!batch) {
            if (run.failure() != null) {
                err.println("weir: " + run.failure());
            }
            printed.set(run.id());
            printToShell(summarize(run));
            return;
        }
        close(run);
        printOnce(run);
        int code = run.failure() != null ? EXIT_FAILED : EXIT_OK;
        for (String note : run.source().notes()) {
            err.println("weir: " + note);
        }
        if (run.failure() != null) {
            err.println("weir: " + run.failure());
        }
        err.flush();
        IntConsumer e = exit;
        if (e != null) {
            e.accept(code);
        }
    }

    /** A batch run's summary is printed exactly once, whoever closes it. */
    private void printOnce(ShimRun run) {
        long id = run.id();
        if (printed.getAndSet(id) != id) {
            print(lastSummary);
        }
    }

    /** Through the shell's console, so that it lands between two commands' outputs; else standard output. */
    private void printToShell(String summary) {
        Console c = console;
        if (c != null && summary != null) {
            c.print(summary.stripTrailing());
        } else {
            print(summary);
        }
    }

    private void print(String summary) {
        if (summary != null) {
            out.println(summary.stripTrailing());
            out.flush();
        }
    }

    /** The summary of a run in the configured format (json or text). */
    private String summarize(ShimRun run) {
        Summary s = Summary.of(run, figures);
        String text = json ? s.json() : s.text();
        lastSummary = text;
        return text;
    }

    /** Closes a run: flows end, outputs complete, the injector service goes; the summary is kept. */
    private void close(ShimRun run) {
        synchronized (this) {
            if (injectorRegistration != null && current == run) {
                try {
                    injectorRegistration.unregister();
                } catch (IllegalStateException e) {
                    // gone with the bundle
                }
                injectorRegistration = null;
            }
        }
        // not under this object's lock: closing waits for the packet thread, which may be in ended()
        run.close();
        summarize(run);
    }

    /** Closes the current source; returns its summary, or null when none was open. */
    String closeCurrent() {
        ShimRun run = current;
        if (run == null || run.state() == ShimRun.State.CLOSED) {
            return null;
        }
        close(run);
        return lastSummary;
    }

    ShimRun current() {
        return current;
    }

    /** A run's summary as it stands (after close: as it ended), for the shell. */
    Summary summaryOf(ShimRun run) {
        return Summary.of(run, figures);
    }

    ShimSettings settings() {
        return settings;
    }

    boolean batch() {
        return batch;
    }

    @Deactivate
    void deactivate() {
        ShimRun run = current;
        if (run != null && run.state() != ShimRun.State.CLOSED) {
            close(run);
            if (batch) {
                // stopped before the source's end (SIGINT, a live capture): the summary is still owed
                printOnce(run);
            } else if (printed.getAndSet(run.id()) != run.id()) {
                // Weir stops (end of input, shutdown) before the source ended: its summary is owed too
                printToShell(lastSummary);
            }
        }
        reauth.close();
        try {
            session.close();
        } catch (RuntimeException e) {
            // the engine may be stopping too
        }
    }

    /** Files given relative to the shell's folder resolve against the working directory. */
    static Path path(String name) {
        return name == null ? null : Path.of(name).toAbsolutePath();
    }
}
