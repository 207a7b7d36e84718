package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.EnumType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;
import weir.engine.core.classify.ConditionValidator;
import weir.engine.core.classify.TemplateMatch;

/**
 * {@code FwpmFilterEnum0} with {@code FWPM_FILTER_ENUM_TEMPLATE0} (rule 34). The result is a list of
 * immutable records taken from one state, so later changes never show through it.
 *
 * <p>Weir's readings where WFP is terse:
 * <ul>
 * <li>{@code actionMask} selects a filter when its action code shares a bit with the mask ({@code 0xFFFFFFFF}
 * selects all); {@code calloutKey} narrows only when the mask contains {@code FWP_ACTION_FLAG_CALLOUT}.</li>
 * <li>Template conditions need a layer (field keys are per layer): INVALID_ENUMERATOR without one; two equal
 * template conditions are DUPLICATE_CONDITION.</li>
 * <li>BEST_TERMINATING_MATCH: among the selected filters whose conditions fully contain the template's, the
 * first in evaluation order whose action carries {@code FWP_ACTION_FLAG_TERMINATING} (PERMIT, BLOCK,
 * CALLOUT_TERMINATING). CALLOUT_UNKNOWN lacks that flag — it may return CONTINUE — so it is not a terminating
 * match. Without a layer in the template the answer is one filter per layer (arbitration is per layer).</li>
 * <li>Unsorted results come in the order the filters were added (ascending filterId).</li>
 * </ul>
 */
final class FilterEnumerator {
    private FilterEnumerator() {
    }

    /** Checks a template once, before it is used to enumerate or to subscribe. */
    static void validate(FilterEnumTemplate t) {
        if (t == null) {
            return;
        }
        if (!t.conditions().isEmpty()) {
            if (t.layer() == null) {
                throw new WfpException(ErrorCode.INVALID_ENUMERATOR, "enumeration template: " + t.conditions().size()
                        + " conditions but no layer; condition fields belong to a layer: set the template's layer");
            }
            Set<Condition> seen = new HashSet<>();
            for (Condition c : t.conditions()) {
                if (!seen.add(c)) {
                    throw new WfpException(ErrorCode.DUPLICATE_CONDITION,
                            "enumeration template: condition " + c + " appears twice; give each condition once");
                }
            }
            try {
                ConditionValidator.validate(t.layer(), "enumeration template", t.conditions());
            } catch (WfpException e) {
                // the validator speaks of filters; here it checked a template
                throw new WfpException(e.error(), e.getMessage().substring(e.error().name().length() + 2)
                        .replace("filter 'enumeration template'", "enumeration template"), e);
            }
        }
    }

    /** Whether a template selects a filter (everything but SORTED and BEST_TERMINATING_MATCH). */
    static Predicate<Filter> selector(FilterEnumTemplate t) {
        if (t == null) {
            return f -> true;
        }
        return f -> selectsIgnoringConditions(t, f) && conditionsSelect(t, f);
    }

    static List<Filter> enumerate(Draft view, FilterEnumTemplate t) {
        FilterEnumTemplate template = t == null ? FilterEnumTemplate.all() : t;
        validate(template);
        List<Filter> out = new ArrayList<>();
        if (template.layer() != null) {
            for (Stored<Filter> s : view.filtersOf(template.layer())) {
                out.add(s.object());
            }
        } else {
            for (Stored<Filter> s : view.filters.values()) {
                out.add(s.object());
            }
        }
        Map<UUID, SubLayer> subLayers = new HashMap<>();
        for (Stored<SubLayer> s : view.subLayers.values()) {
            subLayers.put(s.object().subLayerKey(), s.object());
        }
        if (template.bestTerminatingMatch()) {
            return best(template, out, subLayers);
        }
        out.removeIf(f -> !selectsIgnoringConditions(template, f) || !conditionsSelect(template, f));
        out.sort(template.sorted() ? EvaluationOrder.filters(subLayers) : EvaluationOrder.BY_ID);
        return List.copyOf(out);
    }

    private static List<Filter> best(FilterEnumTemplate t, List<Filter> candidates, Map<UUID, SubLayer> subLayers) {
        candidates.removeIf(f -> !selectsIgnoringConditions(t, f) || !isTerminating(f.action().type())
                || !TemplateMatch.fullyContains(f.layer(), f.conditions(), t.conditions()));
        candidates.sort(EvaluationOrder.filters(subLayers));
        List<Filter> out = new ArrayList<>();
        Set<Layer> done = EnumSet.noneOf(Layer.class);
        for (Filter f : candidates) {
            if (done.add(f.layer())) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    static boolean isTerminating(ActionType type) {
        return (type.code() & ActionType.FLAG_TERMINATING) != 0;
    }

    private static boolean selectsIgnoringConditions(FilterEnumTemplate t, Filter f) {
        if (t.layer() != null && f.layer() != t.layer()) {
            return false;
        }
        if (t.providerKey() != null && !t.providerKey().equals(f.providerKey())) {
            return false;
        }
        if (t.subLayerKey() != null && !t.subLayerKey().equals(f.subLayerKey())) {
            return false;
        }
        int code = f.action().type().code();
        if ((code & t.actionMask()) == 0) {
            return false;
        }
        if ((t.actionMask() & ActionType.FLAG_CALLOUT) != 0 && t.calloutKey() != null) {
            return t.calloutKey().equals(f.action().calloutKey());
        }
        return true;
    }

    private static boolean conditionsSelect(FilterEnumTemplate t, Filter f) {
        if (t.conditions().isEmpty()) {
            return true;
        }
        return t.enumType() == EnumType.FULLY_CONTAINED
                ? TemplateMatch.fullyContains(f.layer(), f.conditions(), t.conditions())
                : TemplateMatch.overlaps(f.layer(), f.conditions(), t.conditions());
    }
}
