package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Flows and their callout contexts ({@code FwpsFlowAssociateContext0} / {@code FwpsFlowRemoveContext0}). The
 * engine keeps the flow table; a shim opens a flow when it first sees one and closes it when it ends, and
 * closing calls {@link Callout#flowDelete} once for every context still associated.
 */
@ProviderType
public interface FlowContexts {
    /** A new flow; the handle goes into {@link Metadata#setFlowHandle}. Never 0. */
    long openFlow();

    /** The flow ended: every associated context gets its flowDelete, exactly once. Unknown handles are ignored. */
    void closeFlow(long flowHandle);

    /**
     * Associates {@code context} with a flow for the callout {@code calloutId} called at {@code layer}.
     * OBJECT_NAME_EXISTS if that callout already has a context there; INVALID_PARAMETER for a null context or
     * a callout without flowDelete; NOT_FOUND for an unknown flow; CALLOUT_NOT_FOUND for an unknown callout.
     */
    void associate(long flowHandle, Layer layer, int calloutId, Object context);

    /** Removes an association and calls flowDelete for it; NOT_FOUND if there is none. */
    void remove(long flowHandle, Layer layer, int calloutId);

    /** The context of a callout on a flow at a layer, or null. */
    Object context(long flowHandle, Layer layer, int calloutId);

    /** Flows currently open. */
    int openFlows();
}
