package weir.shim.pcap.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.shim.pcap.Corpus;
import weir.shim.pcap.Frames;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.flow.FlowTracker;

/**
 * The whole packet path allocates nothing per packet: parsing, direction, flow lookup, every layer's
 * classification in the real engine (with filters that permit and block), counting and the output, for
 * 200,000 packets of established flows, measured with the JVM's per-thread allocation counter after a
 * warm-up (a new flow allocates in the engine's flow table; these flows all exist after the warm-up).
 */
class PathAllocationTest {
    private static final int PACKETS = 200_000;

    @Test
    void walkingEstablishedFlowsAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off");
        byte[][] frames = {
            Frames.tcp4("192.0.2.10", "10.0.0.2", 80, 40000, 0x18, 100),
            Frames.tcp4("10.0.0.2", "192.0.2.10", 40000, 80, 0x10, 0),
            Frames.udp4("10.0.0.2", "192.0.2.53", 5353, 53, 30),
            Frames.udp4("192.0.2.53", "10.0.0.2", 53, 5353, 60),
            Frames.udp4("198.51.100.7", "10.0.0.2", 40001, 161, 6),
            Frames.echo4("10.0.0.2", "192.0.2.1", 8),
            Frames.unreachable4("192.0.2.1", "10.0.0.2"),
            Frames.udp4("192.0.2.1", "192.0.2.99", 1, 2, 0),
            Frames.udp6("2001:db8::2", "2001:db8::53", 5000, 53, 10),
            Frames.arp(),
            Frames.truncated4(),
        };
        try (RealEngine engine = new RealEngine()) {
            engine.add(Filter.of("no snmp", Layer.INBOUND_TRANSPORT_V4, FilterAction.block())
                    .withConditions(Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(161))));
            engine.add(Filter.of("dns", Layer.ALE_AUTH_CONNECT_V4, FilterAction.permit())
                    .withConditions(Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(53))));
            ShimCounters counters = new ShimCounters();
            FlowTracker flows = new FlowTracker(engine.flowContexts(), 1000, 7200, 60);
            PacketPath path = new PacketPath(engine.classifier(), flows, new ReauthWatch(), counters);
            long[] passed = new long[1];
            PacketProcessor processor = new PacketProcessor(path, counters, LocalAddresses.parse("10.0.0.2"),
                    new ShimInjector(), (pass, a, o, c, l, lt, ts, d, inj) -> passed[0] += pass ? 1 : 0);
            long clock = 1_767_225_600_000_000_000L;
            long allocated = 0;
            for (int pass = 0; pass < 4; pass++) {
                long thread = Thread.currentThread().getId();
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < PACKETS; i++) {
                    byte[] f = frames[i % frames.length];
                    clock += 10_000; // 10 µs: flows stay fresh, sweeps run every capture second
                    processor.process(f, 0, f.length, f.length, LinkType.ETHERNET, clock, null, -1);
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            Corpus.report("path-allocation.txt", "whole path: " + allocated + " bytes allocated for " + PACKETS
                    + " packets after warm-up");
            assertTrue(allocated < PACKETS / 100, allocated + " bytes allocated for " + PACKETS + " packets");
            assertEquals(4L * PACKETS, counters.packets());
            assertTrue(counters.droppedCount() > 0 && counters.permittedCount() > 0);
            flows.closeAll();
        }
    }
}
