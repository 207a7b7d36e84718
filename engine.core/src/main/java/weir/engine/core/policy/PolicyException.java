package weir.engine.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy file that cannot be read or applied: every error, one per line as {@code FILE:LINE:COL: message}.
 * Nothing of the file was applied.
 */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<PolicyError> errors;

    public PolicyException(List<PolicyError> errors) {
        super(errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in file order. */
    public List<PolicyError> errors() {
        return errors;
    }
}
