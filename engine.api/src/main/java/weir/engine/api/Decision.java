package weir.engine.api;

/**
 * The outcome of one classification at one layer.
 *
 * @param action PERMIT or BLOCK
 * @param hard true when no lower sublayer could change it (the write right was cleared)
 * @param absorbed BLOCK with ABSORB: a silent drop, no net event
 * @param filterId the deciding filter, 0 when none decided (D2)
 * @param vetoed a callout's BLOCK overrode a hard PERMIT (D10)
 */
public record Decision(ActionType action, boolean hard, boolean absorbed, long filterId, boolean vetoed,
        DecisionReason reason) {

    public boolean isPermit() {
        return action == ActionType.PERMIT;
    }

    public boolean isBlock() {
        return action == ActionType.BLOCK;
    }
}
