package weir.engine.api;

import java.util.Objects;
import java.util.UUID;

/**
 * WFP's {@code FWPM_ACTION0}: the action type and, for the callout types, the key of the callout to call.
 * Only BLOCK, PERMIT and the three callout types are valid on a filter (INVALID_ACTION_TYPE otherwise).
 */
public record FilterAction(ActionType type, UUID calloutKey) {
    public FilterAction {
        Objects.requireNonNull(type, "type");
    }

    public static FilterAction permit() {
        return new FilterAction(ActionType.PERMIT, null);
    }

    public static FilterAction block() {
        return new FilterAction(ActionType.BLOCK, null);
    }

    public static FilterAction calloutTerminating(UUID calloutKey) {
        return new FilterAction(ActionType.CALLOUT_TERMINATING, Objects.requireNonNull(calloutKey, "calloutKey"));
    }

    public static FilterAction calloutInspection(UUID calloutKey) {
        return new FilterAction(ActionType.CALLOUT_INSPECTION, Objects.requireNonNull(calloutKey, "calloutKey"));
    }

    public static FilterAction calloutUnknown(UUID calloutKey) {
        return new FilterAction(ActionType.CALLOUT_UNKNOWN, Objects.requireNonNull(calloutKey, "calloutKey"));
    }

    @Override
    public String toString() {
        return calloutKey == null ? type.name() : type.name() + " " + calloutKey;
    }
}
