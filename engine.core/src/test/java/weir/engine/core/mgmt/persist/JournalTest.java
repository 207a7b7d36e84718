package weir.engine.core.mgmt.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.core.mgmt.EngineLog;

/**
 * The store's files under the journal (issue 14): one record per commit, compaction, the torn-tail rule, and a
 * crash at every step of a compaction. A crash is the write stopping at a step ({@link AtomicFiles.Steps}
 * throwing an Error that no cleanup catches): what is on disk then is exactly what a process killed there leaves
 * (the page cache survives a kill; only a power loss would also lose unsynced data, which the fsyncs cover).
 */
class JournalTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @TempDir
    Path folder;

    /** The objects the test committed so far, in order: what every load must give back. */
    private final Map<UUID, Filter> model = new LinkedHashMap<>();
    private long ids;

    /** A process "dies" here: nothing catches it, no cleanup runs. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String step) {
            super("crash at " + step);
        }
    }

    private StoreFile open(int compactRecords) {
        return new StoreFile(folder, compactRecords, EngineLog.system());
    }

    private Filter filter(String name) {
        Filter f = Filter.of(name, L, FilterAction.permit()).withKey(UUID.randomUUID())
                .withSubLayer(Layer.SUBLAYER_UNIVERSAL).withFlags(FilterFlag.PERSISTENT);
        return f.withIds(f.filterKey(), f.subLayerKey(), ++ids, 0L);
    }

    /** One transaction: adds these filters and deletes the first {@code deletes} of the model. */
    private List<StoreChange> txn(int deletes, String... names) {
        List<StoreChange> changes = new ArrayList<>();
        for (UUID key : new ArrayList<>(model.keySet()).subList(0, deletes)) {
            changes.add(StoreChange.delete(model.get(key)));
        }
        for (String n : names) {
            changes.add(StoreChange.add(filter(n)));
        }
        return changes;
    }

    /** Applies a transaction to the model, once the store took it. */
    private void applied(List<StoreChange> changes) {
        for (StoreChange c : changes) {
            if (c.added() != null) {
                model.put(c.key(), (Filter) c.added());
            } else {
                model.remove(c.key());
            }
        }
    }

    private void append(StoreFile s, List<StoreChange> changes) throws IOException {
        s.append(changes);
        applied(changes);
    }

    private PersistentObjects state() {
        return new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(), List.of(),
                new ArrayList<>(model.values()));
    }

    /** A fresh load must give exactly the model, in order, and the number of the last transaction. */
    private StoreFile.Loaded assertLoads(long sequence) {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        try {
            StoreFile.Loaded l = s.load(false);
            assertEquals(new ArrayList<>(model.values()), l.objects().filters());
            assertEquals(sequence, l.objects().sequence());
            return l;
        } finally {
            s.close();
        }
    }

    private Path journal() {
        return folder.resolve(StoreFile.JOURNAL);
    }

    @Test
    void eachCommitIsOneRecordAndARestartReplaysThemInOrder() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        s.load(false);
        append(s, txn(0, "a", "b"));
        long one = Files.size(journal());
        append(s, txn(1, "c"));
        append(s, txn(0, "d", "e", "f"));
        append(s, txn(2));
        s.close();
        assertFalse(Files.exists(folder.resolve(StoreFile.NAME)), "a store never compacted is its journal");
        String text = Files.readString(journal());
        assertTrue(text.startsWith("weir-engine-journal\t1\t0\tnothing\ntxn\t1\t"), text);
        assertEquals(4, text.split("\ntxn\t", -1).length - 1, "four records: " + text);
        assertTrue(one > 0);
        assertEquals(List.of("d", "e", "f"), model.values().stream().map(Filter::name).toList());
        assertLoads(4);
    }

    @Test
    void compactionFoldsTheJournalIntoASnapshotAndKeepsThePreviousPair() throws IOException {
        StoreFile s = open(3);
        s.load(false);
        for (int i = 0; i < 7; i++) {
            append(s, txn(i % 2, "t" + i));
            if (s.compactionDue()) {
                s.compact(state());
            }
        }
        s.close();
        // compactions after transactions 3 and 6: store.txt holds 6, journal.txt one record, the .bak pair 3..6
        assertTrue(Files.readString(folder.resolve(StoreFile.NAME)).startsWith("weir-engine-store\t2\t"));
        String j = Files.readString(journal());
        assertTrue(j.startsWith("weir-engine-journal\t1\t6\tsnapshot\ntxn\t7\t"), j);
        assertTrue(Files.readString(folder.resolve(StoreFile.JOURNAL + ".bak"))
                .startsWith("weir-engine-journal\t1\t3\tsnapshot\ntxn\t4\t"));
        assertLoads(7);
    }

    @Test
    void aRecordCutShortAtAnyByteIsDiscardedWithOneLineAndTheJournalGoesOn() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        s.load(false);
        append(s, txn(0, "a"));
        append(s, txn(0, "b"));
        long good = Files.size(journal());
        List<StoreChange> last = txn(1, "c", "d");
        s.append(last); // a commit that "never returned": its record is cut below
        s.close();
        byte[] whole = Files.readAllBytes(journal());
        for (long cut = good; cut < whole.length; cut++) {
            Files.write(journal(), Arrays.copyOf(whole, (int) cut));
            StoreFile.Loaded l = assertLoads(2);
            if (cut == good) {
                assertEquals(List.of(), l.notices(), "nothing cut short: the record was never begun");
            } else {
                assertEquals(1, l.notices().size(), cut + ": " + l.notices());
                assertTrue(l.notices().get(0).startsWith("engine store " + journal() + ": "), l.notices().get(0));
                assertTrue(l.notices().get(0).endsWith("(that commit never returned); it was discarded"));
            }
            assertEquals(good, Files.size(journal()), "cut back to the last whole record");
        }
        // and the journal goes on from there
        StoreFile again = open(StoreFile.COMPACT_RECORDS);
        again.load(false);
        append(again, txn(0, "e"));
        again.close();
        assertEquals(List.of(), assertLoads(3).notices());
    }

    @Test
    void aFlippedByteInAnyWholeRecordRefusesTheStart() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        s.load(false);
        append(s, txn(0, "a"));
        append(s, txn(0, "b", "c"));
        append(s, txn(1, "d"));
        s.close();
        byte[] whole = Files.readAllBytes(journal());
        for (int i = 0; i < whole.length; i++) {
            byte[] b = whole.clone();
            b[i] ^= 0x20;
            Files.write(journal(), b);
            StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> open(5).load(false),
                    "byte " + i + " flipped");
            assertTrue(e.getMessage().startsWith("engine store " + journal() + " is damaged ("), e.getMessage());
        }
    }

    @Test
    void aGapOrARepeatInTheSequenceRefusesTheStart() throws IOException {
        Files.createDirectories(folder);
        Filter a = filter("a");
        Filter b = filter("b");
        byte[] header = JournalCodec.header(0, false);
        byte[] one = JournalCodec.record(1, List.of(StoreChange.add(a)));
        byte[] three = JournalCodec.record(3, List.of(StoreChange.add(b)));
        Files.write(journal(), concat(header, one, three));
        StoreDamagedException gap = assertThrows(StoreDamagedException.class, () -> open(5).load(false));
        assertTrue(gap.getMessage().contains("is transaction 3 where transaction 2 should follow (a gap or a repeat)"),
                gap.getMessage());
        Files.write(journal(), concat(header, one, one));
        StoreDamagedException repeat = assertThrows(StoreDamagedException.class, () -> open(5).load(false));
        assertTrue(repeat.getMessage().contains("is transaction 1 where transaction 2 should follow"),
                repeat.getMessage());
    }

    @Test
    void aJournalThatDoesNotFitItsSnapshotRefusesTheStart() throws IOException {
        StoreFile s = open(2);
        s.load(false);
        append(s, txn(0, "a"));
        append(s, txn(0, "b"));
        s.compact(state()); // store.txt holds 2
        s.close();
        Path store = folder.resolve(StoreFile.NAME);
        // a journal that starts after the snapshot's last transaction: 3 would be missing
        Files.write(journal(), concat(JournalCodec.header(3, true),
                JournalCodec.record(4, List.of(StoreChange.add(filter("x"))))));
        assertTrue(assertThrows(StoreDamagedException.class, () -> open(5).load(false)).getMessage()
                .contains("follows transaction 3, but " + StoreFile.NAME + " holds transactions only up to 2"));
        // a journal that ends before it: the snapshot is newer than everything the journal says
        Files.write(journal(), JournalCodec.header(1, true));
        assertTrue(assertThrows(StoreDamagedException.class, () -> open(5).load(false)).getMessage()
                .contains("ends at transaction 1, but " + StoreFile.NAME + " holds transactions up to 2"));
        // a record that deletes what is not there
        Files.write(journal(), concat(JournalCodec.header(2, true),
                JournalCodec.record(3, List.of(StoreChange.delete(filter("never added"))))));
        assertTrue(assertThrows(StoreDamagedException.class, () -> open(5).load(false)).getMessage()
                .contains("transaction 3, change 1: it deletes filter "));
        assertTrue(Files.exists(store));
    }

    @Test
    void aCrashAtEveryStepOfACompactionLeavesAStoreThatLoadsWhole() throws IOException {
        String[] steps = {"store.txt written", "store.txt backup kept", "store.txt in place", "journal.txt written",
            "journal.txt backup kept", "journal.txt in place"};
        for (String step : steps) {
            model.clear();
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            StoreFile s = open(StoreFile.COMPACT_RECORDS);
            s.load(false);
            append(s, txn(0, "a", "b"));
            s.compact(state()); // a first compaction: the next one has a snapshot to keep as backup
            append(s, txn(1, "c"));
            append(s, txn(0, "d"));
            s.steps(at -> {
                if (at.equals(step)) {
                    throw new Crash(at);
                }
            });
            assertThrows(Crash.class, () -> s.compact(state()), step);
            assertEquals(List.of(), assertLoads(3).notices(), step);
            // the store goes on after the crash, and a recovery from the backups would lose nothing either
            StoreFile after = open(StoreFile.COMPACT_RECORDS);
            after.load(false);
            append(after, txn(0, "e"));
            after.close();
            assertLoads(4);
        }
    }

    @Test
    void aCrashBeforeARecordIsSyncedLeavesItWholeOrAbsent() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        s.load(false);
        append(s, txn(0, "a"));
        List<StoreChange> inFlight = txn(0, "b");
        s.steps(at -> {
            throw new Crash(at);
        });
        assertThrows(Crash.class, () -> s.append(inFlight));
        // the record was written before the crash: a commit in flight may survive whole (it never returned,
        // so nobody was told either way); what it may not be is half there
        applied(inFlight);
        assertLoads(2);
    }

    @Test
    void aFailedSyncCutsTheRecordOffAndTheNextCommitGoesOn() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        s.load(false);
        append(s, txn(0, "a"));
        long before = Files.size(journal());
        s.steps(at -> {
            throw new IOException("simulated fsync failure at " + at);
        });
        assertThrows(IOException.class, () -> s.append(txn(0, "lost")));
        assertEquals(before, Files.size(journal()), "the failed record is cut off again");
        s.steps(AtomicFiles.Steps.NONE);
        append(s, txn(0, "b"));
        s.close();
        assertLoads(2);
    }

    @Test
    void aNewStoreWhoseJournalWasNeverWrittenIsEmptyAndOneWhoseSnapshotIsGoneIsDamage() throws IOException {
        StoreFile s = open(StoreFile.COMPACT_RECORDS);
        assertEquals(0, s.load(false).objects().size());
        s.steps(at -> {
            throw new Crash(at);
        });
        assertThrows(Crash.class, () -> s.append(txn(0, "a"))); // the journal's temporary file, never renamed
        model.clear();
        assertLoads(0);
        StoreFile t = open(1);
        t.load(false);
        append(t, txn(0, "a"));
        t.compact(state());
        t.close();
        Files.delete(folder.resolve(StoreFile.NAME));
        assertTrue(assertThrows(StoreDamagedException.class, () -> open(5).load(false)).getMessage()
                .contains(StoreFile.NAME + " is missing, but " + StoreFile.JOURNAL + " follows it"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void theFormatReadsAsDocumented() {
        byte[] r = JournalCodec.record(42, List.of(StoreChange.delete(filter("x"))));
        String text = new String(r, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertTrue(lines[0].matches("txn\t42\t\\d+\t[0-9a-f]{8}"), lines[0]);
        assertTrue(lines[1].startsWith("delete\tfilter\t"), lines[1]);
        assertTrue(lines[2].matches("crc32\t[0-9a-f]{8}"), lines[2]);
    }
}
