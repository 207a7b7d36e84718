package weir.engine.core.policy;

/** A position in a policy file: 1-based line and column. */
public record Loc(int line, int col) {
    @Override
    public String toString() {
        return line + ":" + col;
    }
}
