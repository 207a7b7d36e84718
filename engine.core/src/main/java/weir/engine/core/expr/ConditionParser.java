package weir.engine.core.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;

/**
 * Reads a condition expression into WFP filter conditions for one layer, e.g.
 * {@code protocol == tcp and local.port == 22 and remote.addr == 10.0.0.0/8}.
 *
 * <p>WFP's conditions are an AND of per-field groups, each group an OR of tests of that one field (D5). So
 * {@code and} joins tests of different fields, {@code or} joins tests of one field, and a {@code not}
 * negates one test (WinDivert's rule: the comparison is inverted, so a test of a field the packet lacks
 * stays false, rule 35). Everything else (OR across fields, AND within a field, NOT over a group,
 * {@code true}/{@code false}) is refused with the reason. The conditions come out in the canonical order
 * of {@link ConditionPrinter#canonical}.
 */
public final class ConditionParser {
    private static final String SPLIT = "split it into several filters, one per alternative";

    private ConditionParser() {
    }

    /**
     * @return the conditions; none for an empty expression (a filter that matches everything)
     * @throws ExpressionException with the column and the reason
     */
    public static List<Condition> parse(Layer layer, String text) {
        try {
            return parseChecked(layer, text);
        } catch (StackOverflowError e) {
            // a backstop only: the parser limits nesting (ExprParser.MAX_DEPTH) far below what a stack holds
            throw new ExpressionException(1, "the expression nests too deeply to be read; remove the extra nesting");
        }
    }

