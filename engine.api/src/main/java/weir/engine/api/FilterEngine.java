package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The filter engine's management side (WFP's {@code FwpmEngineOpen0}): a service. Each caller opens its own
 * sessions; a session opened through this service is closed when the calling bundle stops.
 */
@ProviderType
public interface FilterEngine {
    /** Opens a session ({@code FwpmEngineOpen0}). */
    EngineSession open(SessionOptions options);
}
