package weir.engine.core.expr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * Prints filter conditions in the expression language, so what the shell shows can be pasted back.
 *
 * <p>Canonical form: one group per field, groups in the layer's schema order (fields the layer lacks
 * last, in {@link Field} order), each group's conditions in their original order. Consecutive EQUAL and
 * RANGE conditions of a group print as one {@code in} list; the rest are joined with {@code or}, in
 * parentheses when there are other groups. In a filter that matches only ICMP or ICMPv6, the port
 * fields print as {@code icmp.type} and {@code icmp.code} (WFP carries them there). For every list
 * {@code c} the engine can hold, {@code ConditionParser.parse(layer, print(layer, c))} equals
 * {@code canonical(layer, c)}.
 */
public final class ConditionPrinter {
    private ConditionPrinter() {
    }

    /** The conditions as an expression; "" for none (matches everything). */
    public static String print(Layer layer, List<Condition> conditions) {
        Map<Field, List<Condition>> groups = new LinkedHashMap<>();
        for (Condition c : canonical(layer, conditions)) {
            groups.computeIfAbsent(c.field(), f -> new ArrayList<>()).add(c);
        }
        boolean icmp = icmpOnly(groups.get(Field.IP_PROTOCOL));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Field, List<Condition>> g : groups.entrySet()) {
            List<String> alternatives = group(layer, g.getKey(), g.getValue(), icmp);
            String s = String.join(" or ", alternatives);
            parts.add(alternatives.size() > 1 && groups.size() > 1 ? "(" + s + ")" : s);
        }
        return String.join(" and ", parts);
    }

    /** The conditions sorted by their field's place in the layer's schema; stable within a field. */
    public static List<Condition> canonical(Layer layer, List<Condition> conditions) {
        List<Condition> l = new ArrayList<>(conditions);
        l.sort(Comparator.comparingInt(c -> rank(layer, c.field())));
        return List.copyOf(l);
    }

    private static int rank(Layer layer, Field f) {
        int i = layer.indexOf(f);
        return i >= 0 ? i : layer.fields().size() + f.ordinal();
    }

    /**
     * True when the filter only matches ICMP or ICMPv6: then its port fields hold ICMP type and code (WFP
     * reuses the slots) and print as {@code icmp.type} / {@code icmp.code}, which read back to the same fields.
     */
    private static boolean icmpOnly(List<Condition> protocol) {
        if (protocol == null) {
            return false;
        }
        for (Condition c : protocol) {
            boolean icmp = c.value() instanceof Value.UInt8 u && (u.value() == 1 || u.value() == 58);
            if (c.matchType() != MatchType.EQUAL || !icmp) {
                return false;
            }
        }
        return true;
    }

    /** The alternatives of one field's group. */
    private static List<String> group(Layer layer, Field field, List<Condition> conds, boolean icmp) {
        String name = FieldNames.nameOf(layer, field);
        if (icmp && field == Field.IP_LOCAL_PORT) {
            name = "icmp.type";
        } else if (icmp && field == Field.IP_REMOTE_PORT) {
            name = "icmp.code";
        }
        List<String> out = new ArrayList<>();
        List<Condition> run = new ArrayList<>();
        for (Condition c : conds) {
            if (c.matchType() == MatchType.EQUAL || c.matchType() == MatchType.RANGE) {
                run.add(c);
            } else {
                flush(layer, name, run, out);
                out.add(name + " " + operator(c.matchType()) + " " + value(layer, c));
            }
        }
        flush(layer, name, run, out);
        return out;
    }

    private static void flush(Layer layer, String name, List<Condition> run, List<String> out) {
        if (run.isEmpty()) {
            return;
        }
        if (run.size() == 1 && run.get(0).matchType() == MatchType.EQUAL) {
            out.add(name + " == " + value(layer, run.get(0)));
        } else {
            List<String> items = new ArrayList<>();
            for (Condition c : run) {
                items.add(value(layer, c));
            }
            out.add(name + " in " + String.join(",", items));
        }
        run.clear();
    }

    private static String value(Layer layer, Condition c) {
        return ValueFormatter.format(layer, c.field(), c.matchType(), c.value());
    }

    /** The operator that reads back as this match type (RANGE and EQUAL lists print as {@code in}). */
    public static String operator(MatchType m) {
        return switch (m) {
            case EQUAL -> "==";
            case NOT_EQUAL -> "!=";
            case LESS -> "<";
            case GREATER -> ">";
            case LESS_OR_EQUAL -> "<=";
            case GREATER_OR_EQUAL -> ">=";
            case RANGE -> "in";
            case FLAGS_ALL_SET -> "has";
            case FLAGS_ANY_SET -> "has any";
            case FLAGS_NONE_SET -> "has none";
            case EQUAL_CASE_INSENSITIVE -> "ieq";
            case PREFIX -> "endswith";
            case NOT_PREFIX -> "not endswith";
        };
    }
}
