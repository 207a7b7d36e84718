package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.shim.pcap.capture.CaptureFiles.enhancedPacket;
import static weir.shim.pcap.capture.CaptureFiles.frame;
import static weir.shim.pcap.capture.CaptureFiles.interfaceDescription;
import static weir.shim.pcap.capture.CaptureFiles.sectionHeader;
import static weir.shim.pcap.capture.CaptureFiles.tsresol;
import static weir.shim.pcap.capture.CaptureFiles.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.Pcaps;

import weir.shim.pcap.Bytes;
import weir.shim.pcap.Corpus;

/** The verdict writer: read → write → read back gives the same frames; modified packets; headers. */
class PcapWriterTest {
    @TempDir
    Path dir;

    private static byte[] bytes(Frame f) {
        return Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.capturedLength());
    }

    private static boolean libpcapAvailable() {
        try {
            Pcaps.libVersion();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Every corpus file through the writer: the copy reads back with the same frames, link type and
     * snaplen, and (where libpcap is there) libpcap reads the copy as our reader does.
     */
    @Test
    void everyCorpusFileRoundTrips() throws IOException {
        boolean libpcap = libpcapAvailable();
        int files = 0;
        long packets = 0;
        long refused = 0;
        long checkedByLibpcap = 0;
        long clamped = 0;
        for (Path file : Corpus.captures()) {
            Path copy = dir.resolve(file.getFileName() + ".copy.pcap");
            List<byte[]> data = new ArrayList<>();
            List<long[]> headers = new ArrayList<>();
            int linkType;
            int linkTypeField;
            int snaplen;
            boolean nanosecond;
            try (CaptureReader in = CaptureReader.open(file); PcapWriter out = PcapWriter.like(copy, in)) {
                assertFalse(in.rejected(), in.problemLine());
                linkType = in.linkType();
                linkTypeField = in.linkTypeField();
                snaplen = in.snaplen();
                nanosecond = in.nanosecondTimestamps();
                while (in.next()) {
                    Frame f = in.frame();
                    if (out.write(f)) {
                        data.add(bytes(f));
                        long t = f.timestampNanos();
                        if (f.timestampSeconds() > 0xFFFFFFFFL) {
                            t = 0xFFFFFFFFL * 1_000_000_000L + 999_999_999L; // clamped, see timestampsOutOfRange
                        } else if (f.timestampSeconds() < 0) {
                            t = 0;
                        }
                        headers.add(new long[] {nanosecond ? t : t - Math.floorMod(t, 1000L), f.originalLength()});
                    }
                }
                refused += out.refused();
                clamped += out.timestampsOutOfRange();
                assertEquals(data.size(), out.packets());
            }
            files++;
            try (CaptureReader back = CaptureReader.open(copy)) {
                String name = file.getFileName().toString();
                assertEquals(CaptureReader.Format.PCAP, back.format(), name);
                assertEquals(Math.max(0, linkTypeField), back.linkTypeField(), name);
                assertEquals(nanosecond, back.nanosecondTimestamps(), name);
                assertTrue(back.snaplen() == snaplen || Integer.compareUnsigned(back.snaplen(), snaplen) > 0, name);
                for (int i = 0; i < data.size(); i++) {
                    assertTrue(back.next(), name + " packet " + (i + 1));
                    Frame f = back.frame();
                    assertArrayEquals(data.get(i), bytes(f), name + " packet " + (i + 1));
                    assertEquals(headers.get(i)[0], f.timestampNanos(), name + " packet " + (i + 1));
                    assertEquals(headers.get(i)[1], f.originalLength(), name + " packet " + (i + 1));
                    assertEquals(Math.max(0, linkType), f.linkType(), name);
                }
                assertFalse(back.next(), name);
                assertEquals(null, back.endReason(), back.problemLine());
                for (ReadProblem p : ReadProblem.values()) {
                    assertEquals(0, back.count(p), name + " " + p);
                }
            }
            packets += data.size();
            if (libpcap) {
                ReaderMatchesLibpcapTest.Tally t = new ReaderMatchesLibpcapTest.Tally("copy");
                ReaderMatchesLibpcapTest.compareFile(copy, t);
                assertTrue(t.failures.isEmpty(), t.report());
                checkedByLibpcap += t.frames;
            }
        }
        Corpus.report("writer-round-trip.txt", "writer round trip: " + files + " files, " + packets
                + " packets written and read back identical, " + refused + " refused for another link type, "
                + clamped + " with timestamps clamped to pcap's range, "
                + checkedByLibpcap + " packets of the copies read identically by libpcap");
    }

    @Test
    void modifiedPacketsAreWrittenAndTheSnaplenGrowsForThem() throws IOException {
        Path file = dir.resolve("modified.pcap");
        byte[] big = frame(300, 9);
        byte[] inArray = new byte[400];
        System.arraycopy(big, 0, inArray, 50, 300);
        try (PcapWriter w = PcapWriter.create(file, LinkType.RAW, 128, false)) {
            w.write(frame(100, 1), 0, 100, 100, 1_500_000_000_123_456_000L);
            w.write(inArray, 50, 300, 300, 1_500_000_001_000_000_000L);
            assertEquals(2, w.packets());
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            assertEquals(300, r.snaplen());
            assertTrue(r.next());
            assertArrayEquals(frame(100, 1), bytes(r.frame()));
            assertEquals(1_500_000_000_123_456_000L, r.frame().timestampNanos());
            assertTrue(r.next());
            assertArrayEquals(big, bytes(r.frame()));
            assertFalse(r.next());
            assertEquals(0, r.count(ReadProblem.CAPLEN_ABOVE_SNAPLEN));
        }
    }

    @Test
    void headerFieldsAndMagic() throws IOException {
        Path micro = dir.resolve("micro.pcap");
        Path nano = dir.resolve("nano.pcap");
        PcapWriter.create(micro, 0x04000001, 1514, false).close();
        PcapWriter.create(nano, LinkType.LINUX_SLL2, 0, true).close();
        ByteBuffer m = ByteBuffer.wrap(Files.readAllBytes(micro)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, m.capacity());
        assertEquals(PcapRecords.MAGIC_MICRO, m.getInt(0));
        assertEquals(2, m.getShort(4));
        assertEquals(4, m.getShort(6));
        assertEquals(1514, m.getInt(16));
        assertEquals(0x04000001, m.getInt(20));
        ByteBuffer n = ByteBuffer.wrap(Files.readAllBytes(nano)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(PcapRecords.MAGIC_NANO, n.getInt(0));
        assertEquals(LinkType.LINUX_SLL2, n.getInt(20));
    }

    @Test
    void nanosecondsSurviveOnlyInANanosecondFile() throws IOException {
        Path micro = dir.resolve("micro.pcap");
        try (PcapWriter w = PcapWriter.create(micro, 1, 0, false)) {
            w.write(frame(20, 0), 0, 20, 20, 7_000_001_999L);
            assertEquals(1, w.precisionLost());
        }
        try (CaptureReader r = CaptureReader.open(micro)) {
            assertTrue(r.next());
            assertEquals(7_000_001_000L, r.frame().timestampNanos());
        }
    }

    @Test
    void aNanosecondPcapngInputGivesANanosecondCopy() throws IOException {
        Bytes b = interfaceDescription(sectionHeader(new Bytes().order(ByteOrder.BIG_ENDIAN)), LinkType.ETHERNET, 9000,
                tsresol(ByteOrder.BIG_ENDIAN, 9));
        enhancedPacket(b, 0, 1_600_000_000_000_000_001L, frame(60, 0));
        Path in = write(dir.resolve("ns.pcapng"), b);
        Path copy = dir.resolve("ns.pcap");
        try (CaptureReader r = CaptureReader.open(in); PcapWriter w = PcapWriter.like(copy, r)) {
            while (r.next()) {
                assertTrue(w.write(r.frame()));
            }
        }
        try (CaptureReader r = CaptureReader.open(copy)) {
            assertTrue(r.nanosecondTimestamps());
            assertEquals(9000, r.snaplen());
            assertTrue(r.next());
            assertEquals(1_600_000_000_000_000_001L, r.frame().timestampNanos());
        }
    }

    @Test
    void timestampsBeyondPcapsSecondsAreClampedAndCounted() throws IOException {
        Path file = dir.resolve("clamped.pcap");
        Frame f = new Frame();
        try (PcapWriter w = PcapWriter.create(file, 1, 0, true)) {
            f.set(frame(20, 0), 0, 20, 20, (1L << 32) * 1_000_000_000L + 5, LinkType.ETHERNET, 0);
            w.write(f);
            f.set(frame(20, 0), 0, 20, 20, -5, LinkType.ETHERNET, 0);
            w.write(f);
            assertEquals(2, w.timestampsOutOfRange());
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            assertTrue(r.next());
            assertEquals(0xFFFFFFFFL, r.frame().timestampSeconds());
            assertEquals(999_999_999L, r.frame().timestampFractionNanos());
            assertTrue(r.next());
            assertEquals(0, r.frame().timestampNanos());
        }
    }

    @Test
    void framesOfAnotherLinkTypeAreRefused() throws IOException {
        Frame f = new Frame();
        try (PcapWriter w = PcapWriter.create(dir.resolve("one.pcap"), LinkType.ETHERNET, 0, false)) {
            f.set(frame(20, 0), 0, 20, 20, 0, LinkType.RAW, 0);
            assertFalse(w.write(f));
            f.set(frame(20, 0), 0, 20, 20, 0, LinkType.ETHERNET, 0);
            assertTrue(w.write(f));
            assertEquals(1, w.refused());
            assertEquals(1, w.packets());
        }
    }

    @Test
    void largeFramesCrossTheBuffer() throws IOException {
        Path file = dir.resolve("large.pcap");
        try (PcapWriter w = PcapWriter.create(file, LinkType.RAW, 0, true)) {
            for (int i = 0; i < 12; i++) {
                w.write(frame(200_000 + i, i), 0, 200_000 + i, 200_000 + i, i);
            }
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            for (int i = 0; i < 12; i++) {
                assertTrue(r.next());
                assertArrayEquals(frame(200_000 + i, i), bytes(r.frame()));
                assertEquals(i, r.frame().timestampNanos());
            }
            assertFalse(r.next());
        }
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        PcapWriter w = PcapWriter.create(dir.resolve("closed.pcap"), 1, 0, false);
        w.close();
        w.close();
        assertThrows(IOException.class, () -> w.write(new byte[1], 0, 1, 1, 0));
    }
}
