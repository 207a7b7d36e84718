package weir.engine.core.mgmt.persist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import weir.engine.core.mgmt.EngineLog;

/**
 * The engine store on disk, in the engine's folder: a snapshot ({@code store.txt}, see {@link StoreCodec}) and
 * a journal ({@code journal.txt}, see {@link JournalCodec}) of the transactions committed since.
 *
 * <p>A persistent commit appends one record with one fsync ({@link #append}). From time to time — when the
 * journal has {@code compactRecords} records, or has grown past the snapshot's size (at least 1 MiB) — and at
 * a clean stop, the state is compacted ({@link #compact}): a new snapshot replaces the old atomically, the old
 * one becoming {@code store.txt.bak}, then a fresh journal replaces the old, which becomes
 * {@code journal.txt.bak}. The two backups together hold every transaction the current pair holds, so a
 * damaged current snapshot can be recovered without loss. A crash at any step leaves a readable pair: records
 * that a new snapshot already holds are skipped at start.
 *
 * <p>At start ({@link #load}) anything that does not read as the committed state — a snapshot or journal
 * truncated, altered (CRC-32), empty, a folder in its place or missing, a record out of sequence — refuses
 * the start ({@link StoreDamagedException}) and touches nothing. The one exception is a journal that ends
 * inside its last record: only a process that died while writing it leaves that, and that commit never
 * returned, so the record is cut off with one line on the console. Asked to recover, the start goes on from
 * the best consistent prefix the files still hold ({@link StoreRecovery}), says exactly what was lost, and
 * keeps the damaged files as {@code *.damaged}.
 */
public final class StoreFile implements Closeable {
    public static final String NAME = "store.txt";
    public static final String JOURNAL = "journal.txt";
    /** Records after which the journal is compacted into a new snapshot. */
    public static final int COMPACT_RECORDS = 10_000;
    private static final long MIN_COMPACT_BYTES = 1 << 20;

    final Path folder;
    final Path current;
    final Path backup;
    final Path journalPath;
    final Path journalBackup;
    private final EngineLog log;
    private final int compactRecords;
    private Journal journal;
    /** The last committed transaction: the snapshot's, or its journal's last record's. */
    private long sequence;
    /** Records in the journal, and the snapshot's size: what decides a compaction. */
    private long records;
    private long snapshotBytes;
    private AtomicFiles.Steps steps = AtomicFiles.Steps.NONE;

    public StoreFile(Path folder, EngineLog log) {
        this(folder, COMPACT_RECORDS, log);
    }

    public StoreFile(Path folder, int compactRecords, EngineLog log) {
        this.folder = folder;
        this.current = folder.resolve(NAME);
        this.backup = folder.resolve(NAME + ".bak");
        this.journalPath = folder.resolve(JOURNAL);
        this.journalBackup = folder.resolve(JOURNAL + ".bak");
        this.log = log;
        this.compactRecords = Math.max(1, compactRecords);
    }

    public Path path() {
        return current;
    }

    public Path folder() {
        return folder;
    }

    /**
     * The result of a load: the objects; lines to show on the console (a record cut short and discarded);
     * when the store was recovered, the lines saying what was damaged, what the start is from and what was lost.
     */
    public record Loaded(PersistentObjects objects, List<String> recovery, List<String> notices) {
        public boolean recovered() {
            return !recovery.isEmpty();
        }
    }

    /** What is wrong with the store, and in which file. */
    static final class Damage extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Path file;
        final String what;

