package weir.engine.core.expr;

import java.util.ArrayList;
import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.core.expr.Lexer.Kind;
import weir.engine.core.expr.Lexer.Token;

/**
 * Recursive descent over the tokens with the usual precedence ({@code not} over {@code and} over
 * {@code or}); each test is read into conditions of its field's type at the layer. Whether the shape is
 * expressible in WFP is {@link ConditionParser}'s question.
 */
final class ExprParser {
    private static final String OPERATORS = "==, !=, <, >, <=, >=, in, has, ieq, endswith, not endswith";

    /**
     * The deepest nesting of parentheses and {@code not}s. WFP conditions are flat (an AND of per-field OR
     * groups), so a real filter needs two or three levels; the limit keeps a hostile expression from
     * exhausting the thread's stack (6,000 parentheses used to kill the engine component).
     */
    static final int MAX_DEPTH = 64;

    private final Layer layer;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    ExprParser(Layer layer, List<Token> tokens) {
        this.layer = layer;
        this.tokens = tokens;
    }

    /** The whole expression; anything left over is an error. */
    Expr parse() {
        Expr e = or();
        Token t = peek();
        if (t.kind() != Kind.END) {
            throw new ExpressionException(t.col(), "unexpected " + t.shown() + " after a complete test: join tests with 'and'");
        }
        return e;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Expr or() {
        Expr first = and();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<Expr> parts = new ArrayList<>(List.of(first));
        List<Integer> cols = new ArrayList<>();
        while (peek().kind() == Kind.OR) {
            cols.add(next().col());
            parts.add(and());
        }
        return new Expr.Or(parts, cols, first.col());
    }

    private Expr and() {
        Expr first = unary();
        if (peek().kind() != Kind.AND) {
            return first;
        }
        List<Expr> parts = new ArrayList<>(List.of(first));
        while (peek().kind() == Kind.AND) {
            next();
            parts.add(unary());
        }
        return new Expr.And(parts, first.col());
    }

    private Expr unary() {
        Token t = next();
        switch (t.kind()) {
            case NOT: {
                enter(t);
                Expr e = new Expr.Not(unary(), t.col());
                depth--;
                return e;
            }
            case LPAREN: {
                enter(t);
                Expr e = or();
                depth--;
                Token close = next();
                if (close.kind() != Kind.RPAREN) {
                    throw new ExpressionException(close.col(), "expected ')' to close the '(' at col " + t.col()
                            + ", found " + close.shown());
                }
                return e;
            }
            case WORD:
                if (t.is("true") || t.is("false")) {
                    return new Expr.Const(t.is("true"), t.col());
                }
                return test(t);
            case END:
                throw new ExpressionException(t.col(), "expected a test (field operator value) at the end");
            default:
                throw new ExpressionException(t.col(), "expected a test (field operator value), found " + t.shown());
        }
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException(t.col(), "more than " + MAX_DEPTH + " nested parentheses and 'not's: WFP "
                    + "conditions are flat (an AND of per-field OR groups); remove the extra nesting");
        }
    }

