package weir.engine.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/** The callout runtime view (a service): what is registered, shadowed, quarantined, and how it performs. */
@ProviderType
public interface CalloutRuntime {
    /** Every known callout key, registered or only described by a callout object, by key. */
    List<CalloutView> callouts();

    /**
     * Lifts a quarantine (D13) and clears the runs that lead to one (consecutive failures, consecutive calls over
     * the time budget); the other counters and the slowest calls stay. CALLOUT_NOT_FOUND if unknown.
     */
    void reset(UUID calloutKey);
}
