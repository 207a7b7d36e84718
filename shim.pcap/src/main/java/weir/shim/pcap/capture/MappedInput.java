package weir.shim.pcap.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file seen through one memory-mapped window at a time. A MappedByteBuffer holds at most 2 GB, so a
 * larger file is read window by window: when a record does not fit the current window, the next window
 * starts at that record. Windows are mapped per window, never per record.
 */
final class MappedInput {
    /** Mapping costs address space, not memory: large windows mean few remaps. */
    static final int DEFAULT_WINDOW = 1 << 30;

    private final FileChannel channel;
    private final long size;
    private final int window;
    private MappedByteBuffer buffer;
    private long base;
    private int limit;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    MappedInput(FileChannel channel, long size, int window) {
        this.channel = channel;
        this.size = size;
        this.window = window;
    }

    long size() {
        return size;
    }

    /** The largest record that can be made addressable at once. */
    int window() {
        return window;
    }

    /**
     * Makes the bytes {@code [position, position + length)} addressable and returns the index of
     * {@code position} in {@link #buffer()}. The caller has checked that they lie inside the file and that
     * {@code length <= window()}.
     */
    int at(long position, int length) throws IOException {
        long relative = position - base;
        if (buffer != null && relative >= 0 && relative + length <= limit) {
            return (int) relative;
        }
        long mapped = Math.min(window, size - position);
        buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, mapped);
        buffer.order(order);
        base = position;
        limit = (int) mapped;
        return 0;
    }

    /** The current window; valid until the next {@link #at} that remaps. */
    MappedByteBuffer buffer() {
        return buffer;
    }

    void order(ByteOrder order) {
        this.order = order;
        if (buffer != null) {
            buffer.order(order);
        }
    }

    ByteOrder order() {
        return order;
    }
}
