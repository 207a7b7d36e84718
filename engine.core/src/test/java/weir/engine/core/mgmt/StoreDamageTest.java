package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.SessionOptions;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreCodec;
import weir.engine.core.mgmt.persist.StoreDamagedException;
import weir.engine.core.mgmt.persist.StoreFile;
import weir.engine.core.mgmt.persist.StoreOptions;

/**
 * Issue 11, "a damaged store makes Weir refuse to start", through the whole engine: every kind of damage, to the
 * snapshot or to the journal, refuses the start with one line that names the file, what is wrong and the two
 * ways out, and touches nothing; asked to recover, the engine starts from the longest run of committed
 * transactions the files still hold, says exactly what was lost, and the start after that is whole.
 */
class StoreDamageTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @TempDir
    Path folder;

    private Path store() {
        return folder.resolve(StoreFile.NAME);
    }

    private Path journal() {
        return folder.resolve(StoreFile.JOURNAL);
    }

    /** The whole engine, as the OSGi component builds it, on the test's folder. */
    private BaseFilteringEngine engine(boolean recover) {
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        NetEventLog events = new NetEventLog();
        EngineStatistics statistics = new EngineStatistics();
        ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
        return new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, folder,
                new StoreOptions(recover, StoreFile.COMPACT_RECORDS), new TestEngine.Lines());
    }

    /**
     * Persistent filters "f1".."fN", one transaction each. With {@code stop}, the engine stops cleanly (the
     * journal is compacted into store.txt); without, it is left as a killed process leaves it (the journal
     * holds the transactions).
     */
    private List<Filter> commit(int n, boolean stop) {
        return commit(1, n, stop);
    }

    /** As above, "fFROM".."fTO", in a run of its own. */
    private List<Filter> commit(int from, int to, boolean stop) {
        BaseFilteringEngine e = engine(false);
        List<Filter> added = new ArrayList<>();
        EngineSession s = e.open(SessionOptions.named("admin"));
        for (int i = from; i <= to; i++) {
            added.add(s.addFilter(permit("f" + i, L).withFlags(FilterFlag.PERSISTENT)));
        }
        if (stop) {
            e.close();
        }
        return added;
    }

    /**
     * Two runs that stopped cleanly: f1..f3, then f4 and f5. store.txt holds transaction 5; store.txt.bak
     * transaction 3 and journal.txt.bak transactions 4 and 5; journal.txt.bak's predecessor is gone.
     */
    private void twoRuns() {
        commit(1, 3, true);
        commit(4, 5, true);
    }

    private static List<String> names(BaseFilteringEngine e) {
        return e.open(SessionOptions.named("check")).filters().stream().map(Filter::name).toList();
    }

    private static List<String> names(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("f" + i);
        }
        return out;
    }

    /** Starts an engine that must refuse; returns its one line, after checking it says what it must. */
    private String refusal(Path file, String what) {
        StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> engine(false).close());
        String line = e.getMessage();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("engine store " + file + " "), line);
        assertTrue(line.contains(what), "says '" + what + "': " + line);
        assertTrue(line.contains("Weir did not start: run with --recover-store to start from "), line);
        assertTrue(line.endsWith("or move " + folder + " away to start without persistent objects"), line);
        return line;
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> l = Files.list(folder)) {
            for (Path p : l.toList()) {
                out.put(p.getFileName().toString(), Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
            }
        }
        return out;
    }

    private void flip(Path file, int at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[at] ^= 0x04;
        Files.write(file, b);
    }

    // ---- the snapshot ----

    @Test
    void aTruncatedSnapshotRefusesTheStart() throws IOException {
        commit(2, true);
        byte[] b = Files.readAllBytes(store());
        for (int cut : new int[] {1, 20, b.length / 2, b.length - 1}) {
            Files.write(store(), Arrays.copyOf(b, b.length - cut));
            refusal(store(), "is damaged (truncated");
        }
    }

    @Test
    void aFlippedByteAnywhereInTheSnapshotRefusesTheStart() throws IOException {
        commit(2, true);
        byte[] good = Files.readAllBytes(store());
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= 0x04;
            Files.write(store(), b);
            StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> engine(false).close(),
                    "byte " + i + " flipped");
            assertTrue(e.getMessage().startsWith("engine store " + store() + " is damaged ("), e.getMessage());
        }
    }

    @Test
    void aChecksumMismatchRefusesTheStartAndSaysWhatARecoveryWouldStartFrom() throws IOException {
        twoRuns();
        String text = Files.readString(store());
        Files.writeString(store(), text.substring(0, text.lastIndexOf("crc32\t")) + "crc32\t00000000\n");
        String line = refusal(store(), "is damaged (checksum mismatch: the file says 00000000");
        // the previous snapshot and its journal hold every transaction: nothing would be lost
        assertTrue(line.contains("to start from " + StoreFile.NAME + ".bak with " + StoreFile.JOURNAL
                + ".bak up to transaction 5 and list"), line);
    }

    @Test
    void anEmptySnapshotRefusesTheStart() throws IOException {
        commit(2, true);
        Files.write(store(), new byte[0]);
        refusal(store(), "is damaged (empty file)");
    }

    @Test
    void aFolderInPlaceOfTheSnapshotRefusesTheStart() throws IOException {
        commit(2, true);
        Files.delete(store());
        Files.createDirectory(store());
        refusal(store(), "is a folder, not a file");
    }

    @Test
    void aMissingSnapshotBesideItsJournalRefusesTheStart() throws IOException {
        commit(2, true);
        Files.delete(store());
        refusal(store(), "is missing, but " + StoreFile.JOURNAL + " follows it");
    }

    @Test
    void anEngineFolderThatIsAFileRefusesTheStart() throws IOException {
        Files.delete(folder);
        Files.writeString(folder, "not a folder");
        refusal(folder, "is not a folder");
    }

    @Test
    void anObjectThatNoLongerRestoresRefusesTheStart() throws IOException {
        Filter orphan = permit("orphan", L).withKey(UUID.randomUUID()).withSubLayer(UUID.randomUUID())
                .withFlags(FilterFlag.PERSISTENT);
        orphan = orphan.withIds(orphan.filterKey(), orphan.subLayerKey(), 1L, 0L);
        // a store written before the journal (version 1, no journal beside it) is still read
        String v2 = new String(StoreCodec.encode(new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(),
                List.of(), List.of(orphan))), java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(store(), v1(v2));
        String line = refusal(store(), "holds filter 'orphan' (key " + orphan.filterKey()
                + "), which no longer restores (");
        assertTrue(line.contains("SUBLAYER_NOT_FOUND") || line.contains("sublayer"), line);
    }

    /** The same store in format 1: no transaction number in the header, the checksum made right again. */
    private static String v1(String v2) {
        String body = v2.substring(0, v2.lastIndexOf("crc32\t"));
        String[] lines = body.split("\n", 2);
        String[] h = lines[0].split("\t");
        body = h[0] + "\t1\t" + h[2] + "\n" + lines[1];
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return body + String.format("crc32\t%08x\n", crc.getValue());
    }

    // ---- the journal ----

    @Test
    void aFlippedByteAnywhereInTheJournalRefusesTheStart() throws IOException {
        commit(3, false); // as a kill leaves it: three records in the journal
        byte[] good = Files.readAllBytes(journal());
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= 0x04;
            Files.write(journal(), b);
            StoreDamagedException e = assertThrows(StoreDamagedException.class, () -> engine(false).close(),
                    "byte " + i + " flipped");
            assertTrue(e.getMessage().startsWith("engine store " + journal() + " is damaged ("), e.getMessage());
        }
    }

    @Test
    void aMissingJournalRefusesTheStart() throws IOException {
        commit(2, true);
        Files.delete(journal());
        refusal(journal(), "is missing (" + StoreFile.NAME + " holds transactions up to 2 and needs it for the"
                + " ones after)");
    }

    @Test
    void aJournalCutShortInsideItsLastRecordLosesOnlyThatRecordAndSaysSo() throws IOException {
        commit(3, false);
        byte[] b = Files.readAllBytes(journal());
        Files.write(journal(), Arrays.copyOf(b, b.length - 10));
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(names(1, 2), names(e), "the record cut short was a commit that never returned");
            assertEquals(1, e.storeNotices().size(), e.storeNotices().toString());
            String line = e.storeNotices().get(0);
            assertTrue(line.startsWith("engine store " + journal() + ": the record of transaction 3 at byte "), line);
            int third = offsetOfRecord(b, 3);
            assertTrue(line.endsWith("is cut short (" + (b.length - 10 - third) + " of its " + (b.length - third)
                    + " bytes): the last write of a process that died while committing (that commit never"
                    + " returned); it was discarded"), line);
            assertEquals(List.of(), e.storeRecovery());
        }
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(names(1, 2), names(e));
            assertEquals(List.of(), e.storeNotices(), "cut off once, the journal is whole again");
        }
    }

    /** Where the record of transaction n starts in a journal's bytes. */
    private static int offsetOfRecord(byte[] journal, int n) {
        String text = new String(journal, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.indexOf("\ntxn\t" + n + "\t") + 1;
    }

    @Test
    void aRefusalTouchesNoFile() throws IOException {
        commit(2, true); // a clean stop: store.txt.bak and journal.txt.bak exist too
        flip(store(), 40);
        Map<String, byte[]> before = files();
        refusal(store(), "checksum mismatch");
        Map<String, byte[]> after = files();
        assertEquals(before.keySet(), after.keySet(), "nothing was moved aside or written");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
    }

    @Test
    void aDamagedBackupBesideAWholeStoreIsHarmless() throws IOException {
        commit(2, true);
        Files.writeString(folder.resolve(StoreFile.NAME + ".bak"), "garbage\n");
        Files.writeString(folder.resolve(StoreFile.JOURNAL + ".bak"), "garbage\n");
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(names(1, 2), names(e));
            assertEquals(List.of(), e.storeRecovery());
            assertEquals(List.of(), e.storeNotices());
        }
    }

    // ---- --recover-store ----

    @Test
    void recoverFromADamagedSnapshotLosesNothingTheBackupsHold() throws IOException {
        twoRuns();
        flip(store(), Files.readAllBytes(store()).length / 2);
        byte[] damaged = Files.readAllBytes(store());
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(names(1, 5), names(e));
            List<String> lines = e.storeRecovery();
            assertTrue(lines.get(0).startsWith("engine store " + store() + " is damaged ("), lines.toString());
            assertTrue(lines.contains("started from " + StoreFile.NAME + ".bak with " + StoreFile.JOURNAL
                    + ".bak: transaction 5, 5 persistent objects"), lines.toString());
            assertTrue(lines.contains("lost: no committed transaction (every one up to 5 was recovered)"),
                    lines.toString());
            assertTrue(lines.contains("the damaged " + StoreFile.NAME + " is kept as " + store() + ".damaged"),
                    lines.toString());
        }
        assertArrayEquals(damaged, Files.readAllBytes(folder.resolve(StoreFile.NAME + ".damaged")));
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(names(1, 5), names(e), "the recovered state is the store now: the next start is whole");
            assertEquals(List.of(), e.storeRecovery());
        }
    }

    @Test
    void recoverFromADamagedJournalRecordKeepsWhatCameBeforeAndNamesEveryLostTransaction() throws IOException {
        List<Filter> f = commit(5, false);
        byte[] b = Files.readAllBytes(journal());
        int third = offsetOfRecord(b, 3);
        flip(journal(), third + 40); // inside the body of transaction 3: its checksum no longer matches
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(names(1, 2), names(e));
            List<String> lines = e.storeRecovery();
            assertEquals("engine store " + journal() + " is damaged (the record of transaction 3 at byte " + third
                    + " has a checksum mismatch)", lines.get(0));
            // a store never compacted is its journal: there is no snapshot to start from
            assertTrue(lines.contains("started from " + StoreFile.JOURNAL + ": transaction 2, 2 persistent objects"),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("lost: transaction 3: ")), lines.toString());
            assertTrue(lines.contains("lost: transaction 4: add filter 'f4' (key " + f.get(3).filterKey() + ", " + L
                    + ")"), lines.toString());
            assertTrue(lines.contains("lost: transaction 5: add filter 'f5' (key " + f.get(4).filterKey() + ", " + L
                    + ")"), lines.toString());
            assertTrue(lines.contains("the damaged " + StoreFile.JOURNAL + " is kept as " + journal() + ".damaged"),
                    lines.toString());
        }
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(names(1, 2), names(e));
            assertEquals(List.of(), e.storeRecovery());
        }
    }

    @Test
    void recoverWithNoCopyThatReadsKeepsWhatTheJournalsHoldAndSaysWhatWasLost() throws IOException {
        twoRuns();
        for (String name : new String[] {StoreFile.NAME, StoreFile.NAME + ".bak"}) {
            flip(folder.resolve(name), Files.readAllBytes(folder.resolve(name)).length / 2);
        }
        try (BaseFilteringEngine e = engine(true)) {
            // no snapshot reads, and journal.txt.bak starts after transaction 3: nothing to build on
            assertEquals(List.of(), names(e));
            List<String> lines = e.storeRecovery();
            assertTrue(lines.contains("started from an empty store (no copy of it reads)"), lines.toString());
            for (int i = 1; i <= 5; i++) {
                String n = "f" + i;
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("lost: ") && l.contains("'" + n + "'")),
                        n + " is named among the lost: " + lines);
            }
        }
    }

    @Test
    void recoverLeavesOutAnObjectThatNoLongerRestoresAndNamesIt() throws IOException {
        Filter orphan = permit("orphan", L).withKey(UUID.randomUUID()).withSubLayer(UUID.randomUUID())
                .withFlags(FilterFlag.PERSISTENT);
        orphan = orphan.withIds(orphan.filterKey(), orphan.subLayerKey(), 1L, 0L);
        Filter fine = permit("fine", L).withKey(UUID.randomUUID()).withSubLayer(Layer.SUBLAYER_UNIVERSAL)
                .withFlags(FilterFlag.PERSISTENT);
        fine = fine.withIds(fine.filterKey(), fine.subLayerKey(), 2L, 0L);
        String v2 = new String(StoreCodec.encode(new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(),
                List.of(), List.of(orphan, fine))), java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(store(), v1(v2));
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(List.of("fine"), names(e));
            List<String> lines = e.storeRecovery();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("lost: filter 'orphan' (key " + orphan.filterKey()
                    + "): it no longer restores ("), lines.toString());
            assertEquals("the " + StoreFile.NAME + " it came from is kept as " + store() + ".damaged", lines.get(1));
        }
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(List.of("fine"), names(e), "written back without it");
        }
    }

    @Test
    void recoverOnAWholeStoreChangesNothing() throws IOException {
        commit(2, true);
        Map<String, byte[]> before = files();
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(names(1, 2), names(e));
            assertEquals(List.of(), e.storeRecovery());
        }
        Map<String, byte[]> after = files();
        assertArrayEquals(before.get(StoreFile.NAME), after.get(StoreFile.NAME), "a clean stop without changes"
                + " writes no new snapshot");
    }
}
