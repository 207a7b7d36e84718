package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WFP's {@code FWPS_CLASSIFY_OUT0}: where a callout's classify writes its answer. On entry
 * {@link #actionType()} holds the decision so far (PERMIT or BLOCK) or CONTINUE when nothing decided yet
 * (D6), and {@link #hasWriteRight()} tells whether the callout may change it. Without the right a callout
 * should return without touching the action; only a BLOCK then counts (a veto of a hard PERMIT).
 * Clear the right when returning BLOCK to make it hard.
 */
@ProviderType
public interface ClassifyOut {
    /** {@code FWPS_RIGHT_ACTION_WRITE}. */
    int RIGHT_ACTION_WRITE = 0x1;
    /** {@code FWPS_CLASSIFY_OUT_FLAG_ABSORB}. */
    int FLAG_ABSORB = 0x1;

    ActionType actionType();

    void setActionType(ActionType action);

    int rights();

    default boolean hasWriteRight() {
        return (rights() & RIGHT_ACTION_WRITE) != 0;
    }

    void clearWriteRight();

    int flags();

    /** With BLOCK: drop silently (no net event); used to take a packet and inject a modified copy. */
    void setAbsorb();

    default boolean isAbsorb() {
        return (flags() & FLAG_ABSORB) != 0;
    }
}
