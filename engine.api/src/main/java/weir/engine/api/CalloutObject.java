package weir.engine.api;

import java.util.Objects;
import java.util.UUID;

/**
 * WFP's {@code FWPM_CALLOUT0}: the management record of a callout. It and the run-time registration
 * ({@link CalloutRegistry}) are linked only by {@code calloutKey}; either may exist without the other.
 * {@code registered} (FWPM_CALLOUT_FLAG_REGISTERED) and {@code calloutId} are outputs.
 */
public record CalloutObject(UUID calloutKey, DisplayData displayData, boolean persistent,
        boolean usesProviderContext, UUID providerKey, Layer applicableLayer, boolean registered, int calloutId) {
    public CalloutObject {
        Objects.requireNonNull(calloutKey, "calloutKey");
        Objects.requireNonNull(displayData, "displayData");
        Objects.requireNonNull(applicableLayer, "applicableLayer");
    }

    public static CalloutObject of(UUID key, String name, Layer applicableLayer) {
        return new CalloutObject(key, DisplayData.of(name), false, false, null, applicableLayer, false, 0);
    }

    public String name() {
        return displayData.name();
    }

    public CalloutObject withPersistent(boolean p) {
        return new CalloutObject(calloutKey, displayData, p, usesProviderContext, providerKey, applicableLayer,
                registered, calloutId);
    }

    public CalloutObject withRuntime(boolean reg, int id) {
        return new CalloutObject(calloutKey, displayData, persistent, usesProviderContext, providerKey, applicableLayer,
                reg, id);
    }
}
