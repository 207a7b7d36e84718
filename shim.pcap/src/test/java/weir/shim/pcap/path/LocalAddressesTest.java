package weir.shim.pcap.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import weir.shim.pcap.Frames;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.packet.PacketParser;
import weir.shim.pcap.packet.ParsedPacket;
import weir.shim.pcap.values.PacketDirection;

/** {@code --local}: addresses and prefixes of both families decide a packet's direction; mistakes are one line. */
class LocalAddressesTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();

    private PacketDirection direction(LocalAddresses local, byte[] frame) {
        parser.parse(frame, 0, frame.length, frame.length, LinkType.ETHERNET, p);
        return local.direction(p);
    }

    @Test
    void fromLocalIsOutboundToLocalIsInboundElseForward() {
        LocalAddresses l = LocalAddresses.parse(" 10.0.0.2, 192.168.0.0/16 ,2001:db8:1::/48");
        assertEquals(PacketDirection.OUTBOUND, direction(l, Frames.udp4("10.0.0.2", "192.0.2.1", 1, 2, 0)));
        assertEquals(PacketDirection.INBOUND, direction(l, Frames.udp4("192.0.2.1", "192.168.77.1", 1, 2, 0)));
        assertEquals(PacketDirection.FORWARD, direction(l, Frames.udp4("192.0.2.1", "10.0.0.3", 1, 2, 0)));
        assertEquals(PacketDirection.OUTBOUND, direction(l, Frames.udp6("2001:db8:1:ff::9", "2001:db8::1", 1, 2, 0)));
        assertEquals(PacketDirection.INBOUND, direction(l, Frames.udp6("2001:db8::1", "2001:db8:1::1", 1, 2, 0)));
        assertEquals(PacketDirection.FORWARD, direction(l, Frames.udp6("2001:db8::1", "2001:db8:2::1", 1, 2, 0)));
        assertEquals("10.0.0.2,192.168.0.0/16,2001:db8:1::/48", l.toString());
    }

    @Test
    void withoutLocalAddressesEveryPacketIsInbound() {
        LocalAddresses none = LocalAddresses.parse(null);
        assertTrue(none.isEmpty());
        assertEquals(PacketDirection.INBOUND, direction(none, Frames.udp4("10.0.0.2", "192.0.2.1", 1, 2, 0)));
        assertEquals(PacketDirection.INBOUND, direction(LocalAddresses.parse(" , "),
                Frames.udp4("10.0.0.2", "192.0.2.1", 1, 2, 0)));
    }

    @Test
    void mistakesAreOneLineNamingTheEntry() {
        for (String bad : new String[] {"10.0.0.300", "10.0.0", "10.0.0.0/33", "2001:db8::/129", "example.com",
            "10.0.0.0/x", "fe80::1%eth0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LocalAddresses.parse("10.0.0.1," + bad));
            assertTrue(e.getMessage().startsWith("--local " + bad + ": "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }
}
