package weir.shim.pcap.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a pcap file (little-endian, version 2.4), buffered, without allocating per packet: the verdict
 * outputs ({@code --permitted}, {@code --dropped}). Frames keep their bytes, lengths and timestamps;
 * modified packets are written from any array. Microsecond or nanosecond magic as chosen; a frame whose
 * nanoseconds a microsecond file cannot hold is written truncated to the microsecond and counted; one
 * outside pcap's seconds (1970 to 2106) is written clamped to that range and counted.
 */
public final class PcapWriter implements AutoCloseable {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final long NANOS = 1_000_000_000L;
    private static final long MAX_SECONDS = 0xFFFFFFFFL;

    private final Path file;
    private final FileChannel channel;
    /**
     * Direct, so that the channel writes it as it is: a heap buffer is first copied by the JDK into a temporary
     * direct one on every write, one more copy of every byte written.
     */
    private final ByteBuffer little = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final boolean nanosecond;
    private final int linkType;
    private final int snaplen;
    private int used;
    private int largestCaplen;
    private long packets;
    private long refused;
    private long precisionLost;
    private long outOfRange;
    private boolean closed;

    private PcapWriter(Path file, FileChannel channel, int linkTypeField, int snaplen, boolean nanosecond) {
        this.file = file;
        this.channel = channel;
        this.linkType = linkTypeField & 0xFFFF;
        this.snaplen = snaplen;
        this.nanosecond = nanosecond;
        little.putInt(0, nanosecond ? PcapRecords.MAGIC_NANO : PcapRecords.MAGIC_MICRO);
        little.putShort(4, (short) 2);
        little.putShort(6, (short) 4);
        little.putInt(8, 0);
        little.putInt(12, 0);
        little.putInt(16, snaplen);
        little.putInt(20, linkTypeField);
        used = PcapRecords.FILE_HEADER_LENGTH;
    }

    /**
     * Creates (or truncates) a pcap file.
     *
     * @param linkTypeField the header's linktype field: a {@code LINKTYPE_*}, FCS bits allowed on top
     * @param snaplen the snapshot length to declare
     * @param nanosecond nanosecond magic and timestamps, else microseconds
     */
    public static PcapWriter create(Path file, int linkTypeField, int snaplen, boolean nanosecond) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new PcapWriter(file, channel, linkTypeField, snaplen, nanosecond);
    }

    /**
     * A writer matching an input: its linktype field, snaplen, and nanosecond timestamps when the input has
     * them (nanosecond pcap, or a pcapng whose first interface resolves finer than a microsecond).
     */
    public static PcapWriter like(Path file, CaptureReader input) throws IOException {
        return create(file, Math.max(0, input.linkTypeField()), input.snaplen(), input.nanosecondTimestamps());
    }

    /**
     * Writes a frame as it is. False (and counted in {@link #refused()}) when its link type is not the
     * file's: a pcap file has one, a pcapng input may have several.
     */
    public boolean write(Frame frame) throws IOException {
        if (frame.linkType() != linkType) {
            refused++;
            return false;
        }
        record(frame.array(), frame.offset(), frame.capturedLength(), frame.originalLength(),
                frame.timestampSeconds(), frame.timestampFractionNanos());
        return true;
    }

    /** Writes a packet from an array, e.g. one a callout modified. */
    public void write(byte[] data, int offset, int capturedLength, int originalLength, long timestampNanos)
            throws IOException {
        record(data, offset, capturedLength, originalLength, Math.floorDiv(timestampNanos, NANOS),
                Math.floorMod(timestampNanos, NANOS));
    }

    private void record(byte[] data, int offset, int caplen, int length, long seconds, long fraction)
            throws IOException {
        if (closed) {
            throw new IOException(file + ": writer closed");
        }
        if (fraction >= NANOS || fraction < 0) {
            seconds += Math.floorDiv(fraction, NANOS);
            fraction = Math.floorMod(fraction, NANOS);
        }
        if (seconds < 0 || seconds > MAX_SECONDS) {
            // before 1970 or after 2106-02-07: a pcap record cannot say it; keep the order at least
            outOfRange++;
            seconds = seconds < 0 ? 0 : MAX_SECONDS;
            fraction = seconds == 0 ? 0 : NANOS - 1;
        }
        long stamp = fraction;
        if (!nanosecond) {
            stamp = fraction / 1000;
            if (fraction % 1000 != 0) {
                precisionLost++;
            }
        }
        if (BUFFER_SIZE - used < 16) {
            flush();
        }
        little.putInt(used, (int) seconds);
        little.putInt(used + 4, (int) stamp);
        little.putInt(used + 8, caplen);
        little.putInt(used + 12, length);
        used += 16;
        int done = 0;
        while (done < caplen) {
            if (used == BUFFER_SIZE) {
                flush();
            }
            int n = Math.min(caplen - done, BUFFER_SIZE - used);
            little.put(used, data, offset + done, n);
            used += n;
            done += n;
        }
        if (caplen > largestCaplen) {
            largestCaplen = caplen;
        }
        packets++;
    }

    /** Writes out what is buffered. */
    public void flush() throws IOException {
        ByteBuffer out = little;
        out.clear().limit(used);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
        used = 0;
    }

    public Path file() {
        return file;
    }

    /** Packets written. */
    public long packets() {
        return packets;
    }

    /** Frames refused for another link type. */
    public long refused() {
        return refused;
    }

    /** Packets whose timestamp lost its sub-microsecond part in a microsecond file. */
    public long precisionLost() {
        return precisionLost;
    }

    /** Packets whose timestamp lies outside what pcap's unsigned 32-bit seconds hold, written clamped. */
    public long timestampsOutOfRange() {
        return outOfRange;
    }

    /**
     * Flushes and closes. If a (modified) packet outgrew the declared snaplen, the header's snaplen is
     * raised to it so that readers do not cut the packet.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
            if (snaplen != 0 && Integer.compareUnsigned(largestCaplen, snaplen) > 0) {
                ByteBuffer field = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, largestCaplen);
                channel.write(field, 16);
            }
        } finally {
            channel.close();
        }
    }
}
