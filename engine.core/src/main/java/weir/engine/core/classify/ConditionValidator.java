package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.Layer;

/** Add-time validation of a filter's conditions (spec §2.2): field in layer, types, match types, masks, ranges. */
public final class ConditionValidator {
    private ConditionValidator() {
    }

    /**
     * @throws weir.engine.api.WfpException CONDITION_NOT_FOUND (field not in the layer), TYPE_MISMATCH,
     *         MATCH_TYPE_MISMATCH, INVALID_NET_MASK, INVALID_RANGE, NOT_SUPPORTED (SID/SD), with a one-line
     *         message naming the filter, the condition's position and field, and the fix
     */
    public static void validate(Layer layer, String filterName, List<Condition> conditions) {
        throw new UnsupportedOperationException("TODO");
    }
}
