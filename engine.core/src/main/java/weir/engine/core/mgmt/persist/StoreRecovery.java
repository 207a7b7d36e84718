package weir.engine.core.mgmt.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import weir.engine.core.mgmt.EngineLog;

/**
 * What {@code --recover-store} does with a damaged store: the longest run of committed transactions that the
 * files still hold whole. It starts from the newest snapshot that reads ({@code store.txt}, else
 * {@code store.txt.bak}, else nothing) and applies, in order, every following transaction whose record reads in
 * {@code journal.txt.bak} or {@code journal.txt}, up to the first one missing or damaged. Everything known to
 * have been committed beyond that is named as lost, with what each lost transaction still says it changed; the
 * damaged files are kept aside as {@code *.damaged}.
 *
 * <p>The plan is made when the damage is found, so that the refusal line can already say what a recovery
 * would start from.
 */
final class StoreRecovery {
    /** Lost transactions listed one by one; beyond that, one line sums up the rest. */
    private static final int LISTED = 200;

    private final StoreFile files;
    private final StoreFile.Damage damage;
    private final StoreFiles.Snapshot current;
    private final StoreFiles.Snapshot backup;
    private final StoreFiles.JournalFile journal;
    private final StoreFiles.JournalFile journalBackup;
    private final PersistentObjects objects;
    private final String from;
    private long known;
    private final List<String> lines = new ArrayList<>();

    StoreRecovery(StoreFile files, StoreFile.Damage damage) {
        this.files = files;
        this.damage = damage;
        this.current = StoreFiles.snapshot(files.current);
        this.backup = StoreFiles.snapshot(files.backup);
        this.journal = StoreFiles.journal(files.journalPath);
        this.journalBackup = StoreFiles.journal(files.journalBackup);

        PersistentObjects base;
        String baseName;
        if (current.objects() != null) {
            base = current.objects();
            baseName = StoreFile.NAME;
        } else if (backup.objects() != null) {
            base = backup.objects();
            baseName = files.backup.getFileName().toString();
        } else {
            base = PersistentObjects.empty();
            baseName = null;
        }
        TreeMap<Long, JournalCodec.Entry> records = new TreeMap<>();
        Map<Long, String> where = new TreeMap<>();
        collect(journalBackup, files.journalBackup, records, where);
        collect(journal, files.journalPath, records, where);
        Replay replay = new Replay(base);
        Set<String> used = new LinkedHashSet<>();
        String stop = null;
        while (records.containsKey(replay.sequence() + 1)) {
            long next = replay.sequence() + 1;
            try {
                replay.apply(records.get(next));
                used.add(where.get(next));
            } catch (StoreFormatException e) {
                stop = e.getMessage();
                break;
            }
        }
        this.objects = replay.objects();
        long k = objects.sequence();
        String journals = String.join(" and ", used);
        this.from = baseName == null ? (used.isEmpty() ? "an empty store" : journals)
                : baseName + (used.isEmpty() ? "" : " with " + journals);
        long most = Math.max(k, Math.max(current.claimedSequence(), backup.claimedSequence()));
        for (StoreFiles.JournalFile j : new StoreFiles.JournalFile[] {journal, journalBackup}) {
            if (j.scan() != null) {
                most = Math.max(most, j.scan().last());
                if (j.scan().damaged() != null) {
                    most = Math.max(most, j.scan().damaged().sequence());
                }
            }
        }
        if (!records.isEmpty()) {
            most = Math.max(most, records.lastKey());
        }
        this.known = most;
        plan(records, stop);
    }

    private static void collect(StoreFiles.JournalFile j, Path file, TreeMap<Long, JournalCodec.Entry> records,
            Map<Long, String> where) {
        if (j.scan() == null) {
            return;
        }
        for (JournalCodec.Entry e : j.scan().entries()) {
            if (records.putIfAbsent(e.sequence(), e) == null) {
                where.put(e.sequence(), file.getFileName().toString());
            }
        }
    }

    /** What a recovery would start from, for the refusal line. */
    String describe() {
        if (objects.sequence() == 0 && objects.size() == 0) {
            return "an empty store (no copy of it reads)";
        }
        return from + " up to transaction " + objects.sequence() + (known > objects.sequence() ? " of " + known : "");
    }

    /** The lines of the recovery: the damage, the start, what was lost, and where the damaged files went. */
    List<String> lines() {
        return lines;
    }

