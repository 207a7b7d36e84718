package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Direction;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.InjectionState;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.PacketInjector;

/**
 * The packet path allocates nothing per packet once a flow has its translation (and nothing at all for
 * packets no rule covers): measured with the JVM's per-thread allocation counter around many classify calls,
 * with engine and shim doubles that do not allocate themselves. Counts bytes, not time.
 */
class PacketPathAllocationTest {
    private static final int PACKETS = 20_000;

    /** Takes injected packets without keeping them, as a shim writing into its own ring would. */
    private static final class DiscardingInjector implements PacketInjector {
        final Object handle = new Object();
        int injected;

        @Override
        public Object createHandle(String name) {
            return handle;
        }

        @Override
        public void inject(Object h, Direction direction, byte[] packet, int offset, int length, Metadata md) {
            injected++;
        }

        @Override
        public InjectionState state(Object h, Metadata md) {
            return md.injectedBy() == h ? InjectionState.INJECTED_BY_SELF : InjectionState.NOT_INJECTED;
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean tb && tb.isThreadAllocatedMemorySupported(),
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) bean;
        tb.setThreadAllocatedMemoryEnabled(true);
        return tb;
    }

    @Test
    void translatedPacketsOfAnEstablishedFlowAllocateNothing() {
        com.sun.management.ThreadMXBean tb = threads();
        MemoryFlowContexts flows = new MemoryFlowContexts();
        RuleBook rules = new RuleBook();
        rules.add(RuleSpec.of("snat", "10.0.0.0/24", "192.0.2.1", "", ""), "shell");
        NatCore core = new NatCore(flows, rules, NatHarness.config(30, 1000));
        NatOutboundCallout callout = new NatOutboundCallout(core);
        callout.registered(flows.register(callout));
        DiscardingInjector injector = new DiscardingInjector();
        core.bindInjector(injector);
        Layer layer = Layer.OUTBOUND_TRANSPORT_V4;
        Filter filter = Filter.of("nat", layer, FilterAction.calloutTerminating(UUID.fromString(NatOutboundCallout.KEY)));
        MemoryIncomingValues values = new MemoryIncomingValues(layer);
        MemoryMetadata md = new MemoryMetadata();
        md.setFlowHandle(flows.openFlow());
        Frame frame = Frame.ethernet(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.ACK,
                new byte[1200]), 0, 2);
        MemoryClassifyOut out = MemoryClassifyOut.fresh();
        callout.classify(values, md, frame, filter, null, out);
        Object context = flows.context(md.flowHandle(), layer, callout.calloutId());
        md.setTimestampNanos(1_700_000_000_000_000_000L);

        run(callout, values, md, frame, filter, context, out); // warm up: let the JIT settle
        long before = tb.getThreadAllocatedBytes(Thread.currentThread().getId());
        run(callout, values, md, frame, filter, context, out);
        long allocated = tb.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertEquals(ActionType.BLOCK, out.actionType());
        assertEquals(2 * PACKETS + 1, injector.injected);
        assertTrue(allocated < 4096, allocated + " bytes for " + PACKETS + " packets");
    }

    @Test
    void packetsNoRuleCoversAllocateNothing() {
        com.sun.management.ThreadMXBean tb = threads();
        MemoryFlowContexts flows = new MemoryFlowContexts();
        RuleBook rules = new RuleBook();
        rules.add(RuleSpec.of("static", "10.0.0.5", "192.0.2.5", "", ""), "shell");
        NatCore core = new NatCore(flows, rules, NatHarness.config(30, 1000));
        NatInboundCallout callout = new NatInboundCallout(core);
        callout.registered(flows.register(callout));
        core.bindInjector(new DiscardingInjector());
        Layer layer = Layer.INBOUND_TRANSPORT_V4;
        Filter filter = Filter.of("nat", layer, FilterAction.calloutTerminating(UUID.fromString(NatInboundCallout.KEY)));
        MemoryIncomingValues values = new MemoryIncomingValues(layer);
        MemoryMetadata md = new MemoryMetadata();
        md.setFlowHandle(flows.openFlow());
        Frame frame = Frame.ip(Packets.udp("198.51.100.7", 53, "10.0.0.9", 5353, new byte[100], true));
        MemoryClassifyOut out = MemoryClassifyOut.fresh();

        run(callout, values, md, frame, filter, null, out);
        long before = tb.getThreadAllocatedBytes(Thread.currentThread().getId());
        run(callout, values, md, frame, filter, null, out);
        long allocated = tb.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertEquals(ActionType.PERMIT, out.actionType());
        assertTrue(allocated < 4096, allocated + " bytes for " + PACKETS + " packets");
    }

    private static void run(NatLayerCallout callout, MemoryIncomingValues values, MemoryMetadata md, Frame frame,
            Filter filter, Object context, MemoryClassifyOut out) {
        for (int i = 0; i < PACKETS; i++) {
            callout.classify(values, md, frame, filter, context, out.reset());
        }
    }
}
