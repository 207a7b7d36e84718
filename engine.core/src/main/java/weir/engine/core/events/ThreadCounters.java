package weir.engine.core.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import weir.engine.api.Layer;

/**
 * The counters one classifying thread adds to: its classifications per layer and its filters' matches, each a
 * cell only this thread writes. As netfilter counts per CPU, a packet is counted with plain stores: no atomic
 * instruction, which on x86 would also wait for every store still pending (a drop's net event is a few cache
 * lines of them), and no object per filter to miss in the cache. Readers on other threads sum the cells of
 * every thread ({@link EngineStatistics}); each cell is written and read whole (opaque), so a reader sees a
 * count that some moment had, never a torn one.
 *
 * <p>One writer: the counters belong to one {@code PacketVerdict}, which one thread uses at a time (the
 * verdict's own contract). A filter's cells are at {@code 2 * slot} (matches that decided) and {@code 2 * slot + 1}
 * (matches that continued), the slot given by {@link EngineStatistics#counters} at publish time.
 */
public final class ThreadCounters {
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CELLS;
    static final int LAYERS = Layer.values().length;

    static {
        try {
            CELLS = MethodHandles.lookup().findVarHandle(ThreadCounters.class, "cells", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EngineStatistics owner;
    /** Per layer: permits at {@code 3 * ordinal}, blocks at {@code + 1}, vetoes at {@code + 2}. */
    final long[] layers = new long[3 * LAYERS];
    /** The filters' cells; replaced by a larger copy (by the writer only) when a slot lies beyond it. */
    private long[] cells = new long[0];

    ThreadCounters(EngineStatistics owner) {
        this.owner = owner;
    }

    /** Whether these are counters of that engine's statistics. */
    public boolean of(EngineStatistics statistics) {
        return owner == statistics;
    }

    /** One classification's outcome at a layer. */
    public void classified(Layer layer, boolean block, boolean vetoed) {
        int i = 3 * layer.ordinal();
        add(layers, block ? i + 1 : i);
        if (vetoed) {
            add(layers, i + 2);
        }
    }

    /** All conditions matched, and the filter ended its sublayer with PERMIT or BLOCK. */
    public void decided(int slot) {
        add(cells(slot), 2 * slot);
    }

    /** All conditions matched, and the filter did not end its sublayer (CONTINUE). */
    public void continued(int slot) {
        add(cells(slot), 2 * slot + 1);
    }

    private static void add(long[] a, int i) {
        CELL.setOpaque(a, i, a[i] + 1); // the one writer reads its own stores
    }

    private long[] cells(int slot) {
        long[] c = cells;
        return 2 * slot + 1 < c.length ? c : grow(slot);
    }

    /**
     * A larger copy, sized for every slot handed out so far: once after a publish that made the engine's
     * filters outgrow it (the only allocation, not per packet). A reader may still sum the old array: its values
     * are those of the moment of the copy, never more than the new one's.
     */
    private long[] grow(int slot) {
        long[] n = Arrays.copyOf(cells, 2 * Math.max(owner.capacity(), slot + 1));
        CELLS.setRelease(this, n);
        return n;
    }

    /** A reader's view of one cell (0 beyond the array). */
    long cell(int i) {
        long[] c = (long[]) CELLS.getAcquire(this);
        return i < c.length ? (long) CELL.getOpaque(c, i) : 0;
    }

    /** A reader's view of a layer cell. */
    long layerCell(int i) {
        return (long) CELL.getOpaque(layers, i);
    }

    /** The highest cell index + 1 this thread has room for (a reader folding it). */
    int cellCount() {
        return ((long[]) CELLS.getAcquire(this)).length;
    }
}
