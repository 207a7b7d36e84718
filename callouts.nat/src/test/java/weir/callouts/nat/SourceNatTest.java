package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Layer;

/** Source NAT with port allocation: inside sources leave as one outside address, replies find their way back. */
class SourceNatTest {
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.US_ASCII);

    @Test
    void tcpConnectionGetsAPortFromTheRangeAndRepliesAreTranslatedBack() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40009");
        MiniShim shim = new MiniShim(h);

        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        byte[] syn = shim.takeOutside();
        int port = Packets.sourcePort(syn);
        shim.fromOutside(Packets.tcp("198.51.100.7", 443, "192.0.2.1", port, Packets.SYN | Packets.ACK, new byte[0]));
        byte[] synAck = shim.takeInside();
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.ACK | Packets.PSH, DATA));
        byte[] data = shim.takeOutside();

        assertTrue(port >= 40000 && port <= 40009, "port " + port + " from the range");
        assertArrayEquals(Packets.tcp("192.0.2.1", port, "198.51.100.7", 443, Packets.SYN, new byte[0]), syn);
        assertArrayEquals(Packets.tcp("198.51.100.7", 443, "10.0.0.5", 12345, Packets.SYN | Packets.ACK,
                new byte[0]), synAck);
        assertArrayEquals(Packets.tcp("192.0.2.1", port, "198.51.100.7", 443, Packets.ACK | Packets.PSH, DATA), data);
        assertEquals(1, h.core.table().size());
        assertEquals(1, h.rules.get(1).portsInUse());
    }

    @Test
    void twoInsideHostsWithTheSameSourcePortGetDifferentOutsidePorts() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");

        byte[] a = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.udp("10.0.0.5", 5000, "198.51.100.7", 53, DATA, true), h.flows.openFlow()).onlyInjected();
        byte[] b = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.udp("10.0.0.6", 5000, "198.51.100.7", 53, DATA, true), h.flows.openFlow()).onlyInjected();

        assertEquals(Packets.ip("192.0.2.1"), Packets.source(a));
        assertEquals(Packets.ip("192.0.2.1"), Packets.source(b));
        assertNotEquals(Packets.sourcePort(a), Packets.sourcePort(b));
        assertTrue(Packets.transportChecksumValid(a) && Packets.transportChecksumValid(b));
    }

    @Test
    void udpWithoutChecksumKeepsItsZeroBothWays() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--protocol", "udp");
        MiniShim shim = new MiniShim(h);

        shim.fromInside(Packets.udp("10.0.0.5", 6000, "198.51.100.7", 69, DATA, false));
        byte[] out = shim.takeOutside();
        int port = Packets.sourcePort(out);
        shim.fromOutside(Packets.udp("198.51.100.7", 69, "192.0.2.1", port, DATA, false));
        byte[] back = shim.takeInside();

        assertArrayEquals(Packets.udp("192.0.2.1", port, "198.51.100.7", 69, DATA, false), out);
        assertArrayEquals(Packets.udp("198.51.100.7", 69, "10.0.0.5", 6000, DATA, false), back);
        assertEquals(0, Packets.transportChecksum(out));
        assertEquals(0, Packets.transportChecksum(back));
        assertTrue(Packets.ipv4HeaderChecksumValid(out) && Packets.ipv4HeaderChecksumValid(back));
    }

    @Test
    void pingGetsAnAllocatedIdentifierAndTheReplyItsOwnBack() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "50000-50099", "--protocol", "icmp");
        MiniShim shim = new MiniShim(h);

        shim.fromInside(Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 0x0101, 7, DATA));
        byte[] request = shim.takeOutside();
        int id = Packets.icmpIdentifier(request);
        shim.fromOutside(Packets.icmpEcho(false, "198.51.100.7", "192.0.2.1", id, 7, DATA));
        byte[] reply = shim.takeInside();

        assertTrue(id >= 50000 && id <= 50099);
        assertArrayEquals(Packets.icmpEcho(true, "192.0.2.1", "198.51.100.7", id, 7, DATA), request);
        assertArrayEquals(Packets.icmpEcho(false, "198.51.100.7", "10.0.0.5", 0x0101, 7, DATA), reply);
        assertTrue(Packets.transportChecksumValid(request) && Packets.transportChecksumValid(reply));
    }

    @Test
    void protocolsOutsideTheRuleAreLeftAlone() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--protocol", "tcp");

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.udp("10.0.0.5", 6000, "198.51.100.7", 69, DATA, true), h.flows.openFlow());

        assertEquals(ActionType.PERMIT, r.action());
        assertTrue(r.injected().isEmpty());
    }

    @Test
    void exhaustionBlocksTheNewFlowHardAndTheHeldPortIsFreeAfterTheHoldTimeInCaptureTime() {
        NatHarness h = new NatHarness(true, 30, 1000);
        NatRule rule = h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40000");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        int port = Packets.sourcePort(shim.takeOutside());
        shim.fromOutside(Packets.tcp("198.51.100.7", 443, "192.0.2.1", port, Packets.SYN | Packets.ACK,
                new byte[0]));
        shim.takeInside();

        // the only port is taken: a second connection cannot be translated and is dropped (hard, not absorbed:
        // the engine records a net event), never leaked untranslated
        NatHarness.Result refused = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.6", 2222, "198.51.100.7", 443, Packets.SYN, new byte[0]), h.flows.openFlow());
        assertEquals(ActionType.BLOCK, refused.action());
        assertFalse(refused.absorb());
        assertFalse(refused.writeRight());
        assertTrue(refused.injected().isEmpty());
        assertEquals(1, h.core.count(NatCounter.PORTS_EXHAUSTED));
        assertEquals(2, h.flows.contexts(), "inside flow and outside flow each hold the mapping");

        shim.endAllFlows();
        assertEquals(1, h.core.count(NatCounter.MAPPINGS_HELD), "held exactly once, when the last flow ended");
        assertEquals(1, rule.portsInUse(), "the port stays reserved for the hold time");
        h.advanceSeconds(29);
        assertEquals(ActionType.BLOCK, h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.6", 2222, "198.51.100.7", 443, Packets.SYN, new byte[0]),
                h.flows.openFlow()).action(), "29 s of capture time later the port is still held");

        h.advanceSeconds(2);
        byte[] again = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.6", 2222, "198.51.100.7", 443, Packets.SYN, new byte[0]),
                h.flows.openFlow()).onlyInjected();
        assertEquals(40000, Packets.sourcePort(again), "the freed port is allocated again");
        assertEquals(1, h.core.count(NatCounter.MAPPINGS_FREED));
        assertEquals(1, h.core.table().size());
    }

    @Test
    void theMappingOutlivesTheFirstFlowToEndUntilTheOtherEndsToo() {
        NatHarness h = new NatHarness(true, 0, 1000);
        NatRule rule = h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40000");
        long inside = h.flows.openFlow();
        long outside = h.flows.openFlow();
        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, DATA, true), inside).onlyInjected();
        h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.udp("198.51.100.7", 53, "192.0.2.1", Packets.sourcePort(out),
                DATA, true), outside).onlyInjected();

        h.flows.closeFlow(inside);
        h.advanceSeconds(5);
        NatHarness.Result late = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.udp("198.51.100.7", 53, "192.0.2.1", 40000, DATA, true), outside);
        assertArrayEquals(Packets.udp("198.51.100.7", 53, "10.0.0.5", 6000, DATA, true), late.onlyInjected());
        assertEquals(1, rule.portsInUse());

        h.flows.closeFlow(outside);
        assertEquals(1, h.core.count(NatCounter.MAPPINGS_HELD));
        h.advanceSeconds(1);
        h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.udp("198.51.100.9", 1, "192.0.2.7", 1, DATA, true), 0);
        assertEquals(0, rule.portsInUse());
        assertEquals(0, h.core.table().size());
    }

    @Test
    void aNewFlowOnAHeldMappingRevivesIt() {
        NatHarness h = new NatHarness(true, 30, 1000);
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40009");
        byte[] packet = Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, DATA, true);
        long first = h.flows.openFlow();
        int port = Packets.sourcePort(h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, first).onlyInjected());
        h.flows.closeFlow(first);
        assertEquals(1, h.core.table().held());

        h.advanceSeconds(10);
        long second = h.flows.openFlow();
        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, second).onlyInjected();
        assertEquals(port, Packets.sourcePort(out), "the same outside port: the peer sees one conversation");
        assertEquals(0, h.core.table().held());
        h.advanceSeconds(60);
        h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, second);
        assertEquals(1, h.core.table().size(), "a live flow holds it: no expiry");
        assertEquals(1, h.core.count(NatCounter.FLOWS_JOINED));
    }
}
