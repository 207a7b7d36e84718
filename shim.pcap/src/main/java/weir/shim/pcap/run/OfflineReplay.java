package weir.shim.pcap.run;

import java.nio.file.Path;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.Classifier;
import weir.engine.api.EngineSession;
import weir.engine.api.FlowContexts;
import weir.shim.pcap.path.LocalAddresses;
import weir.shim.pcap.path.ReauthWatch;

/**
 * A whole offline replay on the calling thread, outside OSGi: what {@code --replay FILE --batch} does,
 * for tools and tests that hold an engine of their own. Opens the file and outputs, walks every packet
 * through the layers, closes (every flow ends), and returns the run for its counters and summary.
 */
public final class OfflineReplay {
    private final Classifier classifier;
    private final FlowContexts contexts;
    private final EngineSession session;
    private final CalloutRuntime callouts;
    private ShimSettings settings = ShimSettings.defaults();

    /**
     * @param session a session of the engine, for the summary's filter hits and for reauthorization on
     *            filter changes at the ALE layers; may be null
     * @param callouts the callout runtime view for the summary, or null
     */
    public OfflineReplay(Classifier classifier, FlowContexts contexts, EngineSession session,
            CalloutRuntime callouts) {
        this.classifier = classifier;
        this.contexts = contexts;
        this.session = session;
        this.callouts = callouts;
    }

    /** Bounds the flow table and sets the idle timeouts (seconds of capture time). */
    public OfflineReplay flows(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds) {
        settings = new ShimSettings(maxFlows, tcpIdleSeconds, udpIdleSeconds);
        return this;
    }

    /** What one replay did. */
    public record Result(ShimRun run, Summary summary) {
    }

    /**
     * Replays {@code file}.
     *
     * @param local {@code --local}'s list, or null (every packet inbound)
     * @param permitted the permitted output file, or null
     * @param dropped the dropped output file, or null
     * @throws IllegalArgumentException with the one line a user would see when the file cannot be read at all,
     *         an output cannot be written, or the local list is bad
     */
    public Result replay(Path file, String local, Path permitted, Path dropped) {
        ReauthWatch reauth = session == null ? new ReauthWatch() : new ReauthWatch(session);
        try {
            ShimRun run;
            try {
                run = ShimRun.open(1, new ReplaySource(file, permitted, dropped), LocalAddresses.parse(local),
                        classifier, contexts, reauth, settings);
            } catch (SourceException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            EngineFigures figures = new EngineFigures(session, callouts);
            run.runHere();
            run.close();
            return new Result(run, Summary.of(run, figures));
        } finally {
            reauth.close();
        }
    }

    /**
     * Opens a replay without running it, for callers that need the run's {@link ShimRun#injector()} (or its
     * flows) before the first packet: then {@link ShimRun#runHere()}, {@link ShimRun#close()}, and
     * {@link #summary}.
     */
    public ShimRun open(Path file, String local, Path permitted, Path dropped, ReauthWatch reauth) {
        try {
            return ShimRun.open(1, new ReplaySource(file, permitted, dropped), LocalAddresses.parse(local),
                    classifier, contexts, reauth, settings);
        } catch (SourceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The summary of a run opened with {@link #open}. */
    public Summary summary(ShimRun run) {
        return Summary.of(run, new EngineFigures(null, callouts));
    }
}
