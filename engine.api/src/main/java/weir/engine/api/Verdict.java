package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The reusable result object a caller passes to {@link Classifier#classify}: the engine writes the decision
 * into it without allocating. One per thread; get one from {@link Classifier#newVerdict}.
 */
@ProviderType
public interface Verdict {
    /** PERMIT or BLOCK. */
    ActionType action();

    boolean hard();

    boolean absorbed();

    /** The deciding filter's id, 0 when none. */
    long filterId();

    boolean vetoed();

    DecisionReason reason();

    default boolean isBlock() {
        return action() == ActionType.BLOCK;
    }

    /** An immutable copy. */
    default Decision toDecision() {
        return new Decision(action(), hard(), absorbed(), filterId(), vetoed(), reason());
    }
}
