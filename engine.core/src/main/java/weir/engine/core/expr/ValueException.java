package weir.engine.core.expr;

/** A value that does not fit its field: the one-line reason, without a position (the caller adds it). */
public final class ValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ValueException(String message) {
        super(Echo.line(message));
    }
}
