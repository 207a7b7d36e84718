package weir.engine.core.mgmt.persist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal file open for appending: a record is written at the end with one positional write and made
 * durable with one {@code fdatasync} ({@link FileChannel#force force(false)}: the data and the length, which
 * is all a reader needs). A write or sync that fails is cut off again, so the journal ends with the last good
 * record; if even that fails, the journal is broken and refuses every further record (Weir must be restarted,
 * and the start discards or refuses whatever the failed write left).
 */
final class Journal implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private long end;
    private String broken;

    private Journal(Path path, FileChannel channel, long end) {
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    /** Opens the journal to append after its first {@code end} bytes (what is beyond is cut off first). */
    static Journal open(Path path, long end) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
        try {
            if (ch.size() > end) {
                ch.truncate(end);
                ch.force(false);
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new Journal(path, ch, end);
    }

    void append(byte[] record, AtomicFiles.Steps steps) throws IOException {
        if (broken != null) {
            throw new IOException(path + " refuses records since a failed write could not be undone (" + broken
                    + "); restart Weir");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(record);
            long at = end;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            steps.reached("record written");
            channel.force(false);
            end = at;
        } catch (IOException e) {
            try {
                channel.truncate(end);
                channel.force(false);
            } catch (IOException t) {
                broken = t.toString();
                e.addSuppressed(t);
            }
            throw e;
        }
    }

    long size() {
        return end;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // every record was forced when it was written
        }
    }
}
