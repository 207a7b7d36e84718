package weir.engine.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.core.expr.ConditionParser;
import weir.engine.core.expr.ExpressionException;
import weir.engine.core.expr.FieldNames;
import weir.engine.core.expr.MatchRules;
import weir.engine.core.expr.Echo;
import weir.engine.core.expr.Suggest;
import weir.engine.core.expr.ValueException;
import weir.engine.core.expr.ValueReader;

/**
 * A filter's conditions: {@code "when"} in the expression language (errors point into the string), or
 * {@code "conditions"}, a list of {@code {"field", "match", "value"}} with WFP's names.
 */
final class ConditionReader {
    private static final Set<String> MEMBERS = Set.of("field", "match", "value");

    private ConditionReader() {
    }

    static List<Condition> when(ObjectReader o, Layer layer, String text) {
        String s = o.string("when", false, "");
        if (s == null) {
            return List.of();
        }
        if (s.isBlank()) {
            // an empty "when" reads like a forgotten expression, but would match every packet
            o.error("when", "\"when\" is empty: it would match every packet; write the conditions, or leave "
                    + "\"when\" out to match every packet");
            return List.of();
        }
        try {
            return ConditionParser.parse(layer, s);
        } catch (ExpressionException e) {
            o.problems().add(PolicyFile.inString(text, o.locOf("when"), e.column() - 1), e.detail());
            return List.of();
        }
    }

    static List<Condition> list(ObjectReader o, Layer layer) {
        List<Condition> out = new ArrayList<>();
        for (Json j : o.list("conditions")) {
            Condition c = condition(j, layer, o.problems());
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static Condition condition(Json j, Layer layer, Problems problems) {
        ObjectReader c = ObjectReader.of(j, "a condition", MEMBERS, problems);
        if (c == null) {
            return null;
        }
        Field field = field(c, layer);
        MatchType match = match(c);
        if (!c.has("value")) {
            c.missing("value", "\"value\": 443");
            return null;
        }
        if (field == null || match == null) {
            return null;
        }
        String name = field.name();
        Value v;
        try {
            v = value(c.get("value"), layer, field, match);
        } catch (Located e) {
            problems.add(e.loc, e.getMessage());
            return null;
        }
        String why = MatchRules.check(layer, field, name, match, match.name(), v);
        if (why != null) {
            c.error(c.has("match") ? "match" : "value", why);
            return null;
        }
        return new Condition(field, match, v);
    }

    private static Field field(ObjectReader c, Layer layer) {
        String s = c.string("field", true, "\"IP_REMOTE_PORT\"");
        if (s == null) {
            return null;
        }
        List<String> here = new ArrayList<>();
        for (Field f : layer.fields()) {
            here.add(f.name());
        }
        Field f = FieldNames.byEnumName(s);
        if (f == null) {
            String hint = Suggest.didYouMean(s, here);
            c.error("field", "unknown field '" + Echo.of(s) + "' at " + layer + (hint.isEmpty()
                    ? "; its fields are: " + String.join(", ", here) : hint));
            return null;
        }
        Field at = FieldNames.atLayer(layer, f, false);
        if (at == null) {
            c.error("field", f + " is not a field of " + layer + "; its fields are: " + String.join(", ", here));
        }
        return at;
    }

    /** WFP's FWP_MATCH_ name without the prefix; EQUAL when absent. */
    private static MatchType match(ObjectReader c) {
        String s = c.string("match", false, "");
        if (s == null) {
            return c.has("match") ? null : MatchType.EQUAL;
        }
        List<String> names = new ArrayList<>();
        for (MatchType m : MatchType.values()) {
            names.add(m.name());
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        c.error("match", "unknown match type '" + Echo.of(s) + "'" + Suggest.didYouMean(s, names) + "; match types are: "
                + String.join(", ", names));
        return null;
    }

    /** {"low": L, "high": H} for RANGE; otherwise one value. */
    private static Value value(Json v, Layer layer, Field field, MatchType match) {
        if (match == MatchType.RANGE) {
            if (!(v instanceof Json.Obj o) || o.member("low") == null || o.member("high") == null
                    || o.members().size() != 2) {
                throw new Located(v.loc(), "RANGE takes \"value\": {\"low\": L, \"high\": H} (both ends included)");
            }
            return Value.range(one(o.member("low").value(), layer, field), one(o.member("high").value(), layer, field));
        }
        if (v instanceof Json.Obj) {
            throw new Located(v.loc(), "{\"low\", \"high\"} is a RANGE value: set \"match\": \"RANGE\"");
        }
        return one(v, layer, field);
    }

    /**
     * One value: a number; a string in the field's natural form (address with optional /prefix, protocol,
     * flag names joined by '|', "0x.." hex bytes, the text of a string or app id); null for EMPTY.
     */
    private static Value one(Json v, Layer layer, Field field) {
        DataType t = layer.typeOf(field);
        ValueReader.Literal lit;
        if (v instanceof Json.Null) {
            return Value.empty();
        } else if (v instanceof Json.Num n) {
            lit = ValueReader.Literal.word(n.text());
        } else if (v instanceof Json.Str s) {
            boolean text = t == DataType.UNICODE_STRING || t == DataType.BYTE_BLOB && !s.value().matches("0[xX][0-9a-fA-F]*");
            lit = text ? ValueReader.Literal.string(s.value()) : ValueReader.Literal.word(s.value());
        } else {
            throw new Located(v.loc(), "a condition value is a number, a string, null (EMPTY) or {\"low\", \"high\"} "
                    + "for RANGE, not " + v.kind());
        }
        try {
            return ValueReader.read(layer, field, field.name(), lit);
        } catch (ValueException e) {
            throw new Located(v.loc(), e.getMessage());
        }
    }

    /** A value error that knows where in the file it is. */
    private static final class Located extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Loc loc;

        Located(Loc loc, String message) {
            super(message);
            this.loc = loc;
        }
    }
}
