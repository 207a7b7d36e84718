package weir.engine.core.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import weir.engine.core.expr.Echo;

/** Collects the errors of one file, so that a reader can report all of them at once. */
final class Problems {
    private final String file;
    private final List<PolicyError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(Loc loc, String message) {
        errors.add(new PolicyError(file, loc, Echo.line(message)));
    }

    /** @throws PolicyException with every error, in file order, when there is one */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            List<PolicyError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt((PolicyError e) -> e.loc().line()).thenComparingInt(e -> e.loc().col()));
            throw new PolicyException(sorted);
        }
    }
}
