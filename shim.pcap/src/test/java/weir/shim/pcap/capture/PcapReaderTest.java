package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.shim.pcap.capture.CaptureFiles.frame;
import static weir.shim.pcap.capture.CaptureFiles.pcapHeader;
import static weir.shim.pcap.capture.CaptureFiles.record;
import static weir.shim.pcap.capture.CaptureFiles.write;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weir.shim.pcap.Bytes;

/** The classic pcap format: byte orders, magics, odd versions, truncation, corruption, rejection. */
class PcapReaderTest {
    @TempDir
    Path dir;

    private static byte[] bytes(Frame f) {
        return Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.capturedLength());
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN, false", "BIG_ENDIAN, true", "LITTLE_ENDIAN, false", "LITTLE_ENDIAN, true"})
    void bothByteOrdersAndBothMagics(String byteOrder, boolean nanosecond) {
        ByteOrder o = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Bytes b = pcapHeader(o, nanosecond, 65535, LinkType.ETHERNET);
        record(b, 1_700_000_000L, 123_456, frame(60, 1));
        record(b, 4_000_000_000L, 999_999, 64, 1514, frame(64, 2));
        record(b, 0, 0, frame(0, 3));
        Path file = write(dir.resolve("f.pcap"), b);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertEquals(CaptureReader.Format.PCAP, r.format());
            assertFalse(r.rejected());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(65535, r.snaplen());
            assertEquals(nanosecond, r.nanosecondTimestamps());
            long scale = nanosecond ? 1 : 1000;

            assertTrue(r.next());
            Frame f = r.frame();
            assertArrayEquals(frame(60, 1), bytes(f));
            assertEquals(60, f.originalLength());
            assertEquals(1_700_000_000L, f.timestampSeconds());
            assertEquals(123_456 * scale, f.timestampFractionNanos());
            assertEquals(1_700_000_000L * 1_000_000_000L + 123_456 * scale, f.timestampNanos());
            assertEquals(LinkType.ETHERNET, f.linkType());
            assertEquals(0, f.interfaceId());
            assertEquals(60, f.byteAt(59));

            assertTrue(r.next());
            assertArrayEquals(frame(64, 2), bytes(f));
            assertEquals(1514, f.originalLength());
            assertEquals(4_000_000_000L, f.timestampSeconds(), "seconds are unsigned 32-bit (after 2038)");
            assertEquals(999_999 * scale, f.timestampFractionNanos());

            assertTrue(r.next());
            assertEquals(0, f.capturedLength());
            assertFalse(r.next());
            assertFalse(r.next());
            assertEquals(3, r.packets());
            assertNull(r.endReason());
            assertNull(r.problemLine());
        }
    }

    @Test
    void frameBytesReadWithoutCopyMatchTheCopy() {
        Path file = write(dir.resolve("f.pcap"), record(pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 0, 1), 1, 2,
                frame(100, 7)));
        try (CaptureReader r = CaptureReader.open(file)) {
            assertTrue(r.next());
            Frame f = r.frame();
            for (int i = 0; i < 100; i++) {
                assertEquals((7 + i) & 0xFF, f.byteAt(i));
            }
            assertEquals(7, f.array()[f.offset()]);
        }
    }

    @Test
    void linkTypeFieldKeepsItsFcsBits() {
        Path file = write(dir.resolve("f.pcap"), record(pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 100, 0x14000001),
                1, 2, frame(10, 0)));
        try (CaptureReader r = CaptureReader.open(file)) {
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(0x14000001, r.linkTypeField());
            assertTrue(r.next());
            assertEquals(LinkType.ETHERNET, r.frame().linkType());
        }
    }

    @Test
    void kuznetzovRecordsHaveEightMoreHeaderBytes() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, PcapRecords.MAGIC_KUZNETZOV, 2, 4, 1500, LinkType.LINUX_SLL);
        for (int i = 0; i < 3; i++) {
            b.u32(10 + i).u32(i).u32(20).u32(40).u32(2).u16(0x0800).u8(0, 0).bytes(frame(20, i));
        }
        Path file = write(dir.resolve("k.pcap"), b);
        try (CaptureReader r = CaptureReader.open(file)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(r.next());
                assertArrayEquals(frame(20, i), bytes(r.frame()));
                assertEquals(40, r.frame().originalLength());
                assertEquals(10 + i, r.frame().timestampSeconds());
            }
            assertFalse(r.next());
            assertNull(r.endReason());
        }
    }

    @Test
    void versionsBefore23HaveTheirLengthsSwapped() {
        Bytes b = pcapHeader(ByteOrder.BIG_ENDIAN, PcapRecords.MAGIC_MICRO, 2, 2, 1500, LinkType.RAW);
        b.u32(1).u32(0).u32(100).u32(30).bytes(frame(30, 0)); // len first, then caplen
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("old.pcap"), b))) {
            assertTrue(r.next());
            assertEquals(30, r.frame().capturedLength());
            assertEquals(100, r.frame().originalLength());
            assertFalse(r.next());
            assertNull(r.endReason());
        }
    }

    @Test
    void version23SwapsOnlyWhenCaplenExceedsLen() {
        Bytes b = pcapHeader(ByteOrder.BIG_ENDIAN, PcapRecords.MAGIC_MICRO, 2, 3, 1500, LinkType.RAW);
        b.u32(1).u32(0).u32(30).u32(100).bytes(frame(30, 0)); // in order
        b.u32(1).u32(0).u32(100).u32(20).bytes(frame(20, 0)); // swapped
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("v23.pcap"), b))) {
            assertTrue(r.next());
            assertEquals(30, r.frame().capturedLength());
            assertTrue(r.next());
            assertEquals(20, r.frame().capturedLength());
            assertEquals(100, r.frame().originalLength());
            assertFalse(r.next());
        }
    }

    @Test
    void truncatedLastRecordHeaderKeepsThePacketsBefore() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        record(b, 1, 0, frame(50, 0));
        record(b, 2, 0, frame(50, 1));
        b.u32(3).u32(0).u8(50);
        Path file = write(dir.resolve("cut-header.pcap"), b);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertTrue(r.next());
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(2, r.packets());
            assertFalse(r.rejected());
            assertEquals(ReadProblem.TRUNCATED_RECORD, r.endReason());
            assertEquals(1, r.count(ReadProblem.TRUNCATED_RECORD));
            String line = r.problemLine();
            assertTrue(line.startsWith(file + ": "), line);
            assertTrue(line.contains("after 2 packets"), line);
            assertFalse(line.contains("\n"));
        }
    }

    @Test
    void truncatedLastRecordData() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        record(b, 1, 0, frame(50, 0));
        b.u32(2).u32(0).u32(50).u32(50).bytes(frame(49, 0));
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("cut-data.pcap"), b))) {
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(ReadProblem.TRUNCATED_RECORD, r.endReason());
            assertEquals(1, r.packets());
        }
    }

    @Test
    void recordBeyondTheMaximumIsCorruption() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        record(b, 1, 0, frame(50, 0));
        b.u32(2).u32(0).u32(0x7FFFFFF0).u32(60).bytes(frame(60, 0));
        record(b, 3, 0, frame(50, 0));
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("huge.pcap"), b))) {
            assertTrue(r.next());
            assertFalse(r.next());
            assertEquals(ReadProblem.RECORD_TOO_LARGE, r.endReason());
            assertTrue(r.problemLine().contains("2147483632"), r.problemLine());
        }
    }

    @Test
    void caplenAboveSnaplenIsCutAsLibpcapDoes() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 10, 1);
        record(b, 1, 0, frame(20, 0));
        record(b, 2, 0, frame(8, 5));
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("snap.pcap"), b))) {
            assertTrue(r.next());
            assertArrayEquals(Arrays.copyOf(frame(20, 0), 10), bytes(r.frame()));
            assertEquals(20, r.frame().originalLength());
            assertTrue(r.next());
            assertArrayEquals(frame(8, 5), bytes(r.frame()));
            assertFalse(r.next());
            assertNull(r.endReason());
            assertEquals(1, r.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN));
        }
    }

    @Test
    void snaplenZeroMeansTheMaximum() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 0, 1);
        record(b, 1, 0, frame(3000, 0));
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("zero.pcap"), b))) {
            assertTrue(r.next());
            assertEquals(3000, r.frame().capturedLength());
            assertEquals(0, r.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN));
        }
    }

    @Test
    void headerOnlyFileHasNoPacketsAndNoProblem() {
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("empty.pcap"),
                pcapHeader(ByteOrder.BIG_ENDIAN, true, 128, 101)))) {
            assertFalse(r.rejected());
            assertEquals(101, r.linkType());
            assertFalse(r.next());
            assertNull(r.endReason());
        }
    }

    private void assertRejected(Path file, ReadProblem reason) {
        try (CaptureReader r = CaptureReader.open(file)) {
            assertTrue(r.rejected(), file.toString());
            assertEquals(reason, r.endReason());
            assertFalse(r.next());
            assertEquals(0, r.packets());
            String line = r.problemLine();
            assertTrue(line.startsWith(file + ": "), line);
            assertTrue(line.contains(reason.description()), line);
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void unreadableFilesAreRejectedWithOneLine() throws IOException {
        assertRejected(write(dir.resolve("zero-bytes.pcap"), new Bytes()), ReadProblem.TRUNCATED_FILE_HEADER);
        assertRejected(write(dir.resolve("three-bytes.pcap"), new Bytes().u8(0xD4, 0xC3, 0xB2)),
                ReadProblem.TRUNCATED_FILE_HEADER);
        Path text = dir.resolve("notes.pcap");
        Files.writeString(text, "this is not a capture\n", StandardCharsets.UTF_8);
        assertRejected(text, ReadProblem.NOT_A_CAPTURE);
        assertRejected(dir.resolve("missing.pcap"), ReadProblem.UNREADABLE);
        assertRejected(dir, ReadProblem.UNREADABLE);
        assertRejected(write(dir.resolve("cut.pcap"), new Bytes().u32(PcapRecords.MAGIC_MICRO).u16(2).u16(4).u32(0)),
                ReadProblem.TRUNCATED_FILE_HEADER);
        assertRejected(write(dir.resolve("v1.pcap"), pcapHeader(ByteOrder.BIG_ENDIAN, PcapRecords.MAGIC_MICRO, 1, 0,
                100, 1)), ReadProblem.UNSUPPORTED_VERSION);
        assertRejected(write(dir.resolve("v3.pcap"), pcapHeader(ByteOrder.BIG_ENDIAN, PcapRecords.MAGIC_MICRO, 3, 0,
                100, 1)), ReadProblem.UNSUPPORTED_VERSION);
    }

    @Test
    void dgUxVersion543IsRead() {
        Bytes b = pcapHeader(ByteOrder.BIG_ENDIAN, PcapRecords.MAGIC_MICRO, 543, 0, 100, 1);
        b.u32(1).u32(0).u32(60).u32(20).bytes(frame(20, 0));
        try (CaptureReader r = CaptureReader.open(write(dir.resolve("dgux.pcap"), b))) {
            assertTrue(r.next());
            assertEquals(20, r.frame().capturedLength());
            assertEquals(60, r.frame().originalLength());
        }
    }

    @Test
    void smallMappingWindowsGiveTheSameFrames() {
        Bytes b = pcapHeader(ByteOrder.LITTLE_ENDIAN, true, 65535, 1);
        for (int i = 0; i < 300; i++) {
            record(b, i, i * 7, frame(1 + i % 90, i));
        }
        Path file = write(dir.resolve("windows.pcap"), b);
        for (int window : new int[] {106, 127, 200, 4096}) {
            try (CaptureReader r = CaptureReader.open(file, window)) {
                for (int i = 0; i < 300; i++) {
                    assertTrue(r.next(), "window " + window + " packet " + i);
                    assertArrayEquals(frame(1 + i % 90, i), bytes(r.frame()));
                    assertEquals(i * 7, r.frame().timestampFractionNanos());
                }
                assertFalse(r.next());
                assertNull(r.endReason(), r.problemLine());
            }
        }
    }
}
