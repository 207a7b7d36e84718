package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.shim.pcap.capture.CaptureFiles.block;
import static weir.shim.pcap.capture.CaptureFiles.enhancedPacket;
import static weir.shim.pcap.capture.CaptureFiles.frame;
import static weir.shim.pcap.capture.CaptureFiles.interfaceDescription;
import static weir.shim.pcap.capture.CaptureFiles.obsoletePacket;
import static weir.shim.pcap.capture.CaptureFiles.sectionHeader;
import static weir.shim.pcap.capture.CaptureFiles.simplePacket;
import static weir.shim.pcap.capture.CaptureFiles.tsresol;
import static weir.shim.pcap.capture.CaptureFiles.tsresolAndOffset;
import static weir.shim.pcap.capture.CaptureFiles.write;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import weir.shim.pcap.Bytes;

/** pcapng: sections of either byte order, interfaces, time resolutions, packet block kinds, corruption. */
class PcapngReaderTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @TempDir
    Path dir;

    private static byte[] bytes(Frame f) {
        return Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.capturedLength());
    }

    private static Bytes start(ByteOrder o, int linkType, int snaplen) {
        return interfaceDescription(sectionHeader(new Bytes().order(o)), linkType, snaplen);
    }

    private CaptureReader open(String name, Bytes b) {
        return CaptureReader.open(write(dir.resolve(name), b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void enhancedPacketsInEitherByteOrder(String byteOrder) {
        ByteOrder o = byteOrder.equals("BIG_ENDIAN") ? BE : LE;
        Bytes b = start(o, LinkType.ETHERNET, 65535);
        enhancedPacket(b, 0, 1_700_000_000_123_456L, frame(61, 1));
        enhancedPacket(b, 0, 1_700_000_001_000_000L, 40, 1500, frame(40, 2));
        try (CaptureReader r = open("epb.pcapng", b)) {
            assertEquals(CaptureReader.Format.PCAPNG, r.format());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(65535, r.snaplen());
            assertFalse(r.nanosecondTimestamps());
            assertTrue(r.next());
            Frame f = r.frame();
            assertArrayEquals(frame(61, 1), bytes(f));
            assertEquals(61, f.originalLength());
            assertEquals(1_700_000_000L, f.timestampSeconds());
            assertEquals(123_456_000L, f.timestampFractionNanos());
            assertEquals(0, f.interfaceId());
            assertTrue(r.next());
            assertEquals(1500, f.originalLength());
            assertEquals(1_700_000_001L, f.timestampSeconds());
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(1, r.sections());
        }
    }

    /** if_tsresol values and the nanoseconds libpcap computes for one raw timestamp. */
    @ParameterizedTest
    @CsvSource({
        "9, 1700000000123456789, 1700000000, 123456789",
        "6, 1700000000123456, 1700000000, 123456000",
        "3, 1700000000123, 1700000000, 123000000",
        "0, 1700000000, 1700000000, 0",
        "12, 1700000123456789012, 1700000, 123456789",
        "138, 1024005, 1000, 4882812", // 2^-10: 5/1024 s = 4882812.5 ns, cut
        "158, 3221225472, 3, 0", // 2^-30: 3 * 2^30
        "149, 6291456, 3, 0", // 2^-21
    })
    void timeResolutions(int tsresol, String raw, long seconds, long nanos) {
        long t = Long.parseUnsignedLong(raw);
        Bytes b = interfaceDescription(sectionHeader(new Bytes().order(LE)), LinkType.RAW, 0, tsresol(LE, tsresol));
        enhancedPacket(b, 0, t, frame(20, 0));
        try (CaptureReader r = open("tsresol.pcapng", b)) {
            assertEquals(tsresol == 9 || tsresol == 12 || tsresol >= 148, r.nanosecondTimestamps());
            assertTrue(r.next());
            assertEquals(seconds, r.frame().timestampSeconds());
            assertEquals(nanos, r.frame().timestampFractionNanos());
            assertEquals(0, r.count(ReadProblem.BAD_INTERFACE_OPTION));
        }
    }

    @Test
    void timestampOffsetIsAddedInSeconds() {
        Bytes b = interfaceDescription(sectionHeader(new Bytes().order(BE)), LinkType.RAW, 0,
                tsresolAndOffset(BE, 9, 1_600_000_000L));
        enhancedPacket(b, 0, 5_000_000_007L, frame(20, 0));
        try (CaptureReader r = open("tsoffset.pcapng", b)) {
            assertTrue(r.next());
            assertEquals(1_600_000_005L, r.frame().timestampSeconds());
            assertEquals(7, r.frame().timestampFractionNanos());
        }
    }

    @Test
    void simplePacketHoldsTheSmallerOfLengthAndSnaplen() {
        Bytes b = start(LE, LinkType.ETHERNET, 50);
        simplePacket(b, 40, frame(40, 1));
        simplePacket(b, 80, frame(80, 2));
        simplePacket(b, 1514, frame(30, 3));
        try (CaptureReader r = open("spb.pcapng", b)) {
            assertTrue(r.next());
            assertArrayEquals(frame(40, 1), bytes(r.frame()));
            assertEquals(0, r.frame().timestampNanos());
            assertTrue(r.next());
            assertArrayEquals(Arrays.copyOf(frame(80, 2), 50), bytes(r.frame()));
            assertEquals(80, r.frame().originalLength());
            // 1514 bytes cut to the snaplen are 50, but the block holds 30: inconsistent, skipped
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(1, r.count(ReadProblem.BAD_PACKET_BLOCK));
        }
    }

    @Test
    void obsoletePacketBlock() {
        Bytes b = start(BE, LinkType.ETHERNET, 0);
        obsoletePacket(b, 0, 42_000_001L, frame(33, 4));
        try (CaptureReader r = open("pb.pcapng", b)) {
            assertTrue(r.next());
            assertArrayEquals(frame(33, 4), bytes(r.frame()));
            assertEquals(42, r.frame().timestampSeconds());
            assertEquals(1000, r.frame().timestampFractionNanos());
        }
    }

    @Test
    void unknownBlocksAreSkipped() {
        Bytes b = sectionHeader(new Bytes().order(LE));
        block(b, 4, new Bytes().order(LE).u16(0).u16(0)); // name resolution, before the interface
        interfaceDescription(b, LinkType.ETHERNET, 0);
        block(b, 0x0BAD, new Bytes().u32(0x12345678).u8(1, 2, 3)); // custom
        enhancedPacket(b, 0, 1, frame(20, 0));
        block(b, 5, new Bytes().order(LE).u32(0).u32(0).u32(0)); // interface statistics
        enhancedPacket(b, 0, 2, frame(20, 1));
        try (CaptureReader r = open("skip.pcapng", b)) {
            assertTrue(r.next());
            assertTrue(r.next());
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(3, r.skippedBlocks());
        }
    }

    @Test
    void interfacesHaveTheirOwnLinkTypesAndIds() {
        Bytes b = start(LE, LinkType.ETHERNET, 0);
        interfaceDescription(b, LinkType.LINUX_SLL, 0, tsresol(LE, 9));
        enhancedPacket(b, 1, 1_000_000_005L, frame(20, 0));
        enhancedPacket(b, 0, 1_000_005L, frame(20, 1));
        try (CaptureReader r = open("two-ifs.pcapng", b)) {
            assertTrue(r.next());
            assertEquals(LinkType.LINUX_SLL, r.frame().linkType());
            assertEquals(1, r.frame().interfaceId());
            assertEquals(5, r.frame().timestampFractionNanos());
            assertTrue(r.next());
            assertEquals(LinkType.ETHERNET, r.frame().linkType());
            assertEquals(0, r.frame().interfaceId());
            assertEquals(5000, r.frame().timestampFractionNanos());
        }
    }

    @Test
    void sectionsOfBothByteOrdersEachNumberTheirInterfaces() {
        Bytes b = start(LE, LinkType.ETHERNET, 0);
        enhancedPacket(b, 0, 1, frame(20, 0));
        byte[] first = b.toArray();
        Bytes second = start(BE, LinkType.RAW, 0);
        enhancedPacket(second, 0, 2, frame(21, 1));
        enhancedPacket(second, 1, 3, frame(22, 2)); // this section has one interface
        enhancedPacket(second, 0, 4, frame(23, 3));
        try (CaptureReader r = open("sections.pcapng", new Bytes().bytes(first).bytes(second.toArray()))) {
            assertTrue(r.next());
            assertEquals(LinkType.ETHERNET, r.frame().linkType());
            assertTrue(r.next());
            assertEquals(LinkType.RAW, r.frame().linkType());
            assertArrayEquals(frame(21, 1), bytes(r.frame()));
            assertEquals(2000, r.frame().timestampFractionNanos());
            assertTrue(r.next());
            assertArrayEquals(frame(23, 3), bytes(r.frame()));
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(2, r.sections());
            assertEquals(1, r.count(ReadProblem.UNKNOWN_INTERFACE));
        }
    }

    @Test
    void packetBeforeAnyInterfaceIsSkipped() {
        Bytes b = sectionHeader(new Bytes().order(LE));
        enhancedPacket(b, 0, 1, frame(20, 0));
        simplePacket(b, 20, frame(20, 0));
        interfaceDescription(b, LinkType.ETHERNET, 0);
        enhancedPacket(b, 0, 2, frame(20, 1));
        try (CaptureReader r = open("early.pcapng", b)) {
            assertEquals(LinkType.ETHERNET, r.linkType(), "the link type is known before the first packet");
            assertTrue(r.next());
            assertArrayEquals(frame(20, 1), bytes(r.frame()));
            assertFalse(r.next());
            assertEquals(2, r.count(ReadProblem.UNKNOWN_INTERFACE));
        }
    }

    @Test
    void packetLongerThanItsBlockIsSkipped() {
        Bytes b = start(LE, LinkType.ETHERNET, 0);
        enhancedPacket(b, 0, 1, 200, 200, frame(20, 0));
        enhancedPacket(b, 0, 2, frame(20, 1));
        block(b, PcapngBlocks.ENHANCED_PACKET, new Bytes().u32(0)); // too short for its fields
        try (CaptureReader r = open("bad-epb.pcapng", b)) {
            assertTrue(r.next());
            assertArrayEquals(frame(20, 1), bytes(r.frame()));
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(2, r.count(ReadProblem.BAD_PACKET_BLOCK));
        }
    }

    @Test
    void caplenAboveTheInterfaceSnaplenIsCut() {
        Bytes b = start(LE, LinkType.ETHERNET, 16);
        enhancedPacket(b, 0, 1, frame(20, 0));
        try (CaptureReader r = open("snap.pcapng", b)) {
            assertTrue(r.next());
            assertEquals(16, r.frame().capturedLength());
            assertEquals(1, r.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN));
        }
    }

    @Test
    void badInterfaceOptionFallsBackToMicroseconds() {
        Bytes options = new Bytes().order(LE).u16(9).u16(2).u8(9, 9, 0, 0).u16(0).u16(0);
        Bytes b = interfaceDescription(sectionHeader(new Bytes().order(LE)), LinkType.ETHERNET, 0, options);
        enhancedPacket(b, 0, 1_000_001L, frame(20, 0));
        try (CaptureReader r = open("bad-option.pcapng", b)) {
            assertTrue(r.next());
            assertEquals(1, r.frame().timestampSeconds());
            assertEquals(1000, r.frame().timestampFractionNanos());
            assertEquals(1, r.count(ReadProblem.BAD_INTERFACE_OPTION));
        }
    }

    @Test
    void tooShortInterfaceKeepsTheNumberingOfTheNext() {
        Bytes b = sectionHeader(new Bytes().order(LE));
        block(b, PcapngBlocks.INTERFACE_DESCRIPTION, new Bytes().u16(1));
        interfaceDescription(b, LinkType.RAW, 0);
        enhancedPacket(b, 0, 1, frame(20, 0));
        enhancedPacket(b, 1, 2, frame(20, 1));
        try (CaptureReader r = open("short-idb.pcapng", b)) {
            assertTrue(r.next());
            assertEquals(1, r.frame().interfaceId());
            assertEquals(LinkType.RAW, r.frame().linkType());
            assertFalse(r.next());
            assertEquals(1, r.count(ReadProblem.BAD_INTERFACE_BLOCK));
            assertEquals(1, r.count(ReadProblem.UNKNOWN_INTERFACE));
        }
    }

    private void assertStopsAfterOne(String name, Bytes tail, ReadProblem reason) {
        Bytes b = start(LE, LinkType.ETHERNET, 0);
        enhancedPacket(b, 0, 1, frame(20, 0));
        b.bytes(tail.toArray());
        enhancedPacket(b, 0, 2, frame(20, 1));
        try (CaptureReader r = open(name, b)) {
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(1, r.packets());
            assertFalse(r.rejected());
            assertEquals(reason, r.endReason());
            assertTrue(r.problemLine().contains(name) && r.problemLine().contains("after 1 packet"), r.problemLine());
        }
    }

    @Test
    void corruptBlockLengthsStopReading() {
        assertStopsAfterOne("not4.pcapng", new Bytes().order(LE).u32(0x0BAD).u32(14).u32(0).u16(0).u32(14),
                ReadProblem.BAD_BLOCK_LENGTH);
        assertStopsAfterOne("small.pcapng", new Bytes().order(LE).u32(0x0BAD).u32(8), ReadProblem.BAD_BLOCK_LENGTH);
        assertStopsAfterOne("trailer.pcapng", new Bytes().order(LE).u32(0x0BAD).u32(16).u32(0).u32(20),
                ReadProblem.BAD_BLOCK_LENGTH);
        assertStopsAfterOne("huge.pcapng", new Bytes().order(LE).u32(0x0BAD).u32(0x7FFFFFF0).u32(0),
                ReadProblem.TRUNCATED_BLOCK);
        assertStopsAfterOne("later-shb.pcapng", new Bytes().order(LE).u32(PcapngBlocks.SECTION_HEADER).u32(28)
                .u32(0x11223344).u16(1).u16(0).u64(-1).u32(28), ReadProblem.BAD_LATER_SECTION);
        assertStopsAfterOne("later-v2.pcapng", new Bytes().order(LE).u32(PcapngBlocks.SECTION_HEADER).u32(28)
                .u32(PcapngBlocks.BYTE_ORDER_MAGIC).u16(2).u16(0).u64(-1).u32(28), ReadProblem.BAD_LATER_SECTION);
    }

    @Test
    void truncatedLastBlockKeepsThePacketsBefore() {
        Bytes b = start(LE, LinkType.ETHERNET, 0);
        enhancedPacket(b, 0, 1, frame(20, 0));
        enhancedPacket(b, 0, 2, frame(20, 1));
        byte[] whole = b.toArray();
        for (int cut = 1; cut < 52; cut++) {
            Bytes shorter = new Bytes().bytes(Arrays.copyOf(whole, whole.length - cut));
            try (CaptureReader r = open("cut" + cut + ".pcapng", shorter)) {
                assertTrue(r.next());
                assertFalse(r.next(), "cut " + cut);
                assertEquals(ReadProblem.TRUNCATED_BLOCK, r.endReason(), "cut " + cut);
            }
        }
    }

    @Test
    void badSectionHeadersAreRejected() {
        assertRejected("magic.pcapng", new Bytes().order(LE).u32(PcapngBlocks.SECTION_HEADER).u32(28).u32(0x11223344)
                .u16(1).u16(0).u64(-1).u32(28), ReadProblem.BAD_SECTION_HEADER);
        assertRejected("v2.pcapng", new Bytes().order(LE).u32(PcapngBlocks.SECTION_HEADER).u32(28)
                .u32(PcapngBlocks.BYTE_ORDER_MAGIC).u16(2).u16(0).u64(-1).u32(28), ReadProblem.UNSUPPORTED_VERSION);
        assertRejected("length.pcapng", new Bytes().order(BE).u32(PcapngBlocks.SECTION_HEADER).u32(20)
                .u32(PcapngBlocks.BYTE_ORDER_MAGIC).u16(1).u16(0).u64(-1).u32(20), ReadProblem.BAD_SECTION_HEADER);
        assertRejected("trailer.pcapng", new Bytes().order(BE).u32(PcapngBlocks.SECTION_HEADER).u32(28)
                .u32(PcapngBlocks.BYTE_ORDER_MAGIC).u16(1).u16(0).u64(-1).u32(32), ReadProblem.BAD_SECTION_HEADER);
        assertRejected("short.pcapng", new Bytes().order(BE).u32(PcapngBlocks.SECTION_HEADER).u32(28)
                .u32(PcapngBlocks.BYTE_ORDER_MAGIC), ReadProblem.TRUNCATED_FILE_HEADER);
    }

    private void assertRejected(String name, Bytes content, ReadProblem reason) {
        try (CaptureReader r = open(name, content)) {
            assertTrue(r.rejected(), name);
            assertEquals(reason, r.endReason(), name);
            assertFalse(r.next());
            assertTrue(r.problemLine().contains(name), r.problemLine());
        }
    }

    @Test
    void sectionHeaderWithoutInterfacesIsAnEmptyCapture() {
        try (CaptureReader r = open("no-idb.pcapng", sectionHeader(new Bytes().order(LE)))) {
            assertFalse(r.rejected());
            assertEquals(-1, r.linkType());
            assertFalse(r.next());
            assertNull(r.endReason());
        }
    }

    @Test
    void smallMappingWindowsGiveTheSameFrames() {
        Bytes b = start(BE, LinkType.ETHERNET, 0);
        for (int i = 0; i < 200; i++) {
            if (i % 50 == 0) {
                block(b, 0x0BAD, new Bytes().zeros(i % 7 * 4));
            }
            enhancedPacket(b, 0, i, frame(1 + i % 80, i));
        }
        Path file = write(dir.resolve("windows.pcapng"), b);
        for (int window : new int[] {116, 150, 333, 1 << 16}) {
            try (CaptureReader r = CaptureReader.open(file, window)) {
                for (int i = 0; i < 200; i++) {
                    assertTrue(r.next(), "window " + window + " packet " + i);
                    assertArrayEquals(frame(1 + i % 80, i), bytes(r.frame()));
                    assertEquals(i * 1000L, r.frame().timestampFractionNanos());
                }
                assertFalse(r.next());
                assertNull(r.endReason(), r.problemLine());
            }
        }
    }
}
