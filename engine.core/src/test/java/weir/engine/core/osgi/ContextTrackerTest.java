package weir.engine.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;

/**
 * What a stopping bundle's CalloutRegistry does (rule 26 applied to bundle stop): remove its callouts' flow
 * contexts — each flowDelete once — so that unregistering then succeeds.
 */
class ContextTrackerTest {
    private final FlowTable flows = new FlowTable();
    private final CalloutTable callouts = new CalloutTable(flows);
    private final ContextTracker tracker = new ContextTracker(flows);

    static final class Keeper implements Callout {
        final List<Object> deleted = new ArrayList<>();

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
            deleted.add(flowContext);
        }
    }

    @Test
    void rule26_removeAllReleasesEveryContextOnceSoUnregisterSucceeds() {
        Keeper k = new Keeper();
        int id = callouts.register(UUID.randomUUID(), k, null);
        long a = tracker.openFlow();
        long b = tracker.openFlow();
        long c = tracker.openFlow();
        tracker.associate(a, Layer.STREAM_V4, id, "a");
        tracker.associate(b, Layer.STREAM_V4, id, "b");
        tracker.associate(c, Layer.DATAGRAM_DATA_V4, id, "c");
        tracker.closeFlow(b); // flowDelete("b") now, by the flow's end
        assertEquals(ErrorCode.DEVICE_BUSY, assertThrows(WfpException.class, () -> callouts.unregisterById(id)).error());

        tracker.removeAll(id);

        assertEquals(List.of("b", "a", "c"), sortedAfterFirst(k.deleted));
        callouts.unregisterById(id);
        tracker.removeAll(id); // nothing left: no second flowDelete
        assertEquals(3, k.deleted.size());
    }

    private static List<Object> sortedAfterFirst(List<Object> l) {
        List<Object> rest = new ArrayList<>(l.subList(1, l.size()));
        rest.sort(java.util.Comparator.comparing(Object::toString));
        List<Object> out = new ArrayList<>();
        out.add(l.get(0));
        out.addAll(rest);
        return out;
    }
}
