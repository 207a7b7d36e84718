package weir.engine.core.classify;

/**
 * Labels that put a layer's filters in evaluation order without renumbering them when one comes or goes. A
 * filter's order is {@code sublayerLabel << 48 | label}: the sublayer's label (below 2^15, so orders stay
 * positive) in the top bits, the filter's label inside its sublayer below. Labels are spaced when a layer is
 * built, and a new one takes a free number between its neighbours; when there is none, the layer is built
 * again with fresh spacing (rare: the gaps allow tens of thousands of appends in one place).
 */
final class LayerOrder {
    static final int SUB_SHIFT = 48;
    /** Sublayer labels are in (0, SUB_SPACE). */
    static final long SUB_SPACE = 1L << 15;
    /** Filter labels are in (0, SPACE). */
    static final long SPACE = 1L << SUB_SHIFT;
    /** The spacing of filter labels in a fresh build (and the step of an append). */
    static final long STEP = 1L << 32;
    /** The spacing of sublayer labels in a fresh build. */
    static final long SUB_STEP = 1L << 10;

    private LayerOrder() {
    }

    static long order(long subLabel, long label) {
        return (subLabel << SUB_SHIFT) | label;
    }

    /** The first order of the sublayer after the one of {@code order}: everything below is in it or before. */
    static long nextSubLayer(long order) {
        return ((order >>> SUB_SHIFT) + 1) << SUB_SHIFT;
    }

    /** The i-th (from 0) of n spaced labels in (0, space). */
    static long spaced(int i, int n, long space, long step) {
        long gap = Math.min(step, space / (n + 1L));
        return (i + 1L) * gap;
    }

    /**
     * A free label strictly between {@code before} and {@code after} (0 when there is nothing before, {@code space}
     * when nothing after), or -1 when there is none. Appends and prepends keep a step to the neighbour, so that a
     * run of them does not halve the room each time.
     */
    static long between(long before, long after, long space, long step) {
        long gap = after - before;
        if (gap < 2) {
            return -1;
        }
        if (before == 0 && after != space) {
            return after - Math.min(step, gap / 2);
        }
        if (after == space) {
            return before + Math.min(step, gap / 2);
        }
        return before + gap / 2;
    }
}
