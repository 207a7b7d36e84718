package weir.engine.core.mgmt.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
 * <p>At start, any damage — a truncated or altered file (its CRC-32), an empty file, a folder in its place, a
 * missing current file beside a backup — refuses the start ({@link StoreDamagedException}): the backup holds
 * less than was committed, and Weir never starts with less unless the operator asks. Asked
 * ({@code recover}), it starts from the backup (or empty when there is no good one), keeps the damaged file as
 * {@code store.txt.damaged}, and says exactly what the damaged file had that the copy lacks.
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

    public Path folder() {
        return folder;
    }

    /**
     * The result of a load: the objects; when the store was recovered, the lines saying what was damaged,
     * what the start is from and what was lost, and that the store must be written again.
     */
    public record Loaded(PersistentObjects objects, List<String> recovery) {
        public boolean recovered() {
            return !recovery.isEmpty();
        }
    }

    /** One file read: its objects, or what is wrong with it (then objects is null), or neither when absent. */
    private record Read(PersistentObjects objects, String problem, byte[] bytes) {
        boolean absent() {
            return objects == null && problem == null;
        }
    }

    /**
     * Reads the store at start.
     *
     * @param recover start from the last good copy when the store is damaged, instead of refusing
     * @throws StoreDamagedException when the store is damaged and {@code recover} is false: Weir must not start
     */
    public Loaded load(boolean recover) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw StoreDamagedException.refuse(folder, "is not a folder", "no persistent objects", folder);
        }
        try {
            Files.deleteIfExists(temp); // a write that a crash interrupted: the current file is still whole
        } catch (IOException e) {
            // harmless: the next write truncates it
        }
        Read cur = read(current);
        if (cur.objects() != null) {
            currentGood = true;
            return new Loaded(cur.objects(), List.of());
        }
        Read bak = read(backup);
        if (cur.absent() && bak.absent()) {
            return new Loaded(PersistentObjects.empty(), List.of());
        }
        String problem = cur.absent() ? "is missing, but its backup " + backup.getFileName() + " is there"
                : cur.problem();
        if (!recover) {
            String from = bak.objects() != null
                    ? "the last good copy (" + backup.getFileName() + ", written " + bak.objects().written() + ")"
                    : "no persistent objects (there is no good copy: " + backup.getFileName() + " "
                            + (bak.absent() ? "does not exist" : bak.problem()) + ")";
            throw StoreDamagedException.refuse(current, problem, from, folder);
        }
        return recover(cur, bak, problem);
    }

    private Loaded recover(Read cur, Read bak, String problem) {
        List<String> lines = new ArrayList<>();
        lines.add("engine store " + current + " " + problem);
        PersistentObjects start;
        if (bak.objects() != null) {
            start = bak.objects();
            lines.add("started from the last good copy " + backup + " (written " + start.written() + ", "
                    + start.size() + " objects)");
        } else {
            start = PersistentObjects.empty();
            lines.add("started without persistent objects: there is no good copy (" + backup.getFileName() + " "
                    + (bak.absent() ? "does not exist" : bak.problem()) + ")");
        }
        if (cur.absent()) {
            lines.add("lost: whatever " + current.getFileName() + " held beyond that copy (the file is gone)");
        } else if (cur.bytes() != null) {
            Set<UUID> kept = Salvage.keys(start);
            int lost = 0;
            for (Salvage.Named n : Salvage.objects(cur.bytes())) {
                if (!kept.contains(n.key())) {
                    lines.add("lost: " + n.text());
                    lost++;
                }
            }
            if (cur.problem().contains("truncated")) {
                lines.add("lost: whatever " + current.getFileName() + " held after its first " + cur.bytes().length
                        + " bytes (it is cut short)");
            } else if (lost == 0) {
                lines.add("lost: nothing that can still be read in " + current.getFileName());
            }
        } else {
            lines.add("lost: whatever " + current.getFileName() + " held (it cannot be read)");
        }
        if (!cur.absent()) {
            lines.add("the damaged file is kept as " + moveAside(current));
        }
        return new Loaded(start, lines);
    }

    /** Reads and decodes one file; never throws. */
    private static Read read(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Read(null, null, null);
        }
        if (Files.isDirectory(file)) {
            return new Read(null, "is a folder, not a file", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Read(null, "cannot be read (" + e.getMessage() + ")", null);
        }
        try {
            return new Read(StoreCodec.decode(bytes), null, bytes);
        } catch (StoreFormatException e) {
            return new Read(null, "is damaged (" + e.getMessage() + ")", bytes);
        }
    }

    /** Moves a damaged file aside, never over an earlier damaged one; returns the name it has now. */
    private String moveAside(Path file) {
        Path target = damaged;
        for (int i = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
            target = folder.resolve(damaged.getFileName() + "." + i);
        }
        try {
            Files.move(file, target);
            return target.toString();
        } catch (IOException e) {
            log.warn("weir: could not move the damaged engine store " + file + " aside (" + e.getMessage() + ")");
            return file + " (it could not be moved aside)";
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
