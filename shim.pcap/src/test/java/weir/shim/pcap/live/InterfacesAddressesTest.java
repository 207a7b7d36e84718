package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A live source's own addresses, shown as its --local list, are written as people write them (RFC 5952). */
class InterfacesAddressesTest {
    @Test
    void theLoopbacksAddressesReadAsTheyAreWritten() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        Assumptions.assumeTrue(lo != null, "needs a loopback interface named lo");
        List<String> shown = List.of(Interfaces.addresses("lo").split(","));
        assertTrue(shown.contains("127.0.0.1"), shown.toString());
        boolean v6 = false;
        for (InterfaceAddress a : lo.getInterfaceAddresses()) {
            v6 |= a.getAddress() instanceof Inet6Address;
        }
        if (v6) {
            assertTrue(shown.contains("::1"), "::1, not 0:0:0:0:0:0:0:1: " + shown);
        }
        for (String a : shown) {
            assertFalse(a.contains("0:0:0:0") || a.contains("%"), a);
        }
    }
}
