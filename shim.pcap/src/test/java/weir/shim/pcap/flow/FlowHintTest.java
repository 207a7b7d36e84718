package weir.shim.pcap.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import weir.shim.pcap.Corpus;
import weir.shim.pcap.Frames;
import weir.shim.pcap.capture.CaptureReader;
import weir.shim.pcap.capture.Frame;
import weir.shim.pcap.capture.LinkType;
import weir.shim.pcap.packet.PacketParser;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * The flow hint replay reads ahead with ({@link FlowKey#hint}, {@link FlowTracker#touch}): wherever it gives one,
 * it is the hash the flow table looks the packet up by ({@link FlowKey#set} after a full parse), in both
 * directions; over the corpus it is never a different hash, and it covers the common case. A hint only decides
 * which slot is read early, never a verdict.
 */
class FlowHintTest {
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();
    private final FlowKey key = new FlowKey();

    /** The hint of a frame, checked against the full parse; returns it. */
    private int check(byte[] a, int offset, int length, int linkType, List<String> wrong, String what) {
        int hint = FlowKey.hint(a, offset, length, linkType);
        if (hint != 0) {
            parser.parse(a, offset, length, length, linkType, p);
            // a frame the full parse finds no flow in (a broken UDP length, ...) may still get a hint: one
            // wasted read; a hint other than the flow's hash would be the defect (its read a wrong slot)
            if (key.set(p) && key.hash != hint) {
                wrong.add(what + ": hint " + hint + ", flow key " + key.hash);
            }
        }
        return hint;
    }

    @Test
    void theCommonCaseGetsTheFlowTablesHashBothWays() {
        List<String> wrong = new ArrayList<>();
        byte[][] frames = {
            Frames.tcp4("10.0.0.2", "192.0.2.10", 40000, 80, 0x02, 0),
            Frames.tcp4("192.0.2.10", "10.0.0.2", 80, 40000, 0x12, 0),
            Frames.udp4("10.0.0.2", "192.0.2.53", 5353, 53, 30),
            Frames.udp4("192.0.2.53", "10.0.0.2", 53, 5353, 60),
            Frames.udp4("10.0.0.2", "10.0.0.2", 7, 7, 1),
        };
        for (byte[] f : frames) {
            assertTrue(check(f, 0, f.length, LinkType.ETHERNET, wrong, "frame") != 0, "a hint for TCP/UDP over IPv4");
            parser.parse(f, 0, f.length, f.length, LinkType.ETHERNET, p);
            assertTrue(key.set(p), "a flow");
        }
        assertEquals(List.of(), wrong);
        assertEquals(FlowKey.hint(frames[0], 0, frames[0].length, LinkType.ETHERNET),
                FlowKey.hint(frames[1], 0, frames[1].length, LinkType.ETHERNET), "both directions, one flow");
        byte[] v6 = Frames.udp6("2001:db8::2", "2001:db8::53", 5000, 53, 10);
        assertEquals(0, FlowKey.hint(v6, 0, v6.length, LinkType.ETHERNET), "IPv6: no hint (full lookup)");
        byte[] echo = Frames.echo4("10.0.0.2", "192.0.2.1", 8);
        assertEquals(0, FlowKey.hint(echo, 0, echo.length, LinkType.ETHERNET), "ICMP: no hint");
        byte[] t = Frames.truncated4();
        assertEquals(0, FlowKey.hint(t, 0, t.length, LinkType.ETHERNET), "truncated: no hint");
        assertEquals(0, FlowKey.hint(frames[0], 0, frames[0].length, LinkType.RAW), "another link type: no hint");
    }

    @Test
    void overTheCorpusAHintIsNeverAnotherHash() {
        List<String> wrong = new ArrayList<>();
        long hinted = 0;
        for (Path file : Corpus.captures()) {
            try (CaptureReader r = CaptureReader.open(file)) {
                if (r.rejected()) {
                    continue;
                }
                while (r.next()) {
                    Frame f = r.frame();
                    if (check(f.array(), f.offset(), f.capturedLength(), f.linkType(), wrong,
                            file.getFileName().toString()) != 0) {
                        hinted++;
                    }
                }
            }
        }
        assertEquals(List.of(), wrong.size() > 20 ? wrong.subList(0, 20) : wrong);
        assertTrue(hinted > 0, "the corpus has TCP/UDP over IPv4 on Ethernet");
    }
}