    private Expr test(Token fieldTok) {
        Field field;
        try {
            field = FieldNames.resolve(layer, fieldTok.text());
        } catch (ValueException e) {
            throw new ExpressionException(fieldTok.col(), e.getMessage());
        }
        String name = fieldTok.text();
        Token op = next();
        List<Condition> c = new ArrayList<>();
        switch (op.kind()) {
            case EQ -> c.add(compare(field, name, op, MatchType.EQUAL));
            case NE -> c.add(compare(field, name, op, MatchType.NOT_EQUAL));
            case LT -> c.add(compare(field, name, op, MatchType.LESS));
            case GT -> c.add(compare(field, name, op, MatchType.GREATER));
            case LE -> c.add(compare(field, name, op, MatchType.LESS_OR_EQUAL));
            case GE -> c.add(compare(field, name, op, MatchType.GREATER_OR_EQUAL));
            case NOT -> {
                Token w = next();
                if (!w.is("endswith")) {
                    throw new ExpressionException(op.col(), "'not' after a field must be followed by endswith; "
                            + "to negate a test write 'not' before the field");
                }
                c.add(compare(field, name, new Token(Kind.WORD, "not endswith", op.col()), MatchType.NOT_PREFIX));
            }
            case WORD -> {
                if (op.is("in")) {
                    inList(field, name, op, c);
                } else if (op.is("has")) {
                    c.add(has(field, name, op));
                } else if (op.is("ieq")) {
                    c.add(compare(field, name, op, MatchType.EQUAL_CASE_INSENSITIVE));
                } else if (op.is("endswith")) {
                    c.add(compare(field, name, op, MatchType.PREFIX));
                } else {
                    throw new ExpressionException(op.col(), op.shown() + " is not an operator; after " + Echo.of(name)
                            + " write one of " + OPERATORS);
                }
            }
            case END -> throw new ExpressionException(op.col(), "expected an operator after " + Echo.of(name) + " ("
                    + OPERATORS + "); a bare field is not a WFP condition");
            default -> throw new ExpressionException(op.col(), op.shown() + " is not an operator; after " + Echo.of(name)
                    + " write one of " + OPERATORS);
        }
        return new Expr.Test(field, name, op.text(), c, fieldTok.col());
    }

    private Condition compare(Field field, String name, Token op, MatchType match) {
        Token vt = peek();
        Value v = value(field, name, op);
        return checked(field, name, op, match, v, vt);
    }

    private Condition has(Field field, String name, Token op) {
        MatchType m = MatchType.FLAGS_ALL_SET;
        String opText = "has";
        if (peek().is("any") || peek().is("all") || peek().is("none")) {
            Token q = next();
            opText = "has " + q.text();
            m = q.is("any") ? MatchType.FLAGS_ANY_SET : q.is("none") ? MatchType.FLAGS_NONE_SET : MatchType.FLAGS_ALL_SET;
        }
        Token shown = new Token(Kind.WORD, opText, op.col());
        Token vt = peek();
        return checked(field, name, shown, m, value(field, name, shown), vt);
    }

    /** {@code in v1, v2, lo..hi, ...}: EQUAL for values, RANGE for lo..hi; all one OR group (D5). */
    private void inList(Field field, String name, Token op, List<Condition> out) {
        while (true) {
            Token start = peek();
            Value lo = value(field, name, op);
            if (peek().kind() == Kind.DOTDOT) {
                Token dots = next();
                Value hi = value(field, name, dots);
                out.add(checked(field, name, new Token(Kind.WORD, "in lo..hi", op.col()), MatchType.RANGE,
                        Value.range(lo, hi), start));
            } else {
                out.add(checked(field, name, op, MatchType.EQUAL, lo, start));
            }
            if (peek().kind() != Kind.COMMA) {
                return;
            }
            next();
        }
    }

    private Condition checked(Field field, String name, Token op, MatchType m, Value v, Token at) {
        String why = MatchRules.check(layer, field, name, m, "'" + op.text() + "'", v);
        if (why != null) {
            throw new ExpressionException(m == MatchType.RANGE ? at.col() : op.col(), why);
        }
        return new Condition(field, m, v);
    }

    /** One value: a quoted string, or words joined by '|' (flag lists). */
    private Value value(Field field, String name, Token after) {
        Token t = next();
        ValueReader.Literal lit;
        if (t.kind() == Kind.STRING) {
            lit = ValueReader.Literal.string(t.text());
        } else if (t.kind() == Kind.WORD) {
            StringBuilder b = new StringBuilder(t.text());
            while (peek().kind() == Kind.PIPE) {
                next();
                Token w = next();
                if (w.kind() != Kind.WORD) {
                    throw new ExpressionException(w.col(), "expected a flag name or number after '|', found " + w.shown());
                }
                b.append('|').append(w.text());
            }
            lit = ValueReader.Literal.word(b.toString());
        } else {
            throw new ExpressionException(t.col(), "expected a value for " + Echo.of(name) + " after '" + Echo.of(after.text())
                    + "', found " + t.shown());
        }
        try {
            return ValueReader.read(layer, field, name, lit);
        } catch (ValueException e) {
            throw new ExpressionException(t.col(), e.getMessage());
        }
    }
}
