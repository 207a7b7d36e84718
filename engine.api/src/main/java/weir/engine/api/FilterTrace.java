package weir.engine.api;

/**
 * One matching filter as arbitration saw it.
 *
 * @param result what the filter yielded: PERMIT, BLOCK or CONTINUE
 * @param hard true when it cleared the write right
 * @param applied true when it changed the decision (or vetoed); false when ignored for lack of the right
 * @param note a short explanation: "callout not registered", "veto", "no write right", ...
 */
public record FilterTrace(long filterId, String name, long effectiveWeight, FilterAction action, ActionType result,
        boolean hard, boolean applied, String note) {
}
