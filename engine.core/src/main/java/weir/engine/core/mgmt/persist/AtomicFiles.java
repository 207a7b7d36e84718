package weir.engine.core.mgmt.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replacing a file so that a crash at any moment leaves the old content or the new, whole: the new content
 * goes to {@code NAME.tmp}, is forced to disk, and is renamed over {@code NAME} in one atomic move; the folder
 * is forced after. Before the move, the old file can become a backup through a hard link (a copy where links
 * are not supported), renamed into place the same way, so the backup is always a whole earlier version.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * A point between two steps of a write, where tests stop the write as a crash would (they throw from it);
     * nothing in production.
     */
    interface Steps {
        Steps NONE = step -> {
        };

        void reached(String step) throws IOException;
    }

    /** Replaces {@code target} with {@code content}; with a {@code backup}, the old target becomes it first. */
    static void replace(Path target, byte[] content, Path backup) throws IOException {
        replace(target, content, backup, Steps.NONE);
    }

    /** As above; {@code steps} hears "NAME written", "NAME backup kept" and "NAME in place". */
    static void replace(Path target, byte[] content, Path backup, Steps steps) throws IOException {
        Path folder = target.getParent();
        Path temp = sibling(target, ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        String name = target.getFileName().toString();
        steps.reached(name + " written");
        if (backup != null && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            Path link = sibling(backup, ".tmp");
            Files.deleteIfExists(link);
            try {
                Files.createLink(link, target);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(target, link, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(link, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(link, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            steps.reached(name + " backup kept");
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        forceFolder(folder);
        steps.reached(name + " in place");
    }

    static Path sibling(Path p, String suffix) {
        return p.resolveSibling(p.getFileName() + suffix);
    }

    /** Makes the folder's entries (renames, new files) durable; not every platform can open a folder. */
    static void forceFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the renames themselves are atomic; only their durability across a power loss is at stake
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
