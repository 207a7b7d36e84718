package weir.engine.core.classify;

import weir.engine.api.DataType;
import weir.engine.api.Layer;

/**
 * The fields of a layer that the index can test, as unsigned numbers of a fixed width: each unsigned integer
 * field (8, 16, 32 or 64 bits), and each IPv6 address as two 64-bit halves, the top half first. A test keeps
 * the top {@code m} bits of such a number; a filter is pinned at that test when its conditions fix those bits.
 * Signed integers, blobs and strings are not tested (their filters are simply never pinned on them).
 */
final class IndexFields {
    private static final IndexFields[] BY_LAYER = new IndexFields[Layer.values().length];

    static {
        for (Layer l : Layer.values()) {
            BY_LAYER[l.ordinal()] = new IndexFields(l);
        }
    }

    /** Per index field: the slot in the layer's incoming values. */
    final int[] slot;
    /** Per index field: true for the top half of an IPv6 address (PacketValues.high), false for PacketValues.bits. */
    final boolean[] high;
    /** Per index field: its width in bits. */
    final int[] width;
    /** Per slot: the index field of its value (the low half of an IPv6 address), or -1. */
    final int[] low;
    /** Per slot: the index field of an IPv6 address's top half, or -1. */
    final int[] top;

    private IndexFields(Layer layer) {
        int n = layer.fields().size();
        int count = 0;
        for (int s = 0; s < n; s++) {
            DataType t = layer.typeOf(s);
            count += t == DataType.BYTE_ARRAY16 ? 2 : t.isUnsigned() ? 1 : 0;
        }
        slot = new int[count];
        high = new boolean[count];
        width = new int[count];
        low = new int[n];
        top = new int[n];
        int f = 0;
        for (int s = 0; s < n; s++) {
            DataType t = layer.typeOf(s);
            low[s] = -1;
            top[s] = -1;
            if (t == DataType.BYTE_ARRAY16) {
                top[s] = f;
                slot[f] = s;
                high[f] = true;
                width[f++] = 64;
                low[s] = f;
                slot[f] = s;
                width[f++] = 64;
            } else if (t.isUnsigned()) {
                low[s] = f;
                slot[f] = s;
                width[f++] = t.bits();
            }
        }
    }

    static IndexFields of(Layer layer) {
        return BY_LAYER[layer.ordinal()];
    }

    int count() {
        return slot.length;
    }

    /** The mask lengths worth trying on an index field: every multiple of 8 up to its width. */
    static int masks(int width) {
        return width / 8;
    }
}