    private static List<Condition> parseChecked(Layer layer, String text) {
        List<Lexer.Token> tokens = Lexer.tokens(text);
        if (tokens.size() == 1) {
            return List.of();
        }
        Expr e = new ExprParser(layer, tokens).parse();
        Map<Field, Group> groups = new LinkedHashMap<>();
        for (Group g : conjuncts(e)) {
            Group first = groups.get(g.field);
            if (first != null) {
                throw new ExpressionException(g.col, g.name + " is tested again here (first at col " + first.col
                        + "), joined by 'and': WFP ORs all conditions on one field (D5), so this would match either test; "
                        + "write one test (a range: " + g.name + " in LOW..HIGH) or " + SPLIT);
            }
            groups.put(g.field, g);
        }
        List<Condition> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.addAll(g.conditions);
        }
        return ConditionPrinter.canonical(layer, out);
    }

    /** The conditions of one field, OR-ed; {@code col} is where its first test starts. */
    private record Group(Field field, String name, List<Condition> conditions, int col) {
    }

    /** The AND-ed groups of an expression. */
    private static List<Group> conjuncts(Expr e) {
        List<Group> out = new ArrayList<>();
        if (e instanceof Expr.And a) {
            for (Expr p : a.parts()) {
                out.addAll(conjuncts(p));
            }
        } else if (e instanceof Expr.Or o) {
            out.add(orGroup(o));
        } else {
            out.add(single(e));
        }
        return out;
    }

    /** A test, a negated test or a constant as a group of its own. */
    private static Group single(Expr e) {
        if (e instanceof Expr.Test t) {
            return new Group(t.field(), t.name(), t.conditions(), t.col());
        } else if (e instanceof Expr.Not n) {
            return negate(n);
        } else if (e instanceof Expr.Const c) {
            throw new ExpressionException(c.col(), c.value()
                    ? "'true' is not a WFP condition: leave the expression empty to match everything"
                    : "'false' cannot be expressed: WFP has no condition that never matches; delete or do not add the filter");
        }
        throw new IllegalStateException("unexpected " + e);
    }

    /** {@code a or b or ...}: must be tests of one field, none of them an 'and'. */
    private static Group orGroup(Expr.Or o) {
        List<Group> parts = new ArrayList<>();
        List<Integer> joins = new ArrayList<>();
        flattenOr(o, o.col(), parts, joins);
        Group first = parts.get(0);
        List<Condition> all = new ArrayList<>(first.conditions);
        for (int k = 1; k < parts.size(); k++) {
            Group g = parts.get(k);
            if (g.field != first.field) {
                throw new ExpressionException(joins.get(k), "'or' joins tests of different fields (" + first.name
                        + ", " + g.name + "): WFP ORs only conditions on the same field; " + SPLIT);
            }
            all.addAll(g.conditions);
        }
        return new Group(first.field, first.name, all, first.col);
    }

    private static void flattenOr(Expr.Or o, int joinCol, List<Group> parts, List<Integer> joins) {
        for (int k = 0; k < o.parts().size(); k++) {
            Expr p = o.parts().get(k);
            int col = k == 0 ? joinCol : o.opCols().get(k - 1);
            if (p instanceof Expr.Or inner) {
                flattenOr(inner, col, parts, joins);
            } else if (p instanceof Expr.And) {
                int at = k == 0 ? o.opCols().get(0) : col;
                throw new ExpressionException(at, "'or' joins a group of tests joined by 'and': WFP conditions are "
                        + "one AND of per-field OR groups and cannot nest an AND inside an OR; " + SPLIT);
            } else {
                parts.add(single(p));
                joins.add(col);
            }
        }
    }

    /** {@code not test}: the inverted comparison, where WFP has one. */
    private static Group negate(Expr.Not n) {
        Expr inner = n.inner();
        if (inner instanceof Expr.Not nn && nn.inner() instanceof Expr.Or o) {
            return orGroup(o);
        }
        if (inner instanceof Expr.Not nn && !(nn.inner() instanceof Expr.And)) {
            return single(nn.inner());
        }
        if (inner instanceof Expr.Const c) {
            return single(new Expr.Const(!c.value(), n.col()));
        }
        if (!(inner instanceof Expr.Test t)) {
            throw new ExpressionException(n.col(), "'not' over a group of tests cannot be expressed: negating an 'or' "
                    + "gives an AND of tests of one field, negating an 'and' gives an OR across fields, and WFP "
                    + "conditions can hold neither; negate each test (== becomes !=) or " + SPLIT);
        }
        if (t.conditions().size() != 1) {
            throw new ExpressionException(n.col(), "'not " + t.name() + " in a,b' would be an AND of != tests of one "
                    + "field, which WFP ORs (D5); " + SPLIT);
        }
        Condition c = t.conditions().get(0);
        List<Condition> inv = invert(c);
        if (inv == null) {
            String why = MatchRules.complement(t.name(), c.value());
            throw new ExpressionException(n.col(), why != null
                    ? "'not' cannot negate a prefix: WFP has no \"not in prefix\" match; " + why
                    : "'not' cannot invert '" + t.op() + "': WFP has no opposite match type for it; " + SPLIT);
        }
        return new Group(t.field(), t.name(), inv, n.col());
    }

    /** The conditions that hold exactly when {@code c} does not (for a present field), or null. */
    static List<Condition> invert(Condition c) {
        Field f = c.field();
        Value v = c.value();
        if (v instanceof Value.V4AddrMask || v instanceof Value.V6AddrMask || v instanceof Value.Empty) {
            return null;
        }
        return switch (c.matchType()) {
            case EQUAL -> List.of(new Condition(f, MatchType.NOT_EQUAL, v));
            case NOT_EQUAL -> List.of(new Condition(f, MatchType.EQUAL, v));
            case LESS -> List.of(new Condition(f, MatchType.GREATER_OR_EQUAL, v));
            case GREATER -> List.of(new Condition(f, MatchType.LESS_OR_EQUAL, v));
            case LESS_OR_EQUAL -> List.of(new Condition(f, MatchType.GREATER, v));
            case GREATER_OR_EQUAL -> List.of(new Condition(f, MatchType.LESS, v));
            case PREFIX -> List.of(new Condition(f, MatchType.NOT_PREFIX, v));
            case NOT_PREFIX -> List.of(new Condition(f, MatchType.PREFIX, v));
            case FLAGS_ANY_SET -> List.of(new Condition(f, MatchType.FLAGS_NONE_SET, v));
            case FLAGS_NONE_SET -> List.of(new Condition(f, MatchType.FLAGS_ANY_SET, v));
            case FLAGS_ALL_SET -> notAllSet(c);
            case RANGE -> {
                Value.Range r = (Value.Range) v;
                yield List.of(new Condition(f, MatchType.LESS, r.low()), new Condition(f, MatchType.GREATER, r.high()));
            }
            default -> null;
        };
    }

    /** Not all of these bits set = one of them clear: an OR of FLAGS_NONE_SET per bit, one field. */
    private static List<Condition> notAllSet(Condition c) {
        List<Condition> out = new ArrayList<>();
        long bits = bits(c.value());
        for (int b = 0; b < 64; b++) {
            long bit = 1L << b;
            if ((bits & bit) != 0) {
                out.add(new Condition(c.field(), MatchType.FLAGS_NONE_SET, sameType(c.value(), bit)));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static long bits(Value v) {
        if (v instanceof Value.UInt8 u) {
            return u.value();
        } else if (v instanceof Value.UInt16 u) {
            return u.value();
        } else if (v instanceof Value.UInt32 u) {
            return u.unsigned();
        } else if (v instanceof Value.UInt64 u) {
            return u.value();
        }
        return 0;
    }

    private static Value sameType(Value like, long v) {
        if (like instanceof Value.UInt8) {
            return Value.uint8((int) v);
        } else if (like instanceof Value.UInt16) {
            return Value.uint16((int) v);
        } else if (like instanceof Value.UInt32) {
            return Value.uint32(v);
        }
        return Value.uint64(v);
    }
}
