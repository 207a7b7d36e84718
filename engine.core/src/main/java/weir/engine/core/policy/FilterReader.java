package weir.engine.core.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.DisplayData;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Weight;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;

/** Reads one filter of a policy: layer, sublayer, weight, conditions ("when" or "conditions"), action, flags. */
final class FilterReader {
    private static final Set<String> MEMBERS = Set.of("key", "name", "description", "layer", "sublayer", "provider",
            "weight", "when", "conditions", "action", "flags", "persistent", "rawContext", "providerContext", "data");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final List<String> ACTIONS = List.of("PERMIT", "BLOCK", "CALLOUT_TERMINATING",
            "CALLOUT_INSPECTION", "CALLOUT_UNKNOWN");

    private final Problems problems;
    private final String text;
    private final Refs subLayers;
    private final Refs providers;
    private final Refs callouts;

    FilterReader(Problems problems, String text, Refs subLayers, Refs providers, Refs callouts) {
        this.problems = problems;
        this.text = text;
        this.subLayers = subLayers;
        this.providers = providers;
        this.callouts = callouts;
    }

    /** The filter, or null when it is too broken to build (the errors are reported). */
    Policy.Entry<Filter> read(Json node) {
        ObjectReader o = ObjectReader.of(node, "a filter", MEMBERS, problems);
        if (o == null) {
            return null;
        }
        UUID key = o.key("key", false);
        String name = o.string("name", true, "\"ssh from lan\"");
        String description = o.string("description", false, "");
        Layer layer = PolicyReader.layer(o);
        UUID subLayer = subLayers.resolve(o, "sublayer");
        UUID provider = providers.resolve(o, "provider");
        Weight weight = weight(o);
        List<Condition> conditions = layer == null ? List.of() : conditions(o, layer);
        FilterAction action = action(o, layer);
        Set<FilterFlag> flags = flags(o);
        BigInteger raw = o.integer("rawContext", BigInteger.ZERO, UINT64_MAX);
        UUID providerContext = o.key("providerContext", false);
        byte[] data = o.hex("data");
        if (layer == null || action == null) {
            return null;
        }
        Filter f = new Filter(key, new DisplayData(name == null ? "" : name, description), flags, provider, data, layer,
                subLayer, weight, conditions, action, raw == null ? 0L : raw.longValue(), providerContext, 0L, 0L);
        Map<String, Loc> at = new HashMap<>();
        for (String m : MEMBERS) {
            if (o.has(m)) {
                at.put(m, o.locOf(m));
            }
        }
        return new Policy.Entry<>(f, o.loc(), at);
    }

    private List<Condition> conditions(ObjectReader o, Layer layer) {
        if (o.has("when") && o.has("conditions")) {
            problems.add(o.nameLocOf("conditions"), "give either \"when\" or \"conditions\", not both");
            return List.of();
        }
        if (o.has("when")) {
            return ConditionReader.when(o, layer, text);
        }
        return ConditionReader.list(o, layer);
    }

    /** A number (UINT64, used as is), "auto" (FWP_EMPTY), or {"range": 0..15} (FWP_UINT8). */
    private Weight weight(ObjectReader o) {
        Json v = o.get("weight");
        if (v == null) {
            return Weight.auto();
        }
        if (v instanceof Json.Num) {
            BigInteger w = o.integer("weight", BigInteger.ZERO, UINT64_MAX);
            return w == null ? Weight.auto() : Weight.exact(w.longValue());
        }
        if (v instanceof Json.Str s && s.value().equalsIgnoreCase("auto")) {
            return Weight.auto();
        }
        if (v instanceof Json.Obj) {
            ObjectReader r = ObjectReader.of(v, "a weight range", Set.of("range"), problems);
            BigInteger n = r.integer("range", BigInteger.ZERO, BigInteger.valueOf(Weight.RANGE_MAX));
            if (!r.has("range")) {
                r.missing("range", "{\"range\": 10}");
            }
            return n == null ? Weight.auto() : Weight.range(n.intValue());
        }
        o.error("weight", "\"weight\" is a number (used as is), \"auto\", or {\"range\": 0..15}, not " + v.kind());
        return Weight.auto();
    }

