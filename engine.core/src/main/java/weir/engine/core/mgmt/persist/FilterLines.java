package weir.engine.core.mgmt.persist;

import java.util.UUID;

import weir.engine.api.ActionType;
import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.MatchType;
import weir.engine.api.Weight;

/** A filter's line in the engine store (see {@link StoreCodec} for the format). */
final class FilterLines {
    private FilterLines() {
    }

    static void encode(StringBuilder sb, Filter f) {
        StringBuilder conditions = new StringBuilder();
        for (Condition c : f.conditions()) {
            conditions.append("\tcondition=").append(Text.escape(condition(c)));
        }
        StoreCodec.line(sb, "filter", "key", f.filterKey(), "name", f.displayData().name(), "description",
                f.displayData().description(), "flags", FilterFlag.mask(f.flags()), "provider", f.providerKey(), "data",
                Text.hex(f.providerData()), "layer", f.layer().name(), "sublayer", f.subLayerKey(), "weight",
                weight(f.weight()), "action", action(f.action()), "rawContext", f.rawContext(), "providerContext",
                f.providerContextKey(), "id", f.filterId());
        // the conditions go at the end of the line, before its newline
        sb.insert(sb.length() - 1, conditions);
    }

    static Filter decode(StoreCodec.Fields f) throws StoreFormatException {
        return new Filter(f.key("key"), StoreCodec.display(f), FilterFlag.of(f.integer("flags")),
                f.optionalKey("provider"), f.hex("data"), f.layer("layer"), f.key("sublayer"), weight(f.raw("weight")),
                f.conditions(), action(f.raw("action")), f.longValue("rawContext"), f.optionalKey("providerContext"),
                f.longValue("id"), 0L);
    }

    /** {@code FIELD MATCH value}. */
    static String condition(Condition c) {
        return c.field().name() + " " + c.matchType().name() + " " + ValueCodec.encode(c.value());
    }

    static Condition condition(String text) throws StoreFormatException {
        String[] p = text.split(" ");
        if (p.length != 3) {
            throw new StoreFormatException("condition '" + text + "' is not FIELD MATCH VALUE");
        }
        try {
            return new Condition(Field.valueOf(p[0]), MatchType.valueOf(p[1]), ValueCodec.decode(p[2]));
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("condition '" + text + "': unknown field or match type");
        }
    }

    private static String weight(Weight w) {
        if (w instanceof Weight.Exact e) {
            return "exact:" + Long.toUnsignedString(e.value());
        } else if (w instanceof Weight.InRange r) {
            return "range:" + r.range();
        }
        return "auto";
    }

    private static Weight weight(String s) throws StoreFormatException {
        try {
            if (s.equals("auto")) {
                return Weight.auto();
            } else if (s.startsWith("exact:")) {
                return Weight.exact(Long.parseUnsignedLong(s.substring(6)));
            } else if (s.startsWith("range:")) {
                return Weight.range(Integer.parseInt(s.substring(6)));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new StoreFormatException("weight '" + s + "' is not auto, exact:N or range:N");
    }

    private static String action(FilterAction a) {
        return a.calloutKey() == null ? a.type().name() : a.type().name() + ":" + a.calloutKey();
    }

    private static FilterAction action(String s) throws StoreFormatException {
        int colon = s.indexOf(':');
        try {
            ActionType type = ActionType.valueOf(colon < 0 ? s : s.substring(0, colon));
            UUID callout = colon < 0 ? null : UUID.fromString(s.substring(colon + 1));
            return new FilterAction(type, callout);
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("action '" + s + "' is not TYPE or TYPE:calloutKey");
        }
    }
}
