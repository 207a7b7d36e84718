package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;

/**
 * A leaf's {@link FilterIndex.Node#subLayerEnd}, with which arbitration jumps over the rest of a sublayer that a
 * filter ended: for leaves of many sizes, orders spread over a few sublayers, from every filter, the answer of a
 * plain linear search for the first filter of a later sublayer.
 */
class LeafSkipTest {
    private static final Filter F = Filter.of("f", Layer.INBOUND_TRANSPORT_V4, FilterAction.permit());

    @Test
    void subLayerEndIsTheLinearSearchsAnswer() {
        Random r = new Random(14);
        for (int round = 0; round < 300; round++) {
            int n = r.nextInt(80);
            long[] orders = new long[n];
            for (int i = 0; i < n; i++) {
                orders[i] = LayerOrder.order(1 + r.nextInt(4), 1 + r.nextInt(1 << 20));
            }
            Arrays.sort(orders);
            CompiledFilter[] leaf = new CompiledFilter[n];
            for (int i = 0; i < n; i++) {
                leaf[i] = new CompiledFilter(F, 0, null, 0, null, Pins.NONE, orders[i]);
            }
            FilterIndex.Node node = new FilterIndex.Node(leaf, FilterIndex.SPLIT);
            for (int i = 0; i < n; i++) {
                assertEquals(linear(orders, i + 1, LayerOrder.nextSubLayer(orders[i])),
                        node.subLayerEnd(i), "n=" + n + " after " + i);
            }
        }
    }

    private static int linear(long[] orders, int from, long bound) {
        int i = from;
        while (i < orders.length && orders[i] < bound) {
            i++;
        }
        return i;
    }
}
