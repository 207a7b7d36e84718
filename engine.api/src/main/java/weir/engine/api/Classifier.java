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
     * A what-if: the decision {@link #classify} would give, with every sublayer's matching filters (allocates).
     * It changes no state: no statistics, no callout counters, times or quarantine, no net event. Callouts are
     * called as for a packet but without a flow (the metadata's flow handle is not passed on), so they get no
     * flow context and can associate none.
     */
    ClassifyTrace trace(Layer layer, IncomingValues values, Metadata metadata, LayerData layerData);
}
