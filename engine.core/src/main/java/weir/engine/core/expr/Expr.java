package weir.engine.core.expr;

import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.Field;

/** The parsed expression before it is checked against what WFP conditions can express. */
sealed interface Expr {
    /** Column where the node starts. */
    int col();

    /** {@code a and b and ...}. */
    record And(List<Expr> parts, int col) implements Expr {
    }

    /** {@code a or b or ...}; {@code opCols.get(i)} is the column of the 'or' before {@code parts.get(i + 1)}. */
    record Or(List<Expr> parts, List<Integer> opCols, int col) implements Expr {
    }

    /** {@code not x}. */
    record Not(Expr inner, int col) implements Expr {
    }

    /** {@code true} / {@code false}. */
    record Const(boolean value, int col) implements Expr {
    }

    /**
     * One test of one field: one condition, or several for {@code in a,b} (an OR group). {@code op} is the
     * operator as written, for messages.
     */
    record Test(Field field, String name, String op, List<Condition> conditions, int col) implements Expr {
    }
}
