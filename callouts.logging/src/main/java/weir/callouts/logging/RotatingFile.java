package weir.callouts.logging;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A JSON-lines file that rotates by size: when the next line would take it past {@code maxBytes}, {@code F} is
 * renamed {@code F.1} ({@code F.1} to {@code F.2}, ..., the oldest beyond {@code keep} deleted) and a new
 * {@code F} begins, as logrotate and Suricata name them, so readers that follow a file by name (Filebeat) go on.
 * New folders and files are readable by their owner only: a flow log tells who talked to whom. It appends
 * only to a file that is empty or already holds JSON lines, never into someone else's file.
 */
final class RotatingFile implements Closeable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private long rotations;

    /** @param maxBytes 0: never rotate; @param keep rotated files kept (0: a full file is started afresh) */
    RotatingFile(Path path, long maxBytes, int keep) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    Path path() {
        return path;
    }

    long rotations() {
        return rotations;
    }

    /** Writes one line (ASCII: EveJson writes nothing else), opening or rotating the file first as needed. */
    void write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        if (out == null) {
            open();
        }
        if (maxBytes > 0 && size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        size += bytes.length;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        OutputStream o = out;
        out = null;
        if (o != null) {
            o.close();
        }
    }

    private void open() throws IOException {
        Path folder = path.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            createOwnerOnly(folder);
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            refuseForeign();
        } else {
            try {
                Files.createFile(path);
                ownerOnly(path, "rw-------");
            } catch (FileAlreadyExistsException e) {
                refuseForeign();
            }
        }
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), 1 << 16);
        size = Files.size(path);
    }

    /** An existing file must be a regular file (not a link) that is empty or ends a JSON line. */
    private void refuseForeign() throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is not a regular file; set 'file' to a new path");
        }
        long n = Files.size(path);
        if (n == 0) {
            return;
        }
        byte[] start = new byte[1];
        byte[] end = new byte[1];
        try (var ch = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ch.read(java.nio.ByteBuffer.wrap(start));
            ch.position(n - 1);
            ch.read(java.nio.ByteBuffer.wrap(end));
        }
        if (start[0] != '{' || end[0] != '\n') {
            throw new IOException(path + " exists and is not a flow log (JSON lines); it is left alone: set 'file'"
                    + " to a new path");
        }
    }

    private void rotate() throws IOException {
        close();
        if (keep == 0) {
            Files.delete(path);
        } else {
            Files.deleteIfExists(numbered(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        rotations++;
        open();
    }

    private Path numbered(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    private static void createOwnerOnly(Path folder) throws IOException {
        Path parent = folder.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createOwnerOnly(parent);
        }
        Files.createDirectories(folder);
        ownerOnly(folder, "rwx------");
    }

    private static void ownerOnly(Path p, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }
}
