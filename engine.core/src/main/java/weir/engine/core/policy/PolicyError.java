package weir.engine.core.policy;

/** One problem of a policy file, printed as {@code FILE:LINE:COL: message}. */
public record PolicyError(String file, Loc loc, String message) {
    @Override
    public String toString() {
        return file + ":" + loc.line() + ":" + loc.col() + ": " + message;
    }
}
