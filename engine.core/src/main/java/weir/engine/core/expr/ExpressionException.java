package weir.engine.core.expr;

/**
 * A condition expression that cannot be read: where (1-based column) and why, in one line. The message is
 * {@code col N: detail}; callers that know a better position (a policy file) use {@link #column()} and
 * {@link #detail()}.
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String detail;

    public ExpressionException(int column, String detail) {
        super("col " + column + ": " + Echo.line(detail));
        this.column = column;
        this.detail = Echo.line(detail);
    }

    /** 1-based column in the expression text. */
    public int column() {
        return column;
    }

    /** The message without the column. */
    public String detail() {
        return detail;
    }
}
