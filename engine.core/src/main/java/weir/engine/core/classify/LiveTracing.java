package weir.engine.core.classify;

/**
 * What arms a {@link LiveTrace}: the engine's classifier, and the Classifier service in front of it (the shell
 * holds the service). Inside this bundle only.
 */
public interface LiveTracing {
    /**
     * Arms the trace; returns what disarms it.
     *
     * @throws IllegalStateException when another trace is armed (one at a time)
     */
    AutoCloseable startTrace(LiveTrace trace);
}
