package weir.shim.pcap.run;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import weir.engine.api.Classifier;
import weir.engine.api.FlowContexts;
import weir.shim.pcap.flow.FlowTracker;
import weir.shim.pcap.path.LocalAddresses;
import weir.shim.pcap.path.PacketPath;
import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ReauthWatch;
import weir.shim.pcap.path.ShimCounters;
import weir.shim.pcap.path.ShimInjector;

/**
 * One source's life: its packet thread, flow table, counters and injector. Opened on the caller's thread (a
 * bad file or interface is reported at once), run on a thread of its own (or the caller's, in tests), and
 * closed once: the source stops, every flow still open ends (its callouts' flowDelete runs), the outputs are
 * completed.
 */
public final class ShimRun {
    /** Where a run is. */
    public enum State {
        OPEN,
        RUNNING,
        /** The source reached its end (a replayed file); flows stay open until the run is closed. */
        FINISHED,
        /** The source failed while running: see {@link ShimRun#failure()}. */
        FAILED,
        CLOSED
    }

    private final Source source;
    private final LocalAddresses local;
    private final ShimCounters counters = new ShimCounters();
    private final FlowTracker flows;
    private final ReauthWatch reauth;
    private final ShimInjector injector;
    private final PacketProcessor processor;
    private final long id;
    private volatile State state = State.OPEN;
    private volatile boolean closing;
    private volatile String failure;
    private volatile long startNanos;
    private volatile long endNanos;
    /** The JVM's uptime when reading began: how long Weir took from {@code java} to its first packet. */
    /** System.nanoTime() when reading began, 0 before: the JVM's uptime then is worked out when asked. */
    private volatile long readingBeganNanos;
    private Thread thread;

    ShimRun(long id, Source source, LocalAddresses local, Classifier classifier, FlowContexts contexts,
            ReauthWatch reauth, ShimSettings settings) {
        this.id = id;
        this.source = source;
        this.local = local;
        this.reauth = reauth;
        this.flows = new FlowTracker(contexts, settings.maxFlows(), settings.tcpIdleSeconds(),
                settings.udpIdleSeconds());
        this.injector = source.canInject() ? new ShimInjector() : null;
        PacketPath path = new PacketPath(classifier, flows, reauth, counters);
        this.processor = new PacketProcessor(path, counters, local, injector, source.output());
    }

    /** Opens the source (and its outputs); a SourceException's message is the line to show. */
    static ShimRun open(long id, Source source, LocalAddresses local, Classifier classifier, FlowContexts contexts,
            ReauthWatch reauth, ShimSettings settings) throws SourceException {
        ShimRun run = new ShimRun(id, source, local, classifier, contexts, reauth, settings);
        source.open(run.counters);
        return run;
    }

    /** Runs the source on a thread of its own once {@code gate} has run (tests: the gate always opens). */
    void start(Runnable gate, Consumer<ShimRun> done) {
        startAfter(() -> {
            gate.run();
            return true;
        }, done);
    }

    /**
     * Runs the source on a thread of its own.
     *
     * @param gate runs first on that thread (waits until the framework is up); false: Weir did not start, and
     *     the source is not read at all
     * @param done runs on that thread when the source ended, failed or was stopped
     */
    void startAfter(BooleanSupplier gate, Consumer<ShimRun> done) {
        thread = new Thread(() -> {
            if (gate.getAsBoolean()) {
                runHere();
            } else {
                failure = source.describe() + ": not read: Weir did not finish starting";
                state = State.FAILED;
            }
            done.accept(this);
        }, "weir-shim-" + source.mode() + "-" + id);
        thread.setDaemon(true);
        if (injector != null) {
            injector.setOwner(thread);
        }
        thread.start();
    }

    /** Runs the source on the calling thread until its end or {@link #close}. */
    public void runHere() {
        if (injector != null && thread == null) {
            injector.setOwner(Thread.currentThread());
        }
        startNanos = System.nanoTime();
        // not the management bean here: loading java.management costs the first packet tens of milliseconds
        readingBeganNanos = System.nanoTime();
        state = State.RUNNING;
        try {
            source.run(processor);
            if (state == State.RUNNING) {
                state = State.FINISHED;
            }
        } catch (SourceException e) {
            failure = e.getMessage();
            state = State.FAILED;
        } catch (RuntimeException | LinkageError e) {
            failure = source.describe() + ": the source failed (" + e + ")";
            state = State.FAILED;
        } finally {
            endNanos = System.nanoTime();
        }
    }

    /**
     * Stops the source, waits for its thread, ends every open flow and completes the outputs. Idempotent;
     * safe from the packet thread itself (then it does not wait for itself).
     */
    public void close() {
        closing = true;
        source.stop();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            if (endNanos == 0 && startNanos != 0) {
                endNanos = System.nanoTime();
            }
            flows.closeAll();
            source.close();
            state = State.CLOSED;
        }
    }

    /** Waits for the packet thread to end (tests; batch runs wait through the done callback). */
    public void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }

    /** True once {@link #close} was called. */
    public boolean closing() {
        return closing;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    Source source() {
        return source;
    }

    public String mode() {
        return source.mode();
    }

    public String describe() {
        return source.describe();
    }

    public LocalAddresses local() {
        return local;
    }

    public ShimCounters counters() {
        return counters;
    }

    public FlowTracker flows() {
        return flows;
    }

    public ReauthWatch reauth() {
        return reauth;
    }

    /** The run's injector, or null when its source cannot send (monitor). */
    public ShimInjector injector() {
        return injector;
    }

    /**
     * Seconds from the JVM's start to the first packet read (framework, bundles, policy import, start gate), or
     * -1 before reading began or when the JVM does not say.
     */
    public double startSeconds() {
        long began = readingBeganNanos;
        if (began == 0) {
            return -1;
        }
        long uptime = uptimeMillis();
        return uptime < 0 ? -1 : (uptime - (System.nanoTime() - began) / 1_000_000L) / 1e3;
    }

    private static long uptimeMillis() {
        try {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        } catch (RuntimeException | LinkageError e) {
            return -1; // no management support in this runtime: the figure is left out
        }
    }

    /** Seconds from the start of reading to its end (or to now while running). */
    public double elapsedSeconds() {
        long start = startNanos;
        if (start == 0) {
            return 0;
        }
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - start) / 1e9;
    }
}
