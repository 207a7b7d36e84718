package weir.shim.pcap.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.junit.FuzzTest;

import weir.shim.pcap.capture.LinkType;

/**
 * Jazzer fuzz target for the frame parser (README, "Fuzzing"). Input: byte 0 picks the link type
 * ({@link #LINK_TYPES}), byte 1 how many bytes the wire had beyond the capture (a snapshot-length cut), the rest
 * is the frame, placed at an offset inside a larger array. The invariant: the parser never throws, its result
 * is consistent ({@link CorpusParseTest#inconsistency}), it reads nothing outside the frame (the bytes around it
 * do not change the result), and parsing again gives the same result.
 *
 * <p>Seeds (frames from the tcpdump test captures, BSD licence) and every input that ever failed:
 * {@code src/test/resources/weir/shim/pcap/packet/FrameParserFuzzTestInputs/parserNeverThrowsAndStaysConsistent/}.
 */
@Tag("frames")
class FrameParserFuzzTest {
    static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.DLT_RAW, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, 127, 9};

    private final PacketParser parser = new PacketParser();
    private final ParsedPacket p = new ParsedPacket();
    private final ParsedPacket again = new ParsedPacket();

    @FuzzTest(maxDuration = "30s")
    void parserNeverThrowsAndStaysConsistent(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int linkType = LINK_TYPES[(input[0] & 0xFF) % LINK_TYPES.length];
        int length = input.length - 2;
        int original = length + (input[1] & 0xFF);
        // the frame in the middle of an array whose other bytes are all 0x00, then all 0xFF: a parser that
        // strays outside the frame sees different bytes
        byte[] zeros = new byte[length + 64];
        byte[] ones = new byte[length + 64];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        System.arraycopy(input, 2, zeros, 32, length);
        System.arraycopy(input, 2, ones, 32, length);

        parser.parse(zeros, 32, length, original, linkType, p);
        String bad = CorpusParseTest.inconsistency(p);
        assertNull(bad, () -> bad + " (link type " + linkType + ", " + length + " of " + original + " bytes)");
        assertNotNull(p.status());
        assertSame(zeros, p.array());
        assertEquals(32, p.offset());
        assertEquals(length, p.length());

        parser.parse(ones, 32, length, original, linkType, again);
        assertEquals(summary(p), summary(again), "the bytes outside the frame changed the result");
        parser.parse(zeros, 32, length, original, linkType, again);
        assertEquals(summary(p), summary(again), "parsing twice gave two results");
    }

    /** Everything the path and the values mapper read of a result. */
    private static String summary(ParsedPacket p) {
        StringBuilder b = new StringBuilder().append(p.status()).append(' ').append(p.malformation())
                .append(" net=").append(p.networkOk()).append(" tr=").append(p.transportOk())
                .append(" v").append(p.ipVersion()).append(" proto=").append(p.protocol());
        if (p.networkOk()) {
            b.append(" n@").append(p.networkOffset()).append('+').append(p.networkHeaderLength())
                    .append(" len=").append(p.ipLength()).append(" hop=").append(p.hopLimit())
                    .append(" src=").append(p.sourceAddress4()).append('/').append(p.sourceAddressHigh()).append('/')
                    .append(p.sourceAddressLow()).append(" dst=").append(p.destinationAddress4()).append('/')
                    .append(p.destinationAddressHigh()).append('/').append(p.destinationAddressLow())
                    .append(" frag=").append(p.fragment()).append(p.laterFragment()).append(p.moreFragments())
                    .append(p.fragmentOffset()).append('/').append(p.fragmentId());
        }
        b.append(" t@").append(p.transportOffset()).append('+').append(p.transportHeaderLength())
                .append(" ports=").append(p.hasPorts() ? p.sourcePort() + ">" + p.destinationPort() : "-")
                .append(" tcp=").append(p.tcpFlags()).append(" icmp=").append(p.icmp()).append(p.icmpError())
                .append(p.icmp() ? p.icmpType() + "/" + p.icmpCode() : "")
                .append(" pay@").append(p.payloadOffset()).append('+').append(p.payloadLength()).append('/')
                .append(p.capturedPayloadLength()).append(" vlan=").append(p.vlanCount()).append(" quoted=")
                .append(p.embedded().ok());
        return b.toString();
    }
}
