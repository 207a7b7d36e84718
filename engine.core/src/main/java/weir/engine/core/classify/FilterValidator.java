package weir.engine.core.classify;

import weir.engine.api.ActionType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.WfpException;

/**
 * Add-time checks of a filter that concern classification: action type, callout key, the flags that only
 * some actions allow (rule 12), weight (rule 20) and conditions (§2.2). References to other objects
 * (sublayer, provider, callout object: D12) are the management side's.
 */
public final class FilterValidator {
    private FilterValidator() {
    }

    /** @throws WfpException INVALID_ACTION_TYPE, INVALID_PARAMETER, INVALID_FLAGS, INVALID_WEIGHT, or a condition's error */
    public static void validate(Filter f) {
        String name = "filter '" + f.name() + "'";
        ActionType t = f.action().type();
        if (t != ActionType.PERMIT && t != ActionType.BLOCK && !t.isCallout()) {
            throw new WfpException(ErrorCode.INVALID_ACTION_TYPE, name + ": action " + t
                    + " is not a filter action; use PERMIT, BLOCK, CALLOUT_TERMINATING, CALLOUT_INSPECTION or CALLOUT_UNKNOWN");
        }
        if (t.isCallout() && f.action().calloutKey() == null) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER,
                    name + ": action " + t + " needs a callout key; use FilterAction." + factory(t) + "(calloutKey)");
        }
        if (f.has(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED) && t != ActionType.CALLOUT_TERMINATING
                && t != ActionType.CALLOUT_UNKNOWN) {
            throw new WfpException(ErrorCode.INVALID_FLAGS, name + ": PERMIT_IF_CALLOUT_UNREGISTERED applies to "
                    + "CALLOUT_TERMINATING and CALLOUT_UNKNOWN filters only, not " + t + "; remove the flag");
        }
        Weights.effectiveWeight(f.layer(), f.weight(), f.conditions());
        ConditionValidator.validate(f.layer(), f.name(), f.conditions());
    }

    private static String factory(ActionType t) {
        return switch (t) {
            case CALLOUT_TERMINATING -> "calloutTerminating";
            case CALLOUT_INSPECTION -> "calloutInspection";
            default -> "calloutUnknown";
        };
    }
}
