package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.callouts.logging.Wire.Pkt;
import weir.engine.api.Callout;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.testing.TestClassifyOut;
import weir.engine.testing.TestMetadata;
import weir.engine.testing.TestPacket;
import weir.engine.testing.TestValues;

/**
 * classify allocates nothing per packet: the flow's record is its one object, made at the flow's first packet.
 * Measured with the JVM's per-thread allocation counter around packets of a known flow, with per-packet records
 * off and on (they go through preallocated slots).
 */
class AllocationTest {
    @TempDir
    Path data;

    private static long allocatedDuring(Runnable r) {
        java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(b instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count a thread's allocations");
        com.sun.management.ThreadMXBean s = (com.sun.management.ThreadMXBean) b;
        s.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < 3; i++) {
            r.run(); // warm-up: class loading and constant resolution are not the packet path
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5 && least > 0; i++) {
            long before = s.getCurrentThreadAllocatedBytes();
            r.run();
            least = Math.min(least, s.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private long perPacketRun(boolean packetRecords) throws Exception {
        Config c = new Config();
        c.packetRecords = packetRecords;
        try (Wire wire = new Wire(data.resolve(packetRecords ? "on" : "off"), c)) {
            long f = wire.flows.openFlow();
            Pkt p = Pkt.tcp("10.0.0.2", 40000, "192.0.2.10", 80, TestPacket.PSH | TestPacket.ACK, "data");
            wire.send(f, p, Wire.T0);
            Layer layer = Layer.OUTBOUND_TRANSPORT_V4;
            Object record = wire.flows.context(f, layer, wire.ids.get(layer));
            Callout callout = wire.callouts.get(layer);
            TestValues v = p.values(layer, true);
            TestPacket frame = p.packet();
            TestMetadata m = TestMetadata.of().flow(f);
            Filter filter = Wire.inspection(layer);
            TestClassifyOut out = TestClassifyOut.writable();
            return allocatedDuring(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.setTimestampNanos(1_767_225_600_000_000_000L + i);
                    callout.classify(v, m, frame, filter, record, out.reset());
                }
            });
        }
    }

    @Test
    void classifyAllocatesNothingPerPacket() throws Exception {
        assertEquals(0, perPacketRun(false), "bytes allocated by 10,000 packets of one flow");
    }

    @Test
    void norWithPerPacketRecords() throws Exception {
        assertEquals(0, perPacketRun(true), "bytes allocated by 10,000 packets with per-packet records on");
    }
}
