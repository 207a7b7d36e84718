package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Layer;

/**
 * ICMP errors about translated flows (RFC 5508 §4): the outer header and the quoted datagram are translated
 * back, so an error about a source NAT flow reaches the inside host in terms it knows, and an inside server's
 * error about a port-forwarded flow leaves in terms the outside knows. Every checksum is verified from scratch.
 */
class IcmpErrorTest {
    private static final byte[] DATA = "query".getBytes(StandardCharsets.US_ASCII);

    @Test
    void portUnreachableFromTheServerAboutASourceNatFlowReachesTheInsideHost() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "40000-40099");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, DATA, true));
        byte[] sent = shim.takeOutside();
        int port = Packets.sourcePort(sent);

        shim.fromOutside(Packets.icmp(3, 3, "198.51.100.7", "192.0.2.1", sent));
        byte[] error = shim.takeInside();

        byte[] original = Packets.udp("10.0.0.5", 6000, "198.51.100.7", 53, DATA, true);
        assertArrayEquals(Packets.icmp(3, 3, "198.51.100.7", "10.0.0.5", original), error,
                "outer destination and quoted source are the inside host's, port " + port + " is gone");
        assertEquals(List.of(), Checks.wrong(error));
        assertEquals(1, h.core.count(NatCounter.ICMP_ERRORS_TRANSLATED));
    }

    @Test
    void timeExceededFromARouterKeepsTheRoutersAddressAndQuotedTcpChecksumStaysRight() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        byte[] syn = shim.takeOutside();

        shim.fromOutside(Packets.icmp(11, 0, "203.0.113.1", "192.0.2.1", syn));
        byte[] error = shim.takeInside();

        assertArrayEquals(Packets.icmp(11, 0, "203.0.113.1", "10.0.0.5",
                Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0])), error);
        assertEquals(List.of(), Checks.wrong(error));
    }

    @Test
    void aQuoteOfOnlyTheFirstEightBytesIsTranslatedToo() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]));
        byte[] syn = shim.takeOutside();

        shim.fromOutside(Packets.icmp(3, 1, "203.0.113.1", "192.0.2.1", java.util.Arrays.copyOf(syn, 28)));
        byte[] error = shim.takeInside();

        byte[] expected = java.util.Arrays.copyOf(
                Packets.tcp("10.0.0.5", 12345, "198.51.100.7", 443, Packets.SYN, new byte[0]), 28);
        assertArrayEquals(Packets.icmp(3, 1, "203.0.113.1", "10.0.0.5", expected), error);
        assertEquals(List.of(), Checks.wrong(error));
    }

    @Test
    void anErrorAboutAPingCarriesTheInsideIdentifierBack() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1", "--ports", "50000-50000", "--protocol", "icmp");
        MiniShim shim = new MiniShim(h);
        shim.fromInside(Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 0x0707, 1, DATA));
        byte[] request = shim.takeOutside();
        assertEquals(50000, Packets.icmpIdentifier(request));

        shim.fromOutside(Packets.icmp(11, 0, "203.0.113.1", "192.0.2.1", request));
        byte[] error = shim.takeInside();

        assertArrayEquals(Packets.icmp(11, 0, "203.0.113.1", "10.0.0.5",
                Packets.icmpEcho(true, "10.0.0.5", "198.51.100.7", 0x0707, 1, DATA)), error);
        assertEquals(List.of(), Checks.wrong(error));
    }

    @Test
    void anInsideServersErrorAboutAForwardedDatagramLeavesAsTheOutsideAddressAndPort() {
        NatHarness h = new NatHarness();
        h.rule("forward", "10.0.0.53:53", "192.0.2.1:5353", "--protocol", "udp");
        MiniShim shim = new MiniShim(h);
        shim.fromOutside(Packets.udp("203.0.113.9", 3333, "192.0.2.1", 5353, DATA, true));
        byte[] delivered = shim.takeInside();

        shim.fromInside(Packets.icmp(3, 3, "10.0.0.53", "203.0.113.9", delivered));
        byte[] error = shim.takeOutside();

        assertArrayEquals(Packets.icmp(3, 3, "192.0.2.1", "203.0.113.9",
                Packets.udp("203.0.113.9", 3333, "192.0.2.1", 5353, DATA, true)), error);
        assertEquals(List.of(), Checks.wrong(error));
    }

    @Test
    void staticNatMapsErrorsByAddressBothWays() {
        NatHarness h = new NatHarness();
        h.rule("static", "10.0.0.5", "192.0.2.5");

        byte[] quotedOut = Packets.udp("192.0.2.5", 7000, "198.51.100.7", 53, DATA, false);
        byte[] in = h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.icmp(3, 3, "198.51.100.7", "192.0.2.5",
                quotedOut), 0).onlyInjected();
        byte[] quotedIn = Packets.udp("198.51.100.7", 53, "10.0.0.5", 7000, DATA, true);
        byte[] out = h.classify(Layer.OUTBOUND_TRANSPORT_V4, Packets.icmp(3, 3, "10.0.0.5", "198.51.100.7",
                quotedIn), 0).onlyInjected();

        assertArrayEquals(Packets.icmp(3, 3, "198.51.100.7", "10.0.0.5",
                Packets.udp("10.0.0.5", 7000, "198.51.100.7", 53, DATA, false)), in, "a zero UDP checksum stays 0");
        assertArrayEquals(Packets.icmp(3, 3, "192.0.2.5", "198.51.100.7",
                Packets.udp("198.51.100.7", 53, "192.0.2.5", 7000, DATA, true)), out);
        assertEquals(List.of(), Checks.wrong(in));
        assertEquals(List.of(), Checks.wrong(out));
    }

    @Test
    void errorsAboutNoMappingAreDroppedWhenARuleClaimsTheirAddressesElsePermitted() {
        NatHarness h = new NatHarness();
        h.rule("snat", "10.0.0.0/24", "192.0.2.1");
        byte[] unknown = Packets.udp("192.0.2.1", 41234, "198.51.100.7", 53, DATA, true);

        NatHarness.Result claimed = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.icmp(3, 3, "198.51.100.7", "192.0.2.1", unknown), 0);
        NatHarness.Result other = h.classify(Layer.INBOUND_TRANSPORT_V4, Packets.icmp(3, 3, "198.51.100.7",
                "192.0.2.99", Packets.udp("192.0.2.99", 1, "198.51.100.7", 53, DATA, true)), 0);
        NatHarness.Result garbage = h.classify(Layer.INBOUND_TRANSPORT_V4,
                Packets.icmp(3, 3, "198.51.100.7", "192.0.2.1", DATA), 0);

        assertEquals(ActionType.BLOCK, claimed.action());
        assertFalse(claimed.absorb());
        assertEquals(ActionType.PERMIT, other.action());
        assertEquals(ActionType.BLOCK, garbage.action(), "a quote too short to translate, to an outside address");
        assertTrue(claimed.injected().isEmpty() && other.injected().isEmpty() && garbage.injected().isEmpty());
        assertEquals(2, h.core.count(NatCounter.UNTRANSLATABLE_BLOCKED));
        assertEquals(1, h.core.count(NatCounter.ICMP_ERRORS_UNMATCHED));
    }
}
