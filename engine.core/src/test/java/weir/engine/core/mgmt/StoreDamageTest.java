package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

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

/**
 * Issue 11, "a damaged store makes Weir refuse to start": every kind of damage refuses the start with one line
 * that names the file, what is wrong and the two ways out, and touches nothing; asked to recover, the engine
 * starts from the last good copy and says exactly what was lost.
 */
class StoreDamageTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @TempDir
    Path folder;

    private Path store() {
        return folder.resolve(StoreFile.NAME);
    }

    private Path backup() {
        return folder.resolve(StoreFile.NAME + ".bak");
    }

    /** The whole engine, as the OSGi component builds it, on the test's folder. */
    private BaseFilteringEngine engine(boolean recover) {
        FlowTable flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        NetEventLog events = new NetEventLog();
        EngineStatistics statistics = new EngineStatistics();
        ClassifierImpl classifier = new ClassifierImpl(callouts, flows, events, statistics);
        return new BaseFilteringEngine(SnapshotPublisher.of(classifier), callouts, events, statistics, folder,
                recover, new TestEngine.Lines());
    }

    /** Two persistent commits, "one" and then "two": the backup holds "one", the store both. */
    private Filter[] commitTwo() {
        try (BaseFilteringEngine e = engine(false)) {
            EngineSession s = e.open(SessionOptions.named("admin"));
            Filter one = s.addFilter(permit("one", L).withFlags(FilterFlag.PERSISTENT));
            Filter two = s.addFilter(permit("two", L).withFlags(FilterFlag.PERSISTENT));
            return new Filter[] {one, two};
        }
    }

    private static List<String> names(BaseFilteringEngine e) {
        return e.open(SessionOptions.named("check")).filters().stream().map(Filter::name).toList();
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

    private byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    @Test
    void truncatedStoreRefusesTheStart() throws IOException {
        commitTwo();
        byte[] b = bytes(store());
        for (int cut : new int[] {1, 20, b.length / 2, b.length - 1}) {
            Files.write(store(), Arrays.copyOf(b, b.length - cut));
            refusal(store(), "truncated");
        }
    }

    @Test
    void aFlippedByteAnywhereRefusesTheStart() throws IOException {
        commitTwo();
        byte[] good = bytes(store());
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
    void aChecksumMismatchRefusesTheStart() throws IOException {
        commitTwo();
        String text = Files.readString(store());
        int crc = text.lastIndexOf("crc32\t");
        Files.writeString(store(), text.substring(0, crc) + "crc32\t00000000\n");
        String line = refusal(store(), "is damaged (checksum mismatch: the file says 00000000");
        assertTrue(line.contains("to start from the last good copy (" + StoreFile.NAME + ".bak, written "), line);
    }

    @Test
    void anEmptyStoreRefusesTheStart() throws IOException {
        commitTwo();
        Files.write(store(), new byte[0]);
        refusal(store(), "is damaged (empty file)");
    }

    @Test
    void aFolderInItsPlaceRefusesTheStart() throws IOException {
        commitTwo();
        Files.delete(store());
        Files.createDirectory(store());
        refusal(store(), "is a folder, not a file");
    }

    @Test
    void aStoreMissingBesideItsBackupRefusesTheStart() throws IOException {
        commitTwo();
        Files.delete(store());
        refusal(store(), "is missing, but its backup " + StoreFile.NAME + ".bak is there");
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
        Files.write(store(), StoreCodec.encode(new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(),
                List.of(), List.of(orphan))));
        String line = refusal(store(), "holds filter 'orphan' (key " + orphan.filterKey()
                + "), which no longer restores (");
        assertTrue(line.contains("SUBLAYER_NOT_FOUND") || line.contains("sublayer"), line);
    }

    @Test
    void aRefusalTouchesNoFile() throws IOException {
        commitTwo();
        byte[] b = bytes(store());
        b[b.length / 3] ^= 0x01;
        Files.write(store(), b);
        byte[] backup = bytes(backup());
        refusal(store(), "checksum mismatch");
        assertArrayEquals(b, bytes(store()), "the damaged file stays as it was, for the operator to look at");
        assertArrayEquals(backup, bytes(backup()));
        try (var files = Files.list(folder)) {
            assertEquals(2, files.count(), "nothing was moved aside or written");
        }
    }

    @Test
    void aDamagedBackupBesideAWholeStoreIsHarmless() throws IOException {
        commitTwo();
        Files.writeString(backup(), "garbage\n");
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(List.of("one", "two"), names(e));
            assertEquals(List.of(), e.storeRecovery());
        }
    }

    @Test
    void recoverStartsFromTheLastGoodCopyAndListsWhatWasLost() throws IOException {
        Filter[] f = commitTwo();
        byte[] b = bytes(store());
        b[b.length - 3] = (byte) (b[b.length - 3] == '0' ? '1' : '0'); // the checksum: every object line reads
        Files.write(store(), b);
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(List.of("one"), names(e), "the last good copy had one filter");
            List<String> lines = e.storeRecovery();
            assertEquals("engine store " + store() + " is damaged (checksum mismatch", lines.get(0).substring(0,
                    ("engine store " + store() + " is damaged (checksum mismatch").length()), lines.toString());
            assertTrue(lines.get(1).startsWith("started from the last good copy " + backup() + " (written "),
                    lines.toString());
            assertEquals("lost: filter 'two' (key " + f[1].filterKey() + ", " + L + ")", lines.get(2));
            assertEquals("the damaged file is kept as " + folder.resolve(StoreFile.NAME + ".damaged"), lines.get(3));
            assertEquals(4, lines.size(), lines.toString());
        }
        assertArrayEquals(b, bytes(folder.resolve(StoreFile.NAME + ".damaged")));
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(List.of("one"), names(e), "the recovered state is the store now: the next start is whole");
            assertEquals(List.of(), e.storeRecovery());
        }
    }

    @Test
    void recoverWithoutAGoodCopyStartsEmptyAndSaysWhatWasLost() throws IOException {
        Filter one;
        try (BaseFilteringEngine e = engine(false)) {
            one = e.open(SessionOptions.named("admin")).addFilter(permit("one", L).withFlags(FilterFlag.PERSISTENT));
        }
        byte[] b = bytes(store());
        Files.write(store(), Arrays.copyOf(b, b.length - 20)); // the checksum line is cut: no backup either
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(List.of(), names(e));
            List<String> lines = e.storeRecovery();
            assertTrue(lines.get(1).startsWith("started without persistent objects: there is no good copy ("
                    + StoreFile.NAME + ".bak does not exist)"), lines.toString());
            assertTrue(lines.contains("lost: filter 'one' (key " + one.filterKey() + ", " + L + ")"), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("(it is cut short)")), lines.toString());
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
        Files.write(store(), StoreCodec.encode(new PersistentObjects(Instant.now(), List.of(), List.of(), List.of(),
                List.of(), List.of(orphan, fine))));
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(List.of("fine"), names(e));
            List<String> lines = e.storeRecovery();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("lost: filter 'orphan' (key " + orphan.filterKey()
                    + "): it no longer restores ("), lines.toString());
        }
        try (BaseFilteringEngine e = engine(false)) {
            assertEquals(List.of("fine"), names(e), "written back without it");
        }
    }

    @Test
    void recoverOnAWholeStoreChangesNothing() throws IOException {
        commitTwo();
        byte[] before = bytes(store());
        try (BaseFilteringEngine e = engine(true)) {
            assertEquals(List.of("one", "two"), names(e));
            assertEquals(List.of(), e.storeRecovery());
        }
        assertEquals(new String(before, StandardCharsets.UTF_8), new String(bytes(store()), StandardCharsets.UTF_8));
    }
}