    /** "PERMIT", "BLOCK", or {"type": "CALLOUT_...", "callout": key or name}. */
    private FilterAction action(ObjectReader o, Layer layer) {
        Json v = o.get("action");
        if (v == null) {
            o.missing("action", "\"PERMIT\"");
            return null;
        }
        if (v instanceof Json.Str s) {
            ActionType t = actionType(o, "action", s.value());
            if (t != null && t.isCallout()) {
                o.error("action", t + " needs a callout: write {\"type\": \"" + t + "\", \"callout\": KEY or name}");
                return null;
            }
            return t == null ? null : new FilterAction(t, null);
        }
        ObjectReader a = ObjectReader.of(v, "an action", Set.of("type", "callout"), problems);
        if (a == null) {
            return null;
        }
        String ts = a.string("type", true, "\"CALLOUT_TERMINATING\"");
        ActionType t = ts == null ? null : actionType(a, "type", ts);
        if (t == null) {
            return null;
        }
        if (!t.isCallout()) {
            if (a.has("callout")) {
                a.error("callout", t + " takes no callout; a callout needs CALLOUT_TERMINATING, CALLOUT_INSPECTION or CALLOUT_UNKNOWN");
            }
            return new FilterAction(t, null);
        }
        if (!a.has("callout")) {
            a.missing("callout", "a callout's key or name");
            return null;
        }
        UUID key = callouts.resolve(a, "callout");
        Refs.Named c = key == null ? null : callouts.byKey(key);
        if (c != null && layer != null && c.layer() != null && c.layer() != layer) {
            a.error("callout", "callout '" + c.name() + "' applies to " + c.layer() + ", but this filter is at " + layer
                    + ": use a callout object for " + layer);
        }
        return key == null ? null : new FilterAction(t, key);
    }

    private static ActionType actionType(ObjectReader o, String member, String s) {
        for (String a : ACTIONS) {
            if (a.equalsIgnoreCase(s)) {
                return ActionType.valueOf(a);
            }
        }
        o.error(member, "'" + Echo.of(s) + "' is not a filter action" + Suggest.didYouMean(s, ACTIONS) + "; actions are: "
                + String.join(", ", ACTIONS));
        return null;
    }

    /** "flags": WFP's FWPM_FILTER_FLAG_ names without the prefix; "persistent": true adds PERSISTENT. */
    private Set<FilterFlag> flags(ObjectReader o) {
        Set<FilterFlag> flags = EnumSet.noneOf(FilterFlag.class);
        if (o.bool("persistent")) {
            flags.add(FilterFlag.PERSISTENT);
        }
        List<String> names = new ArrayList<>();
        for (FilterFlag f : FilterFlag.values()) {
            if (f != FilterFlag.DISABLED) {
                names.add(f.name());
            }
        }
        for (Json j : o.list("flags")) {
            if (!(j instanceof Json.Str s)) {
                problems.add(j.loc(), "a flag is a string such as \"CLEAR_ACTION_RIGHT\", not " + j.kind());
                continue;
            }
            FilterFlag f = null;
            for (FilterFlag x : FilterFlag.values()) {
                if (x.name().equalsIgnoreCase(s.value())) {
                    f = x;
                }
            }
            if (f == FilterFlag.DISABLED) {
                problems.add(j.loc(), "DISABLED is set by the engine (an output), not by a policy");
            } else if (f == null) {
                problems.add(j.loc(), "unknown filter flag '" + Echo.of(s.value()) + "'" + Suggest.didYouMean(s.value(), names)
                        + "; flags are: " + String.join(", ", names));
            } else {
                flags.add(f);
            }
        }
        return flags;
    }
}
