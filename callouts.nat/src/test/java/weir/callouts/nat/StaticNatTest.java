package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Direction;
import weir.engine.api.Layer;

/** Static (1:1) NAT: sources from the inside and destinations from the outside, both ways, every protocol. */
class StaticNatTest {
    private static final byte[] DATA = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void outboundPacketIsAbsorbedAndItsCopyWithTheOutsideSourceInjected() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        long flow = h.flows.openFlow();
        byte[] packet = Packets.tcp("10.0.0.5", 40001, "198.51.100.7", 80, Packets.ACK | Packets.PSH, DATA);

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, packet, flow);

        assertEquals(ActionType.BLOCK, r.action());
        assertTrue(r.absorb(), "the original is absorbed: no net event, the copy replaces it");
        assertFalse(r.writeRight(), "the block is hard");
        assertEquals(1, r.injected().size());
        assertEquals(Direction.OUTBOUND, r.injected().get(0).direction(), "injected in the packet's direction");
        assertSame(h.handle, r.injected().get(0).handle());
        byte[] expected = Packets.tcp("192.0.2.5", 40001, "198.51.100.7", 80, Packets.ACK | Packets.PSH, DATA);
        assertArrayEquals(expected, r.onlyInjected());
        assertTrue(Packets.ipv4HeaderChecksumValid(r.onlyInjected()));
        assertTrue(Packets.transportChecksumValid(r.onlyInjected()));
    }

    @Test
    void inboundPacketToTheOutsideAddressGoesToTheInsideHost() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        byte[] packet = Packets.udp("198.51.100.7", 5353, "192.0.2.5", 53, DATA, true);

        NatHarness.Result r = h.classify(Layer.INBOUND_TRANSPORT_V4, packet, h.flows.openFlow());

        assertEquals(ActionType.BLOCK, r.action());
        assertEquals(Direction.INBOUND, r.injected().get(0).direction());
        assertArrayEquals(Packets.udp("198.51.100.7", 5353, "10.0.0.5", 53, DATA, true), r.onlyInjected());
        assertTrue(Packets.transportChecksumValid(r.onlyInjected()));
    }

    @Test
    void equalPrefixesMapHostByHost() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.0/24", "192.0.2.0/24");

        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.tcp("10.0.0.77", 1025, "198.51.100.7", 443, Packets.SYN, new byte[0]), h.flows.openFlow())
                .onlyInjected();
        byte[] in = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.tcp("198.51.100.7", 1026, "192.0.2.200", 22, Packets.SYN, new byte[0]), h.flows.openFlow())
                .onlyInjected();

        assertEquals(Packets.ip("192.0.2.77"), Packets.source(out));
        assertEquals(Packets.ip("10.0.0.200"), Packets.destination(in));
        assertTrue(Packets.transportChecksumValid(out) && Packets.transportChecksumValid(in));
    }

    @Test
    void repliesAreTranslatedBackAndPingsKeepTheirIdentifier() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        MiniShim shim = new MiniShim(h);

        shim.fromInside(Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 0x4242, 1, DATA));
        byte[] request = shim.takeOutside();
        shim.fromOutside(Packets.icmpEcho(false, "198.51.100.7", "192.0.2.5", 0x4242, 1, DATA));
        byte[] reply = shim.takeInside();

        assertArrayEquals(Packets.icmpEcho(true, "192.0.2.5", "198.51.100.7", 0x4242, 1, DATA), request);
        assertArrayEquals(Packets.icmpEcho(false, "198.51.100.7", "10.0.0.5", 0x4242, 1, DATA), reply);
        assertTrue(Packets.transportChecksumValid(request) && Packets.transportChecksumValid(reply));
        assertEquals(2, h.core.count(NatCounter.TRANSLATED_STATIC), "stateless: no mapping, both ways by rule");
        assertEquals(0, h.core.table().size());
    }

    @Test
    void otherIcmpMessagesHaveOnlyTheirAddressesMapped() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        byte[] timestamp = Packets.icmp(13, 0, "10.0.0.5", "198.51.100.7", new byte[12]);

        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4, timestamp, h.flows.openFlow()).onlyInjected();

        assertArrayEquals(Packets.icmp(13, 0, "192.0.2.5", "198.51.100.7", new byte[12]), out);
    }

    @Test
    void protocolsWithoutPortsHaveTheirAddressesMappedBothWays() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");

        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Packets.other("10.0.0.5", "198.51.100.7", 47, DATA),
                h.flows.openFlow()).onlyInjected();
        byte[] in = h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.other("198.51.100.7", "192.0.2.5", 47, DATA),
                h.flows.openFlow()).onlyInjected();

        assertArrayEquals(Packets.other("192.0.2.5", "198.51.100.7", 47, DATA), out);
        assertArrayEquals(Packets.other("198.51.100.7", "10.0.0.5", 47, DATA), in);
    }

    @Test
    void aFirstFragmentOfAStaticHostIsDroppedNotLeaked() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");
        byte[] fragment = Packets.firstFragment(Packets.udp("10.0.0.5", 1, "198.51.100.7", 2, DATA, true));

        NatHarness.Result r = h.classify(Layer.OUTBOUND_TRANSPORT_V4, fragment, h.flows.openFlow());
        NatHarness.Result other = h.classify(Layer.OUTBOUND_TRANSPORT_V4,
                Packets.firstFragment(Packets.udp("10.0.0.6", 1, "198.51.100.7", 2, DATA, true)), h.flows.openFlow());

        assertEquals(ActionType.BLOCK, r.action());
        assertFalse(r.absorb());
        assertEquals(ActionType.PERMIT, other.action(), "a host no rule covers is none of NAT's business");
        assertEquals(1, h.core.count(NatCounter.UNTRANSLATABLE_BLOCKED));
        assertEquals(1, h.core.count(NatCounter.UNTRANSLATABLE_PERMITTED));
    }
}
