package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Layer;

/** Port forwarding: OUTSIDE:PORT of one protocol to INSIDE:PORT, replies from the inside service back. */
class PortForwardTest {
    private static final byte[] DATA = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void connectionToTheOutsidePortReachesTheInsideServiceAndItsRepliesComeFromTheOutsidePort() {
        NatHarness h = new NatHarness();
        h.rule("forward", "10.0.0.5:80", "192.0.2.1:8080", "--protocol", "tcp");
        MiniShim shim = new MiniShim(h);

        shim.fromOutside(Packets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, Packets.SYN, new byte[0]));
        byte[] syn = shim.takeInside();
        shim.fromInside(Packets.tcp("10.0.0.5", 80, "203.0.113.9", 51000, Packets.SYN | Packets.ACK, new byte[0]));
        byte[] synAck = shim.takeOutside();
        shim.fromOutside(Packets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, Packets.ACK | Packets.PSH, DATA));
        byte[] data = shim.takeInside();

        assertArrayEquals(Packets.tcp("203.0.113.9", 51000, "10.0.0.5", 80, Packets.SYN, new byte[0]), syn);
        assertArrayEquals(Packets.tcp("192.0.2.1", 8080, "203.0.113.9", 51000, Packets.SYN | Packets.ACK,
                new byte[0]), synAck);
        assertArrayEquals(Packets.tcp("203.0.113.9", 51000, "10.0.0.5", 80, Packets.ACK | Packets.PSH, DATA), data);
        assertTrue(shim.dropped.isEmpty());
        assertEquals(1, h.core.table().size(), "one translation for the connection");
    }

    @Test
    void udpForwardKeepsAChecksumOfZeroAtZero() {
        NatHarness h = new NatHarness();
        h.rule("forward", "10.0.0.53", "192.0.2.1:53", "--protocol", "udp");

        byte[] in = h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.udp("203.0.113.9", 3333, "192.0.2.1", 53, DATA,
                false), h.flows.openFlow()).onlyInjected();

        assertArrayEquals(Packets.udp("203.0.113.9", 3333, "10.0.0.53", 53, DATA, false), in);
        assertEquals(0, Packets.transportChecksum(in), "no UDP checksum stays no checksum");
        assertTrue(Packets.ipv4HeaderChecksumValid(in));
    }

    @Test
    void otherPortsAndProtocolsOfTheOutsideAddressAreNotForwarded() {
        NatHarness h = new NatHarness();
        h.rule("forward", "10.0.0.5:80", "192.0.2.1:8080");

        NatHarness.Result udp = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.udp("203.0.113.9", 3333, "192.0.2.1", 8080, DATA, true), h.flows.openFlow());
        NatHarness.Result otherPort = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.tcp("203.0.113.9", 3333, "192.0.2.1", 8081, Packets.SYN, new byte[0]), h.flows.openFlow());

        assertEquals(ActionType.PERMIT, udp.action());
        assertEquals(ActionType.PERMIT, otherPort.action());
        assertTrue(udp.injected().isEmpty() && otherPort.injected().isEmpty());
        assertEquals(2, h.core.count(NatCounter.NO_RULE));
    }

    @Test
    void aForwardedServersRepliesUseTheForwardNotTheSourceNatOfItsPrefix() {
        NatHarness h = new NatHarness();
        NatRule snat = h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40099");
        h.rule("forward", "10.0.0.5:80", "192.0.2.1:8080");
        MiniShim shim = new MiniShim(h);

        shim.fromOutside(Packets.tcp("203.0.113.9", 51000, "192.0.2.1", 8080, Packets.SYN, new byte[0]));
        shim.takeInside();
        shim.fromInside(Packets.tcp("10.0.0.5", 80, "203.0.113.9", 51000, Packets.SYN | Packets.ACK, new byte[0]));

        assertArrayEquals(Packets.tcp("192.0.2.1", 8080, "203.0.113.9", 51000, Packets.SYN | Packets.ACK,
                new byte[0]), shim.takeOutside(), "the reply leaves as the forwarded port, not a source NAT port");
        assertEquals(0, snat.portsInUse());
        assertEquals(1, h.core.table().size());
        assertEquals(1, h.core.count(NatCounter.TRANSLATED_REPLY));
    }
}
