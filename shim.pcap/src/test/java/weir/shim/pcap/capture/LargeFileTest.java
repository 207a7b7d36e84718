package weir.shim.pcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture above 2 GB (a MappedByteBuffer's limit), written sparse: only record headers and markers at
 * both ends of each frame take disk space. Every record, including the ones across the 2 GiB and window
 * boundaries, must read back whole, with the default window and with a small one.
 */
class LargeFileTest {
    private static final int CAPLEN = LinkType.MAXIMUM_SNAPLEN;
    private static final long RECORD = 16 + CAPLEN;
    private static final long SIZE = (1L << 31) + (96L << 20);

    @TempDir
    Path dir;

    @Test
    void recordsBeyondTwoGigabytesReadWhole() throws IOException {
        Path file = dir.resolve("big.pcap");
        int records = (int) ((SIZE - 24) / RECORD) + 1;
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(PcapRecords.MAGIC_NANO)
                .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(CAPLEN).putInt(1).flip();
        ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(header, 0);
            for (int i = 0; i < records; i++) {
                long at = 24 + i * RECORD;
                head.clear().putInt(i).putInt(i).putInt(CAPLEN).putInt(CAPLEN + i).putLong(i).flip();
                ch.write(head, at);
                tail.clear().putLong(~(long) i).flip();
                ch.write(tail, at + RECORD - 8);
            }
        } catch (IOException e) {
            Assumptions.abort("cannot write a sparse 2.1 GB file here: " + e);
        }
        assertTrue(Files.size(file) > (1L << 31) + (64L << 20));
        long straddling = ((1L << 31) - 24) / RECORD;
        assertTrue(24 + straddling * RECORD < 1L << 31 && 24 + (straddling + 1) * RECORD > 1L << 31);

        for (int window : new int[] {MappedInput.DEFAULT_WINDOW, 300_000}) {
            try (CaptureReader r = CaptureReader.open(file, window)) {
                for (int i = 0; i < records; i++) {
                    assertTrue(r.next(), "record " + i + ", window " + window);
                    Frame f = r.frame();
                    assertEquals(CAPLEN, f.capturedLength());
                    assertEquals(CAPLEN + i, f.originalLength());
                    assertEquals(i, f.timestampSeconds());
                    assertEquals(i, f.timestampFractionNanos());
                    assertEquals(i, marker(f, 0), "start of record " + i);
                    assertEquals(~(long) i, marker(f, CAPLEN - 8), "end of record " + i);
                    if (i == straddling) {
                        byte[] whole = f.array();
                        assertEquals(i & 0xFF, whole[f.offset()] & 0xFF);
                        assertEquals(~i & 0xFF, whole[f.offset() + CAPLEN - 8] & 0xFF);
                    }
                }
                assertFalse(r.next());
                assertNull(r.endReason(), r.problemLine());
                assertEquals(records, r.packets());
            }
        }
    }

    private static long marker(Frame f, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | f.byteAt(at + i);
        }
        return v;
    }
}
