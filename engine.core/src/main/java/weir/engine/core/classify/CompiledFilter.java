package weir.engine.core.classify;

import weir.engine.api.ActionType;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;

/**
 * One filter as arbitration reads it: primitives, its condition program (and its box, when it is one), its
 * counters, its run-time view, and its place in the layer's evaluation order. Compiled once when the filter is
 * added and kept across commits; only a new place in the order makes a copy ({@link #at}).
 */
final class CompiledFilter {
    static final int PERMIT = 0;
    static final int BLOCK = 1;
    static final int CALLOUT_TERMINATING = 2;
    static final int CALLOUT_INSPECTION = 3;
    static final int CALLOUT_UNKNOWN = 4;

    final long filterId;
    final long effectiveWeight;
    final int action;
    final boolean clearActionRight;
    final boolean permitIfUnregistered;
    /** Run-time id of the callout key (stable per key), 0 for PERMIT/BLOCK. */
    final int calloutId;
    final CompiledConditions conditions;
    /** Where the packet path counts this filter's matches ({@link weir.engine.core.events.ThreadCounters}). */
    final int counterSlot;
    /** What a callout receives (FWPS_FILTER), and what traces name. */
    final Filter filter;
    /** The conditions as bounds on numbers ({@link Box}), or null: then {@link #conditions} decide. */
    final long[] box;
    /** What the conditions fix of the index fields (where the index may file the filter). */
    final Pins pins;
    /**
     * The filter's place in its layer's evaluation order, unique in the layer: its sublayer's label in the top
     * bits ({@link LayerOrder}), then its label inside the sublayer. Ascending order is evaluation order.
     */
    final long order;

    CompiledFilter(Filter f, int calloutId, CompiledConditions conditions, int counterSlot) {
        this(f, calloutId, conditions, counterSlot, null, Pins.NONE, 0);
    }

    CompiledFilter(Filter f, int calloutId, CompiledConditions conditions, int counterSlot, long[] box, Pins pins,
            long order) {
        this.filterId = f.filterId();
        this.effectiveWeight = f.effectiveWeight();
        this.action = code(f.action().type());
        this.clearActionRight = f.has(FilterFlag.CLEAR_ACTION_RIGHT);
        this.permitIfUnregistered = f.has(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED);
        this.calloutId = calloutId;
        this.conditions = conditions;
        this.counterSlot = counterSlot;
        this.filter = f;
        this.box = box;
        this.pins = pins;
        this.order = order;
    }

    /** The same compiled filter at another place in the order. */
    CompiledFilter at(long newOrder) {
        return new CompiledFilter(filter, calloutId, conditions, counterSlot, box, pins, newOrder);
    }

    /** Whether the packet's values satisfy the conditions (packet path). */
    boolean matches(PacketValues pv) {
        long[] b = box;
        return b != null ? Box.matches(b, pv) : conditions.matches(pv);
    }

    boolean isCallout() {
        return action >= CALLOUT_TERMINATING;
    }

    static int code(ActionType t) {
        return switch (t) {
            case PERMIT -> PERMIT;
            case BLOCK -> BLOCK;
            case CALLOUT_TERMINATING -> CALLOUT_TERMINATING;
            case CALLOUT_INSPECTION -> CALLOUT_INSPECTION;
            case CALLOUT_UNKNOWN -> CALLOUT_UNKNOWN;
            default -> throw new IllegalArgumentException("a filter cannot have action " + t);
        };
    }
}
