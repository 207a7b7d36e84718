package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The run-time side ({@code FwpsClassify*}, what a shim calls): classify one packet at one layer. Takes no
 * lock and allocates nothing; reads the layer's current snapshot, so a packet sees the filters as they were
 * before or after a transaction, never a mix. Thread-safe; each thread uses its own
 * {@link IncomingValues}, {@link Metadata} and {@link Verdict}.
 */
@ProviderType
public interface Classifier {

    /** A reusable, all-EMPTY value set for a layer. */
    IncomingValues newIncomingValues(Layer layer);

    /** A reusable, empty metadata object. */
    Metadata newMetadata();

    /** A reusable result object. */
    Verdict newVerdict();

    /**
     * Runs arbitration (spec §4 with D1–D13) over the layer's sublayers and matching filters, calling
     * callouts where filters say so, and writes the decision into {@code out}.
     *
     * @param layerData the packet, or null when there is none (what-if)
     */
    void classify(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData, Verdict out);

    /**
     * Classifies at a layer that holds no filter, without the packet's values: a shim asks this first and fills
     * the values only when it answers false (WFP's shims ask {@code KfdIsLayerEmpty} before they classify). When
     * the layer has no enabled filter, its default action is PERMIT, no CLASSIFY_ALLOW events are collected and
     * no live trace is armed, the decision can only be D2's PERMIT with reason {@code NO_MATCH} and filter 0: it
     * is written into {@code out} and counted exactly as {@link #classify} counts it (the layer's statistics,
     * the flow's ALE decision for {@link FlowContexts#aleDecision}), and the answer is true. Otherwise nothing
     * is written or counted and the answer is false. A transaction committed meanwhile is seen or not, as by
     * {@link #classify}. Takes no lock and allocates nothing.
     *
     * @param flowHandle the packet's flow handle at a layer with flows, else 0
     * @return true when the packet was classified here; false when the caller must call {@link #classify}
     * @since 1.4
     */
    default boolean classifyIfEmpty(Layer layer, long flowHandle, Verdict out) {
        return false;
    }

    /**
     * A what-if: the decision {@link #classify} would give, with every sublayer's matching filters (allocates).
     * It changes no state: no statistics, no callout counters, times or quarantine, no net event. Callouts are
     * called as for a packet but without a flow (the metadata's flow handle is not passed on), so they get no
     * flow context and can associate none.
     */
    ClassifyTrace trace(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData);
}
