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
     * {@link #closeFlow(long)}, saying why the flow ended: each flowDelete gets the reason. A shim that knows it
     * calls this one.
     */
    default void closeFlow(long flowHandle, FlowEndReason reason) {
        closeFlow(flowHandle);
    }

    /**
     * The flow's ALE decision: the latest classification at the flow's ALE_AUTH_CONNECT or ALE_AUTH_RECV_ACCEPT
     * layer (its first packet, or a reauthorization), or a BLOCK at ALE_FLOW_ESTABLISHED; what WFP reports in its
     * allow and drop audit events. Null before the first, or when the flow is unknown. Answers inside flowDelete
     * too, so a callout can report it when a flow ends. Allocates: call it once per flow, not per packet.
     */
    default Decision aleDecision(long flowHandle) {
        return null;
    }

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
