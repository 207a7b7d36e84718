package weir.engine.api;

/**
 * Why a callout's flow context is deleted: the reason {@link Callout#flowDelete(Layer, int, Object, FlowEndReason)}
 * is given (Weir's addition: WFP's flowDeleteFn does not say). The first five end the flow itself; the last three
 * end only the association, the flow may go on.
 */
public enum FlowEndReason {
    /** A TCP FIN has passed both ways. */
    FIN,
    /** A TCP RST has passed. */
    RST,
    /** No packet for longer than the flow's idle timeout. */
    IDLE,
    /** The flow table was full and this flow was the oldest near a new one. */
    EVICTED,
    /** The packet source closed, or Weir stops: every open flow ends. */
    SHUTDOWN,
    /** The callout was unregistered (its bundle stopped, its service went) while the flow was open. */
    CALLOUT_REMOVED,
    /** The callout removed its own context ({@link FlowContexts#remove}). */
    CONTEXT_REMOVED,
    /** The flow was closed without a reason ({@link FlowContexts#closeFlow(long)}). */
    UNKNOWN
}
