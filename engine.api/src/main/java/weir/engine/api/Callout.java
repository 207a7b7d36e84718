package weir.engine.api;

import java.util.Set;
import java.util.UUID;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A callout (WFP's {@code FWPS_CALLOUT}: classifyFn, notifyFn, flowDeleteFn): code that a filter with a
 * CALLOUT_* action hands matching packets to. Register one with {@link CalloutRegistry#register}, or
 * publish it as an OSGi service with the property {@code callout.key=<GUID>} and the engine registers it.
 *
 * <p>Contract: {@link #classify} runs on the packet path, concurrently from several threads; it should be
 * fast and must not block. An exception is caught, counted and treated as if the callout were not
 * registered (D13); repeated failures quarantine the callout.
 */
@ConsumerType
public interface Callout {

    /** The callout's flags (CONDITIONAL_ON_FLOW, ENABLE_COMMIT_ADD_NOTIFY, ...). */
    default Set<CalloutFlag> flags() {
        return Set.of();
    }

    /**
     * Called for each packet that matched all conditions of a filter naming this callout.
     *
     * @param filter the filter (its run-time view), including its raw or provider context
     * @param flowContext the context this callout associated with the packet's flow, or null
     * @param out on entry the decision so far and the rights; set the action (and flags) here
     */
    void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter, Object flowContext,
            ClassifyOut out);

    /**
     * A filter naming this callout is added or deleted. Return false from ADD_FILTER to refuse the filter.
     * Filters that existed before this callout registered get no ADD_FILTER.
     */
    default boolean notify(NotifyType type, UUID filterKey, Filter filter) {
        return true;
    }

    /**
     * The engine registered this callout under {@code calloutId} (the out parameter of WFP's
     * FwpsCalloutRegister). A whiteboard callout learns its id here, to associate flow contexts with
     * {@link FlowContexts#associate}. Called before the first classify.
     */
    default void registered(int calloutId) {
    }

    /**
     * A flow that carries a context of this callout ended (or the context was removed): release it. Called
     * exactly once per association. A callout that associates flow contexts must override this, or the
     * variant with the reason.
     */
    default void flowDelete(Layer layer, int calloutId, Object flowContext) {
    }

    /**
     * {@link #flowDelete(Layer, int, Object)} with the reason the association ends (Weir's addition, for callouts
     * that report on flows). The engine calls this one; by default it calls the three-argument form. Override
     * one of the two, not both.
     */
    default void flowDelete(Layer layer, int calloutId, Object flowContext, FlowEndReason reason) {
        flowDelete(layer, calloutId, flowContext);
    }
}