        Damage(Path file, String what) {
            super(file + " " + what);
            this.file = file;
            this.what = what;
        }
    }

    /**
     * Reads the store at start.
     *
     * @param recover start from the best consistent prefix when the store is damaged, instead of refusing
     * @throws StoreDamagedException when the store is damaged and {@code recover} is false: Weir must not start
     */
    public Loaded load(boolean recover) {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (!recover) {
                throw StoreDamagedException.refuse(folder, "is not a folder", "an empty store", folder);
            }
            String kept = StoreRecovery.moveAside(folder, log);
            return new Loaded(PersistentObjects.empty(), List.of("engine store folder " + folder + " is not a folder",
                    "started from an empty store", "lost: whatever " + folder + " held (it is not a folder)",
                    "the file in its place is kept as " + kept), List.of());
        }
        for (Path p : new Path[] {current, backup, journalPath, journalBackup}) {
            AtomicFiles.deleteQuietly(AtomicFiles.sibling(p, ".tmp")); // writes a crash cut short: never renamed
        }
        StoreFiles.Snapshot snapshot = StoreFiles.snapshot(current);
        StoreFiles.JournalFile j = StoreFiles.journal(journalPath);
        List<String> notices = new ArrayList<>();
        try {
            PersistentObjects o = whole(snapshot, j, notices);
            return new Loaded(o, List.of(), notices);
        } catch (Damage d) {
            StoreRecovery recovery = new StoreRecovery(this, d);
            if (!recover) {
                throw StoreDamagedException.refuse(d.file, d.what, recovery.describe(), folder);
            }
            PersistentObjects o = recovery.recover(log);
            sequence = o.sequence();
            records = 0;
            return new Loaded(o, recovery.lines(), List.of());
        }
    }

    /** The committed state, if the snapshot and the journal are whole; opens the journal for appending. */
    private PersistentObjects whole(StoreFiles.Snapshot snapshot, StoreFiles.JournalFile j, List<String> notices)
            throws Damage {
        if (snapshot.problem() != null) {
            throw new Damage(current, snapshot.problem());
        }
        if (j.problem() != null) {
            throw new Damage(journalPath, j.problem());
        }
        if (snapshot.absent()) {
            if (!j.absent() && j.scan().followsSnapshot()) {
                throw new Damage(current, "is missing, but " + JOURNAL + " follows it");
            }
            for (Path b : new Path[] {backup, journalBackup}) {
                if (Files.exists(b, LinkOption.NOFOLLOW_LINKS)) {
                    throw new Damage(current, "is missing, but the backup " + b.getFileName() + " is there");
                }
            }
            if (j.absent()) {
                return PersistentObjects.empty(); // a new store: its journal is made at the first persistent commit
            }
        }
        PersistentObjects base = snapshot.absent() ? PersistentObjects.empty() : snapshot.objects();
        snapshotBytes = snapshot.absent() ? 0 : snapshot.bytes().length;
        if (j.absent()) {
            if (!snapshot.legacy()) {
                throw new Damage(journalPath, "is missing (" + NAME + " holds transactions up to "
                        + base.sequence() + " and needs it for the ones after)");
            }
            sequence = base.sequence(); // a store written before the journal: its journal starts now
            return base;
        }
        JournalCodec.Scan scan = j.scan();
        if (scan.damage() != null) {
            throw new Damage(journalPath, "is damaged (" + scan.damage() + ")");
        }
        if (scan.base() > base.sequence()) {
            throw new Damage(journalPath, "follows transaction " + scan.base() + ", but " + NAME
                    + " holds transactions only up to " + base.sequence() + " (transactions in between are missing)");
        }
        if (scan.last() < base.sequence()) {
            throw new Damage(journalPath, "ends at transaction " + scan.last() + ", but " + NAME
                    + " holds transactions up to " + base.sequence() + " (the journal was cut or replaced)");
        }
        Replay replay = new Replay(base);
        for (JournalCodec.Entry e : scan.entries()) {
            if (e.sequence() > base.sequence()) {
                try {
                    replay.apply(e);
                } catch (StoreFormatException x) {
                    throw new Damage(journalPath, "is damaged (" + x.getMessage() + ")");
                }
            }
        }
        if (scan.torn() != null) {
            notices.add("engine store " + journalPath + ": " + scan.torn() + ": the last write of a process that"
                    + " died while committing (that commit never returned); it was discarded");
        }
        try {
            journal = Journal.open(journalPath, scan.goodEnd());
        } catch (IOException e) {
            throw new Damage(journalPath, "cannot be opened for writing (" + e.getMessage() + ")");
        }
        sequence = scan.last();
        records = scan.entries().size();
        return replay.objects();
    }

    // ---- writing ----

    /**
     * Appends a committed transaction's persistent changes as one record, durable when this returns; on
     * failure the journal is as it was and the transaction must be rolled back.
     */
    public void append(List<StoreChange> changes) throws IOException {
        if (journal == null) {
            start();
        }
        journal.append(JournalCodec.record(sequence + 1, changes), steps);
        sequence++;
        records++;
    }

    /**
     * A store that has no journal yet gets one: the whole history of a new store (there is no snapshot until
     * the first compaction), or what follows a snapshot written before the journal existed. One atomic
     * replace: a crash leaves no journal (and nothing committed) or this one.
     */
    private void start() throws IOException {
        Files.createDirectories(folder);
        byte[] header = JournalCodec.header(sequence, Files.exists(current, LinkOption.NOFOLLOW_LINKS));
        AtomicFiles.replace(journalPath, header, null, steps);
        AtomicFiles.forceFolder(folder.getParent());
        journal = Journal.open(journalPath, header.length);
        records = 0;
    }

    /** True when the journal has grown enough to be folded into a new snapshot. */
    public boolean compactionDue() {
        return journal != null && (records >= compactRecords
                || journal.size() >= Math.max(MIN_COMPACT_BYTES, snapshotBytes));
    }

    /** Records in the journal. */
    public long records() {
        return records;
    }

    /**
     * Writes {@code state} — the committed state after the last appended transaction — as the new snapshot and
     * starts a fresh journal after it (see the class comment for the order of the steps).
     */
    public void compact(PersistentObjects state) throws IOException {
        write(state, true);
    }

    /**
     * After a recovery: writes the recovered state as the snapshot and a fresh journal after it, replacing the
     * damaged files (kept as {@code *.damaged} already) without making them backups; the backups stay the older
     * pair they were.
     */
    public void rewrite(PersistentObjects state) throws IOException {
        write(state, false);
    }

    private void write(PersistentObjects state, boolean keepBackups) throws IOException {
        Files.createDirectories(folder);
        byte[] snapshot = StoreCodec.encode(state.withSequence(sequence));
        AtomicFiles.replace(current, snapshot, keepBackups ? backup : null, steps);
        snapshotBytes = snapshot.length;
        byte[] header = JournalCodec.header(sequence, true);
        if (journal != null) {
            journal.close();
            journal = null;
        }
        try {
            boolean rotate = keepBackups && Files.isRegularFile(journalPath, LinkOption.NOFOLLOW_LINKS);
            AtomicFiles.replace(journalPath, header, rotate ? journalBackup : null, steps);
            journal = Journal.open(journalPath, header.length);
            records = 0;
        } catch (IOException e) {
            // the new snapshot is in place and the old journal still follows it: append to that one again
            if (Files.isRegularFile(journalPath, LinkOption.NOFOLLOW_LINKS)) {
                journal = Journal.open(journalPath, Files.size(journalPath));
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    /**
     * Keeps a copy of the current snapshot and journal as {@code *.damaged} (before a recovery rewrites them
     * without an object that no longer restores); returns a line for each.
     */
    public List<String> keepAside() {
        List<String> out = new ArrayList<>();
        for (Path p : new Path[] {current, journalPath}) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add("the " + p.getFileName() + " it came from is kept as " + StoreRecovery.keepAside(p, log));
            }
        }
        return out;
    }

    /** Tests: where a write is stopped, as a crash would stop it. */
    void steps(AtomicFiles.Steps s) {
        steps = s;
    }
}
