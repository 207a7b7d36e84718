package weir.engine.api;

import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The run-time callout registry ({@code FwpsCalloutRegister} / {@code FwpsCalloutUnregister*}). Bundle-scoped:
 * what a bundle registers is unregistered when it stops, after its flow contexts were removed.
 */
@ProviderType
public interface CalloutRegistry {
    /** Service property naming a whiteboard callout's key (see {@link CalloutKey}). */
    String CALLOUT_KEY = "callout.key";

    /** Optional service property: the whiteboard callout's name in the runtime view. */
    String CALLOUT_NAME = "callout.name";

    /**
     * Registers a callout under a key; returns its run-time calloutId. ALREADY_EXISTS when the key is
     * registered. Filters naming the key start calling it at once; it gets no ADD_FILTER for them.
     */
    int register(UUID calloutKey, Callout callout);

    /** CALLOUT_NOT_FOUND if unknown; DEVICE_BUSY while flows hold its contexts. */
    void unregisterById(int calloutId);

    /** CALLOUT_NOT_FOUND if unknown; DEVICE_BUSY while flows hold its contexts. */
    void unregisterByKey(UUID calloutKey);
}