    private void plan(TreeMap<Long, JournalCodec.Entry> records, String stop) {
        lines.add("engine store " + damage.file + " " + damage.what);
        also(files.current, current.problem());
        also(files.journalPath, journal.problem() != null ? journal.problem()
                : journal.scan() != null && journal.scan().damage() != null
                        ? "is damaged (" + journal.scan().damage() + ")" : null);
        long k = objects.sequence();
        lines.add("started from " + (objects.size() == 0 && k == 0 ? "an empty store (no copy of it reads)"
                : from + ": transaction " + k + ", " + objects.size() + " persistent objects"));
        if (stop != null) {
            lines.add("transaction " + (k + 1) + " does not apply (" + stop + ")");
        }
        // every record that still frames, damaged or beyond the damage, to say what each lost transaction changed
        TreeMap<Long, JournalCodec.Entry> readable = new TreeMap<>(records);
        for (StoreFiles.JournalFile j : new StoreFiles.JournalFile[] {journal, journalBackup}) {
            JournalCodec.Entry d = j.scan() == null ? null : j.scan().damaged();
            if (d != null) {
                readable.putIfAbsent(d.sequence(), d);
                for (JournalCodec.Entry e : JournalCodec.salvage(j.bytes(), d.end())) {
                    readable.putIfAbsent(e.sequence(), e);
                }
            }
        }
        known = Math.max(known, readable.isEmpty() ? 0 : readable.lastKey());
        int listed = 0;
        for (long s = k + 1; s <= known; s++) {
            if (listed == LISTED) {
                lines.add("lost: transactions " + s + " to " + known + " as well");
                break;
            }
            lines.add("lost: transaction " + s + describe(readable.get(s)));
            listed++;
        }
        boolean unknown = false;
        Set<UUID> named = Salvage.keys(objects);
        for (StoreFiles.Snapshot damaged : new StoreFiles.Snapshot[] {current, backup}) {
            long c = damaged.claimedSequence();
            if (damaged.problem() != null && damaged.bytes() != null && (c < 0 || c > k)) {
                String name = (damaged == current ? files.current : files.backup).getFileName().toString();
                for (Salvage.Named n : Salvage.objects(damaged.bytes())) {
                    if (named.add(n.key())) {
                        lines.add("lost: " + n.text() + ", in the damaged " + name);
                    }
                }
                unknown |= c < 0;
            }
        }
        if (current.problem() != null && current.bytes() == null) {
            lines.add("lost: whatever " + StoreFile.NAME + " held beyond that (it " + current.problem() + ")");
            unknown = true;
        }
        if (current.absent() && damage.file.equals(files.current)) {
            lines.add("lost: whatever " + StoreFile.NAME + " held beyond that (it is missing)");
            unknown = true;
        }
        if (journal.absent() && current.objects() != null && !current.legacy()) {
            lines.add("lost: whatever " + StoreFile.JOURNAL + " held after transaction " + k + " (it is missing)");
            unknown = true;
        }
        unknown |= cutShort(journal, files.journalPath);
        if (journal.scan() != null && journal.scan().torn() != null) {
            lines.add("discarded: " + journal.scan().torn() + " (the last write of a process that died while"
                    + " committing: that commit never returned)");
        }
        if (!unknown && known == k) {
            lines.add("lost: no committed transaction (every one up to " + k + " was recovered)");
        }
    }

    private void also(Path file, String problem) {
        if (problem != null && !file.equals(damage.file)) {
            lines.add("also: engine store " + file + " " + problem);
        }
    }

    /** What a lost transaction changed, as far as its record still reads. */
    private static String describe(JournalCodec.Entry e) {
        if (e == null) {
            return " (no record of it reads)";
        }
        List<String> parts = new ArrayList<>();
        for (String line : e.lines()) {
            if (line.startsWith("add\t")) {
                Salvage.Named n = Salvage.named(line.substring(4));
                parts.add(n == null ? "an add that does not read" : "add " + n.text());
            } else if (line.startsWith("delete\t")) {
                String[] f = line.split("\t");
                parts.add(f.length == 3 ? "delete " + f[1] + " " + f[2] : "a delete that does not read");
            } else {
                parts.add("a line that does not read");
            }
        }
        return ": " + String.join("; ", parts);
    }

    /** Bytes of the journal after its damage that cannot be framed as records; true when there are some. */
    private boolean cutShort(StoreFiles.JournalFile j, Path file) {
        if (j.scan() != null && j.scan().damage() != null) {
            long from = j.scan().goodEnd();
            if (j.scan().damaged() != null) {
                from = j.scan().damaged().end();
                List<JournalCodec.Entry> after = JournalCodec.salvage(j.bytes(), from);
                if (!after.isEmpty()) {
                    from = after.get(after.size() - 1).end();
                }
            }
            if (from < j.scan().size()) {
                lines.add("lost: whatever " + file.getFileName() + " holds after byte " + from + " ("
                        + (j.scan().size() - from) + " bytes that cannot be read as records)");
                return true;
            }
        } else if (j.problem() != null) {
            lines.add("lost: whatever " + file.getFileName() + " holds (it " + j.problem() + ")");
            return true;
        }
        return false;
    }

    /**
     * Carries the recovery out: a copy of each damaged current file is kept aside (the caller then writes the
     * recovered state over them, {@link StoreFile#rewrite}); returns what the start holds.
     */
    PersistentObjects recover(EngineLog log) {
        if (current.problem() != null) {
            lines.add("the damaged " + StoreFile.NAME + " is kept as " + keepAside(files.current, log));
        }
        boolean unapplied = journal.scan() != null && journal.scan().last() > objects.sequence();
        if (journal.problem() != null || (journal.scan() != null && journal.scan().damage() != null) || unapplied) {
            lines.add("the damaged " + StoreFile.JOURNAL + " is kept as " + keepAside(files.journalPath, log));
        }
        return objects;
    }

    /**
     * Keeps a damaged file aside, never over an earlier one: a regular file is copied (and is replaced in one
     * atomic step by the recovered state, so the store is never without it), anything else moved out of the
     * way. Returns where the copy is.
     */
    static String keepAside(Path file, EngineLog log) {
        return aside(file, !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), log);
    }

    /** Moves a damaged file out of the way (a file where the store's folder should be). */
    static String moveAside(Path file, EngineLog log) {
        return aside(file, true, log);
    }

    private static String aside(Path file, boolean move, EngineLog log) {
        Path target = AtomicFiles.sibling(file, ".damaged");
        for (int i = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
            target = AtomicFiles.sibling(file, ".damaged." + i);
        }
        try {
            if (move) {
                Files.move(file, target);
            } else {
                Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
            return target.toString();
        } catch (IOException e) {
            log.warn("weir: could not keep the damaged engine store file " + file + " aside (" + e.getMessage() + ")");
            return file + " (it could not be kept aside)";
        }
    }
}
