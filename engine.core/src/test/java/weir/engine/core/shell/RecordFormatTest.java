package weir.engine.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;

import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;

/** Any bundle's records print like wfp: output: tables, name/value lines, tab-separated values for scripts. */
class RecordFormatTest {
    record Flow(InetAddress srcIp, int srcPort, String proto, long bytesToServer) {
    }

    record Status(String file, long recordsWritten, Optional<String> lastError, Duration age, Instant since,
            List<Flow> flows) {
    }

    private static Flow flow(String ip, int port, String proto, long bytes) throws Exception {
        return new Flow(InetAddress.getByName(ip), port, proto, bytes);
    }

    @Test
    void listingIsAnAlignedTableWithHeadersFromComponentNames() throws Exception {
        Listing l = Listing.of("flows", List.of(flow("10.0.0.2", 443, "tcp", 1200), flow("::1", 53, "udp", 7)));
        assertEquals(String.join("\n",
                "SRC IP    SRC PORT  PROTO  BYTES TO SERVER",
                "10.0.0.2       443  tcp               1200",
                "::1             53  udp                  7"),
                RecordFormat.format(l, Converter.INSPECT, 0));
        assertEquals("2 flows", RecordFormat.format(l, Converter.LINE, 0));
    }

    @Test
    void anEmptyListingSaysSo() {
        assertEquals("no flows", RecordFormat.format(Listing.of("flows", List.of()), Converter.INSPECT, 0));
        assertEquals("", RecordFormat.format(new NoFormat(Listing.of("flows", List.of())), Converter.INSPECT, 0));
    }

    @Test
    void noFormatIsTabSeparatedWithoutHeader() throws Exception {
        Listing l = Listing.of("flows", List.of(flow("2001:db8::7", 80, "tcp", 1)));
        assertEquals("2001:db8::7\t80\ttcp\t1", RecordFormat.format(new NoFormat(l), Converter.INSPECT, 0));
    }

    @Test
    void aRecordIsNameValueLinesWithNestedRowsAsATable() throws Exception {
        Status s = new Status("/var/log/flows.jsonl", 3, Optional.empty(), Duration.ofMillis(1500),
                Instant.parse("2026-12-07T10:00:00Z"), List.of(flow("10.0.0.2", 1, "icmp", 84)));
        assertEquals(String.join("\n",
                "file             /var/log/flows.jsonl",
                "records written  3",
                "last error",
                "age              1.500 s",
                "since            2026-12-07T10:00:00Z",
                "flows:",
                "  SRC IP    SRC PORT  PROTO  BYTES TO SERVER",
                "  10.0.0.2         1  icmp                84"),
                RecordFormat.format(s, Converter.INSPECT, 0));
    }

    record Page(String shown, Listing flowsOfThisVeryLongName) {
    }

    @Test
    void aTableBelowDoesNotWidenTheNamesNorAnEmptyValueLeaveBlanks() throws Exception {
        Page p = new Page("1 of 2", Listing.of("flows", List.of(flow("10.0.0.2", 1, "icmp", 84))));
        assertEquals(String.join("\n",
                "shown  1 of 2",
                "flows of this very long name:",
                "  SRC IP    SRC PORT  PROTO  BYTES TO SERVER",
                "  10.0.0.2         1  icmp                84"),
                RecordFormat.format(p, Converter.INSPECT, 0));
    }

    @Test
    void shortIpv6Text() {
        byte[] a = new byte[16];
        a[15] = 1;
        assertEquals("::1", RecordFormat.v6(a));
        assertEquals("::", RecordFormat.v6(new byte[16]));
        byte[] b = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        assertEquals("2001:db8:0:1::1", RecordFormat.v6(b));
    }

    @Test
    void leavesOtherObjectsToGogo() {
        assertNull(RecordFormat.format("text", Converter.INSPECT, 0));
        assertNull(RecordFormat.format(42, Converter.INSPECT, 0));
    }
}
