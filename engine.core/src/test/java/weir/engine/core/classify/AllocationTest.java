package weir.engine.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import weir.engine.api.ActionType;
import weir.engine.api.Callout;
import weir.engine.api.CalloutFlag;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Condition;
import weir.engine.api.EngineOptions;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.api.Weight;
import weir.engine.core.Allocations;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * The classify path allocates nothing: after warm-up, classifying thousands of packets over a realistic
 * policy (a 2,000-rule 5-tuple set in one sublayer; callout filters, a CONDITIONAL_ON_FLOW callout with a flow
 * context, a hard permit and a veto in others; net events for drops and allows; statistics) adds zero bytes
 * to the thread's allocation counter. With and without the index.
 */
class AllocationTest {
    /** A callout that allocates nothing: permits TCP, blocks the rest, clears WRITE on odd ports. */
    static final class Quiet implements Callout {
        private final int protocol = Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_PROTOCOL);
        private final int port = Layer.INBOUND_TRANSPORT_V4.indexOf(Field.IP_LOCAL_PORT);
        private final java.util.Set<CalloutFlag> flags;

        Quiet(CalloutFlag... f) {
            flags = java.util.Set.of(f);
        }

        @Override
        public java.util.Set<CalloutFlag> flags() {
            return flags;
        }

        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
            if (!out.hasWriteRight() && values.getLong(port) != 7) {
                return;
            }
            out.setActionType(values.getLong(protocol) == 6 ? ActionType.PERMIT : ActionType.BLOCK);
            if ((values.getLong(port) & 1) == 1) {
                out.clearWriteRight();
            }
        }

        @Override
        public void flowDelete(Layer layer, int calloutId, Object flowContext) {
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void classifyAllocatesNothing(boolean index) {
        Layer l = Rules.L;
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        ClassifierImpl c = new ClassifierImpl(callouts, flows, new NetEventLog(1024), new EngineStatistics());
        c.setIndexing(index);
        c.setOptions(EngineOptions.defaults().withCollectNetEvents(true, true).withDefaultActions(Map.of(l, ActionType.PERMIT)));
        UUID plain = UUID.randomUUID();
        UUID perFlow = UUID.randomUUID();
        callouts.register(plain, new Quiet(), null);
        int perFlowId = callouts.register(perFlow, new Quiet(CalloutFlag.CONDITIONAL_ON_FLOW), null);
        UUID rules = UUID.randomUUID();
        UUID top = UUID.randomUUID();
        UUID bottom = UUID.randomUUID();
        List<SubLayer> subs = List.of(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000),
                SubLayer.of(top, "top", 0xFFFF), SubLayer.of(rules, "rules", 100), SubLayer.of(bottom, "bottom", 1));
        List<Filter> filters = new ArrayList<>(Rules.filters(Rules.synthetic(2000, 5), rules));
        long id = 10_000;
        filters.add(Filter.of("hard permit ssh", l, FilterAction.permit()).withFlags(FilterFlag.CLEAR_ACTION_RIGHT)
                .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(22)))
                .withIds(UUID.randomUUID(), top, id++, 5));
        filters.add(Filter.of("inspect", l, FilterAction.calloutInspection(plain))
                .withIds(UUID.randomUUID(), top, id++, 1));
        filters.add(Filter.of("per flow", l, FilterAction.calloutTerminating(perFlow))
                .withIds(UUID.randomUUID(), bottom, id++, 3));
        filters.add(Filter.of("decide", l, FilterAction.calloutUnknown(plain))
                .withConditions(Condition.range(Field.IP_REMOTE_PORT, Value.uint16(1024), Value.uint16(1030)))
                .withIds(UUID.randomUUID(), bottom, id++, 2));
        filters.add(Filter.of("unregistered", l, FilterAction.calloutTerminating(UUID.randomUUID()))
                .withFlags(FilterFlag.PERMIT_IF_CALLOUT_UNREGISTERED).withWeight(Weight.exact(1))
                .withIds(UUID.randomUUID(), bottom, id++, 1));
        c.publish(l, subs, filters);

        Random r = new Random(3);
        List<Rules.Box> boxes = Rules.synthetic(2000, 5);
        IncomingValues[] packets = new IncomingValues[4096];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = c.newIncomingValues(l);
            Rules.packet(boxes.get(r.nextInt(boxes.size())), r, packets[i]);
        }
        packets[7].setLong(l.indexOf(Field.IP_LOCAL_PORT), 22);
        long flow = flows.openFlow();
        flows.associate(flow, l, perFlowId, "flow state");
        Metadata m = c.newMetadata().setFlowHandle(flow);
        Verdict out = c.newVerdict();
        Runnable work = () -> {
            for (int i = 0; i < 20_000; i++) {
                c.classify(l, packets[i & (packets.length - 1)], m, null, out);
            }
        };
        for (int i = 0; i < 10; i++) {
            work.run(); // warm-up: let the JIT compile the path
        }
        assertEquals(0, Allocations.during(work), "bytes allocated by 20,000 classifications");
    }
}
