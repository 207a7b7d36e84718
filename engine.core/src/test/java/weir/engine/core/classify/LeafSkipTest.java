package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;

/**
 * A leaf's {@link FilterIndex.Node#firstFrom}, with which arbitration jumps over the rest of a sublayer that a
 * filter ended: for leaves of every size up to a few galloping steps, orders spread over a few sublayers, every
 * start and every bound, the answer of a plain linear search.
 */
class LeafSkipTest {
    private static final Filter F = Filter.of("f", Layer.INBOUND_TRANSPORT_V4, FilterAction.permit());

    @Test
    void firstFromIsTheLinearSearchsAnswer() {
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
                leaf[i] = new CompiledFilter(F, 0, null, null, null, Pins.NONE, orders[i]);
            }
            FilterIndex.Node node = new FilterIndex.Node(leaf, FilterIndex.SPLIT);
            for (int i = 0; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    long[] bounds = {orders[j], orders[j] + 1, LayerOrder.nextSubLayer(orders[j])};
                    for (long bound : bounds) {
                        assertEquals(linear(orders, i, bound), node.firstFrom(i, bound),
                                "n=" + n + " from " + i + " bound " + bound);
                    }
                }
                assertEquals(i, node.firstFrom(i, 0));
                assertEquals(n, node.firstFrom(i, Long.MAX_VALUE));
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
