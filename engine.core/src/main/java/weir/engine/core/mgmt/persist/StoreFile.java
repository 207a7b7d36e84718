package weir.engine.core.mgmt.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import weir.engine.core.mgmt.EngineLog;

/**
 * The engine store on disk: {@code store.txt} in the engine's folder, and {@code store.txt.bak}, the previous
 * good copy.
 *
 * <p>A write never leaves a partial current file: the new content goes to {@code store.txt.tmp}, is forced to
 * disk ({@link FileChannel#force}), and is renamed over {@code store.txt} in one atomic move; the folder is
 * then forced too. Before that, the current file — if it is known to be good — becomes the backup through a
 * hard link (a copy where links are not supported), so a crash at any point leaves a good current file or a
 * good backup.
 *
 * <p>At start a damaged current file (truncated, checksum mismatch, unparsable) is moved aside to
 * {@code store.txt.damaged}, the backup is loaded instead, and exactly one line says so.
 */
public final class StoreFile {
    public static final String NAME = "store.txt";

    private final Path folder;
    private final Path current;
    private final Path backup;
    private final Path temp;
    private final Path damaged;
    private final EngineLog log;
    /** Whether {@code store.txt} holds a good copy, so that rotating it into the backup keeps a good backup. */
    private boolean currentGood;

    public StoreFile(Path folder, EngineLog log) {
        this.folder = folder;
        this.current = folder.resolve(NAME);
        this.backup = folder.resolve(NAME + ".bak");
        this.temp = folder.resolve(NAME + ".tmp");
        this.damaged = folder.resolve(NAME + ".damaged");
        this.log = log;
    }

    public Path path() {
        return current;
    }

    /** The result of a load: the objects, and whether they came from the backup (then the store is rewritten). */
    public record Loaded(PersistentObjects objects, boolean fromBackup) {
    }

    /** Reads the store at start; never throws for damage, which it reports in one line instead. */
    public Loaded load() {
        try {
            Files.deleteIfExists(temp); // a write that a crash interrupted: the current file is still whole
        } catch (IOException e) {
            // harmless: the next write truncates it
        }
        boolean hasCurrent = Files.exists(current);
        if (!hasCurrent && !Files.exists(backup)) {
            return new Loaded(PersistentObjects.empty(), false);
        }
        String reason;
        if (hasCurrent) {
            try {
                PersistentObjects o = StoreCodec.decode(Files.readAllBytes(current));
                currentGood = true;
                return new Loaded(o, false);
            } catch (StoreFormatException e) {
                reason = e.getMessage();
            } catch (IOException e) {
                reason = "unreadable: " + e;
            }
        } else {
            reason = "missing";
        }
        String kept = hasCurrent ? moveAside() : "";
        try {
            PersistentObjects o = StoreCodec.decode(Files.readAllBytes(backup));
            log.warn("weir: engine store " + current + " is damaged (" + reason + "); started from the last good copy"
                    + " of " + o.written() + kept);
            return new Loaded(o, true);
        } catch (NoSuchFileException e) {
            log.warn("weir: engine store " + current + " is damaged (" + reason + ") and there is no backup; started"
                    + " empty" + kept);
        } catch (StoreFormatException | IOException e) {
            log.warn("weir: engine store " + current + " is damaged (" + reason + ") and so is its backup ("
                    + e.getMessage() + "); started empty" + kept);
        }
        return new Loaded(PersistentObjects.empty(), false);
    }

    private String moveAside() {
        try {
            Files.move(current, damaged, StandardCopyOption.REPLACE_EXISTING);
            return " (the damaged file is kept as " + damaged.getFileName() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Writes the store atomically. On failure the previous current file is untouched. */
    public void write(PersistentObjects objects) throws IOException {
        byte[] bytes = StoreCodec.encode(objects);
        Files.createDirectories(folder);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        if (currentGood && Files.exists(current)) {
            keepBackup();
        }
        try {
            Files.move(temp, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(temp);
            throw e;
        }
        currentGood = true;
        forceFolder();
    }

    /** The current good file becomes the backup, replacing the previous backup in one step. */
    private void keepBackup() throws IOException {
        Path link = folder.resolve(NAME + ".bak.tmp");
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, current);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(current, link, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(link, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        Files.move(link, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void forceFolder() {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a folder; the renames themselves are atomic
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
