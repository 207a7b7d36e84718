package weir.shim.pcap.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.shim.pcap.Frames;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.packet.PacketParser;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * The shim's flow table against the engine's real flow table: one flow for both directions, ends by RST,
 * idle timeout in the packets' time, eviction at the bound, growth, and the end at close; every end closes
 * the engine flow, so each associated context gets its flowDelete exactly once.
 */
class FlowTrackerTest {
    private static final long SECOND = 1_000_000_000L;
    private final RealEngine engine = new RealEngine();
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();
    private final List<Object> deleted = new ArrayList<>();
    private int calloutId;

    private final Callout contextHolder = new Callout() {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, ClassifyOut out) {
        }

        @Override
        public void registered(int id) {
            calloutId = id;
        }

        @Override
        public void flowDelete(Layer layer, int id, Object flowContext) {
            deleted.add(flowContext);
        }
    };

    @AfterEach
    void close() {
        engine.close();
    }

    private ParsedPacket parse(byte[] frame) {
        parser.parse(frame, 0, frame.length, frame.length, LinkType.ETHERNET, p);
        return p;
    }

    private FlowTracker tracker(int max) {
        return new FlowTracker(engine.flowContexts(), max, 7200, 60);
    }

    @Test
    void bothDirectionsAreOneFlowWithOneHandle() {
        FlowTracker t = tracker(100);
        int a = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5000, 53, 0)), true, SECOND);
        assertTrue(t.created());
        long handle = t.handle(a);
        assertNotEquals(0, handle);
        int b = t.track(parse(Frames.udp4("192.0.2.53", "10.0.0.2", 53, 5000, 0)), false, 2 * SECOND);
        assertEquals(a, b);
        assertEquals(false, t.created());
        assertEquals(handle, t.handle(b));
        assertTrue((t.state(a) & FlowState.OUTBOUND) != 0, "started by this host: an outbound flow");
        assertEquals(1, t.counts().created());
        assertEquals(1, engine.flows.openFlows());
        int other = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5001, 53, 0)), true, 3 * SECOND);
        assertNotEquals(a, other, "another port is another flow");
    }

    @Test
    void aSynAckSeenFirstMakesItsDestinationTheInitiator() {
        FlowTracker t = tracker(100);
        int s = t.track(parse(Frames.tcp4("192.0.2.10", "10.0.0.2", 80, 40000,
                ParsedPacket.TCP_SYN | ParsedPacket.TCP_ACK, 0)), false, SECOND);
        assertTrue((t.state(s) & FlowState.OUTBOUND) != 0, "10.0.0.2 sent the SYN we missed: outbound");
        assertEquals(false, t.fromInitiator(s));
    }

    @Test
    void idleFlowsEndInThePacketsOwnTime() {
        FlowTracker t = tracker(100);
        int a = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5000, 53, 0)), true, SECOND);
        associate(t.handle(a), "first");
        // 61 s later in capture time (no wall-clock time passes): the same tuple is a new flow
        int b = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5000, 53, 0)), true, 62 * SECOND);
        assertTrue(t.created());
        assertEquals(List.of("first"), deleted, "the old flow's context was released, once");
        assertEquals(1, t.counts().timedOut());
        associate(t.handle(b), "second");
        t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.77", 1, 2, 0)), true, 63 * SECOND);
        t.sweep(200 * SECOND);
        assertEquals(List.of("first", "second"), deleted);
        assertEquals(0, engine.flows.openFlows());
        assertEquals(0, t.size(), "swept flows leave the table");
    }

    @Test
    void aShortReplayExpiresIdleFlowsByCaptureTimeNotByPacketCount() {
        // a big table and three packets: a sweep every capacity/64 packets would never come
        FlowTracker t = tracker(1_000_000);
        t.expire(SECOND);
        int a = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5000, 53, 0)), true, SECOND);
        associate(t.handle(a), "a");
        t.expire(2 * SECOND);
        int b = t.track(parse(Frames.udp4("10.0.0.3", "192.0.2.53", 5000, 53, 0)), true, 2 * SECOND);
        associate(t.handle(b), "b");

        t.expire(300 * SECOND); // the third packet, 300 s of capture time later, before it is tracked
        assertEquals(List.of("a", "b"), deleted, "both idle flows ended before the new packet's walk");
        assertEquals(2, t.counts().timedOut());
        t.expire(300 * SECOND + SECOND / 2);
        assertEquals(0, t.size());
    }

    @Test
    void aFullTableEvictsAndCountsAndNeverHoldsMoreThanItsBound() {
        FlowTracker t = tracker(4);
        for (int i = 0; i < 10; i++) {
            int s = t.track(parse(Frames.udp4("10.0.0.2", "192.0.2.53", 5000 + i, 53, 0)), true, (i + 1) * SECOND);
            associate(t.handle(s), i);
            assertTrue(t.size() <= 4);
        }
        assertEquals(6, t.counts().evicted());
        assertEquals(4, engine.flows.openFlows());
        assertEquals(6, deleted.size());
        assertEquals(10, t.counts().created());
        t.closeAll();
        assertEquals(10, deleted.size(), "every context released exactly once");
        assertEquals(10, new HashSet<>(deleted).size());
        assertEquals(4, t.counts().closedAtShutdown());
        assertEquals(0, engine.flows.openFlows());
    }

    @Test
    void theTableGrowsAndKeepsFindingItsFlows() {
        FlowTracker t = tracker(100_000);
        int n = 5000;
        Set<Long> handles = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int s = t.track(parse(Frames.udp4("10.0.0.2", ip(i), 5000, 53, 0)), true, SECOND);
            handles.add(t.handle(s));
        }
        assertTrue(t.capacity() >= 2 * n, "grown to keep the load at most one half: " + t.capacity());
        for (int i = 0; i < n; i++) {
            int s = t.track(parse(Frames.udp4(ip(i), "10.0.0.2", 53, 5000, 0)), false, 2 * SECOND);
            assertEquals(false, t.created(), "flow " + i + " found again");
            assertTrue(handles.contains(t.handle(s)));
        }
        assertEquals(n, t.counts().created());
        assertEquals(n, t.counts().peak());
    }

    /**
     * An IPv4 flow keeps its packet count and blocking filter in its slot's address high words (always 0 for
     * IPv4), an IPv6 flow in the cold words: both survive the moves of growth, and neither disturbs finding
     * the flow (the key compare, the hash worked out again when the table grows).
     */
    @Test
    void packetCountsAndBlockingFiltersStayWithTheirFlowsThroughGrowth() {
        FlowTracker t = tracker(100_000);
        int n = 3000;
        for (int i = 0; i < n; i++) {
            int s4 = t.track(parse(Frames.udp4("10.0.0.2", ip(i), 5000, 53, 0)), true, SECOND);
            for (int k = 0; k < i % 5; k++) {
                assertEquals(s4, t.track(parse(Frames.udp4(ip(i), "10.0.0.2", 53, 5000, 0)), false, SECOND));
            }
            t.setBlockingFilter(s4, 1000 + i);
            int s6 = t.track(parse(Frames.udp6("2001:db8::2", ip6(i), 5000, 53, 0)), true, SECOND);
            for (int k = 0; k < i % 3; k++) {
                assertEquals(s6, t.track(parse(Frames.udp6(ip6(i), "2001:db8::2", 53, 5000, 0)), false, SECOND));
            }
            t.setBlockingFilter(s6, 5000 + i);
        }
        assertTrue(t.capacity() >= 4 * n, "grown several times: " + t.capacity());
        Map<Long, FlowInfo> byFilter = new HashMap<>();
        for (FlowInfo f : t.snapshot(Integer.MAX_VALUE, SECOND)) {
            byFilter.put(f.blockingFilter(), f);
        }
        assertEquals(2 * n, byFilter.size(), "every flow listed once, with its own blocking filter");
        for (int i = 0; i < n; i++) {
            FlowInfo v4 = byFilter.get(1000L + i);
            assertEquals(1 + i % 5, v4.packets(), "IPv4 flow " + i);
            assertEquals(ip(i) + ":53", v4.responder());
            assertEquals("10.0.0.2:5000", v4.initiator());
            FlowInfo v6 = byFilter.get(5000L + i);
            assertEquals(1 + i % 3, v6.packets(), "IPv6 flow " + i);
            int s4 = t.track(parse(Frames.udp4(ip(i), "10.0.0.2", 53, 5000, 0)), false, 2 * SECOND);
            assertEquals(false, t.created(), "IPv4 flow " + i + " found after growth");
            assertEquals(1000 + i, t.blockingFilter(s4));
            int s6 = t.track(parse(Frames.udp6(ip6(i), "2001:db8::2", 53, 5000, 0)), false, 2 * SECOND);
            assertEquals(false, t.created(), "IPv6 flow " + i + " found after growth");
            assertEquals(5000 + i, t.blockingFilter(s6));
        }
        assertEquals(2 * n, t.counts().created());
    }

    private static String ip6(int i) {
        return "2001:db8:1::" + Integer.toHexString(i + 1);
    }

    @Test
    void sweepingHalfTheFlowsKeepsTheOtherHalfFindable() {
        FlowTracker t = tracker(100_000);
        for (int i = 0; i < 2000; i++) {
            // odd flows are seen again later, even ones go idle
            t.track(parse(Frames.udp4("10.0.0.2", ip(i), 5000, 53, 0)), true, SECOND);
        }
        for (int i = 1; i < 2000; i += 2) {
            t.track(parse(Frames.udp4("10.0.0.2", ip(i), 5000, 53, 0)), true, 50 * SECOND);
        }
        t.sweep(100 * SECOND);
        assertEquals(1000, t.size());
        assertEquals(1000, t.counts().timedOut());
        for (int i = 1; i < 2000; i += 2) {
            t.track(parse(Frames.udp4(ip(i), "10.0.0.2", 53, 5000, 0)), false, 101 * SECOND);
            assertEquals(false, t.created(), "flow " + i + " survived the sweep's shifting");
        }
    }

    @Test
    void icmpEchoRequestAndReplyShareAFlow() {
        FlowTracker t = tracker(10);
        int a = t.track(parse(Frames.echo4("10.0.0.2", "192.0.2.1", 8)), true, SECOND);
        int b = t.track(parse(Frames.echo4("192.0.2.1", "10.0.0.2", 0)), false, SECOND);
        assertEquals(a, b);
        assertEquals(-1, t.track(parse(Frames.unreachable4("192.0.2.1", "10.0.0.2")), false, SECOND),
                "ICMP errors have no flow");
    }

    @Test
    void afterCloseAllTheTrackerIsEmptySmallAndUsable() {
        FlowTracker t = tracker(100_000);
        int small = t.capacity();
        for (int i = 0; i < 3000; i++) {
            int s = t.track(parse(Frames.udp4("10.0.0.2", ip(i), 5000, 53, 0)), true, SECOND);
            associate(t.handle(s), i);
        }
        assertTrue(t.capacity() > small);
        t.closeAll();
        assertEquals(3000, deleted.size(), "every flow's context released once");
        assertEquals(3000, t.counts().closedAtShutdown());
        assertEquals(0, t.size());
        assertEquals(small, t.capacity(), "the big table is gone");
        assertEquals(0, engine.flows.openFlows());
        // the same tuple again starts a new flow, and the tracker keeps working
        int s = t.track(parse(Frames.udp4("10.0.0.2", ip(0), 5000, 53, 0)), true, 2 * SECOND);
        assertTrue(t.created());
        assertNotEquals(0, t.handle(s));
        assertEquals(s, t.track(parse(Frames.udp4(ip(0), "10.0.0.2", 53, 5000, 0)), false, 2 * SECOND));
        assertEquals(1, t.size());
    }

    private void associate(long handle, Object context) {
        if (calloutId == 0) {
            engine.register(contextHolder, Layer.DATAGRAM_DATA_V4);
        }
        engine.flows.associate(handle, Layer.DATAGRAM_DATA_V4, calloutId, context);
    }

    private static String ip(int i) {
        return "192.0." + (2 + i / 250) + "." + (1 + i % 250);
    }
}
