package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "a damaged store makes Weir refuse to start", through the real weir.jar: each kind of damage, to
 * the snapshot or the journal, exits 1 with one line naming the file, what is wrong and the ways out, and starts
 * no packet source; a journal cut short inside its last record starts without that record and says so;
 * {@code --recover-store} starts from the longest run of transactions the files hold, says which were lost,
 * and the start after it is whole.
 */
class DamagedStoreIT {
    private static final String ADD = "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --persistent";

    /**
     * A data folder whose store holds three persistent filters, one transaction each: "one" and "two" in a run
     * that stopped cleanly (compacted into store.txt; journal.txt.bak holds both records), then "three" in a run
     * that was killed (its record is in journal.txt).
     */
    @TempDir
    static Path template;

    @TempDir
    Path dir;

    @BeforeAll
    static void threePersistentFilters() throws Exception {
        try (Weir weir = Weir.start(template)) {
            weir.send(ADD + " --name one 'local.port == 1'");
            weir.send(ADD + " --name two 'local.port == 2'");
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
        }
        try (Weir weir = Weir.start(template)) {
            assertTrue(weir.query(ADD + " --name three 'local.port == 3'").contains("three"));
            weir.process().destroyForcibly(); // SIGKILL: no compaction at stop
            weir.process().waitFor();
        }
        assertTrue(Files.isRegularFile(template.resolve("weir-data/engine/store.txt")));
        assertTrue(Files.readString(template.resolve("weir-data/engine/journal.txt")).contains("\tname=three\t"));
    }

    /** The test's own copy of the template's data folder; returns its engine folder. */
    private Path copy() throws IOException {
        Path from = template.resolve("weir-data/engine");
        Path to = Files.createDirectories(dir.resolve("weir-data/engine"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Exit 1, one line on standard error that names the file, the damage and both ways out; nothing else. */
    private Weir.Result refused(Path file, String what, String... more) throws Exception {
        String[] args = Stream.concat(Stream.of("-c", "wfp:filters"), Arrays.stream(more)).toArray(String[]::new);
        Weir.Result r = Weir.run(dir, args);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("weir: engine store " + file.toAbsolutePath() + " "), line);
        assertTrue(line.contains(what), "'" + what + "' in " + line);
        assertTrue(line.contains("; Weir did not start: run with --recover-store to start from "), line);
        assertTrue(line.endsWith("or move " + dir.resolve("weir-data/engine").toAbsolutePath()
                + " away to start without persistent objects"), line);
        assertEquals("", r.out(), "the command did not run: " + r);
        return r;
    }

    @Test
    void truncated() throws Exception {
        Path store = copy().resolve("store.txt");
        byte[] b = Files.readAllBytes(store);
        Files.write(store, Arrays.copyOf(b, b.length - 30));
        refused(store, "is damaged (truncated");
    }

    @Test
    void aFlippedByte() throws Exception {
        Path store = copy().resolve("store.txt");
        byte[] b = Files.readAllBytes(store);
        b[b.length / 2] ^= 0x10;
        Files.write(store, b);
        refused(store, "is damaged (");
    }

    @Test
    void aChecksumMismatch() throws Exception {
        Path store = copy().resolve("store.txt");
        String text = Files.readString(store);
        Files.writeString(store, text.substring(0, text.lastIndexOf("crc32\t")) + "crc32\tdeadbeef\n");
        Weir.Result r = refused(store, "is damaged (checksum mismatch: the file says deadbeef");
        // journal.txt.bak holds transactions 1 and 2, journal.txt the third: a recovery would lose nothing
        assertTrue(r.errLines().get(0).contains("to start from journal.txt.bak and journal.txt up to transaction 3"
                + " and list what is lost"), r.err());
    }

    @Test
    void zeroLength() throws Exception {
        Path store = copy().resolve("store.txt");
        Files.write(store, new byte[0]);
        refused(store, "is damaged (empty file)");
    }

    @Test
    void aFolderInItsPlace() throws Exception {
        Path store = copy().resolve("store.txt");
        Files.delete(store);
        Files.createDirectory(store);
        refused(store, "is a folder, not a file");
    }

    @Test
    void anObjectThatNoLongerRestores() throws Exception {
        Path store = copy().resolve("store.txt");
        // filter "two" now names a sublayer that does not exist; the checksum is made right again
        String text = Files.readString(store);
        String body = text.substring(0, text.lastIndexOf("crc32\t"));
        List<String> lines = body.lines().map(l -> l.startsWith("filter\t") && l.contains("\tname=two\t")
                ? l.replaceFirst("\tsublayer=[0-9a-f-]+", "\tsublayer=" + UUID.randomUUID()) : l).toList();
        body = String.join("\n", lines) + "\n";
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(store, body + String.format("crc32\t%08x\n", crc.getValue()));
        refused(store, "holds filter 'two' (key ");
    }

    @Test
    void aDamagedStoreStartsNoPacketSource() throws Exception {
        Path store = copy().resolve("store.txt");
        Files.write(store, new byte[0]);
        Weir.Result r = Weir.run(dir, "--replay", ReplayIT.demo("demo.pcap").toString(), "--permitted", "p.pcap",
                "--batch");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertEquals("", r.out(), "no summary: " + r);
        assertFalse(Files.exists(dir.resolve("p.pcap")), "no packet was written");
    }

    @Test
    void aFlippedByteInTheJournal() throws Exception {
        Path journal = copy().resolve("journal.txt");
        byte[] b = Files.readAllBytes(journal);
        b[b.length - 40] ^= 0x10;
        Files.write(journal, b);
        refused(journal, "is damaged (the record of transaction 3 at byte ");
    }

    @Test
    void aJournalCutShortInItsLastRecordStartsWithoutThatRecordAndSaysSo() throws Exception {
        Path journal = copy().resolve("journal.txt");
        byte[] b = Files.readAllBytes(journal);
        Files.write(journal, Arrays.copyOf(b, b.length - 7));
        Weir.Result r = Weir.run(dir, "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).matches("weir: engine store " + Pattern.quote(journal.toAbsolutePath().toString())
                + ": the record of transaction 3 at byte \\d+ is cut short \\(\\d+ of its \\d+ bytes\\): the last write"
                + " of a process that died while committing \\(that commit never returned\\); it was discarded"),
                r.errLines().get(0));
        assertTrue(r.out().contains("\tone\t") && r.out().contains("\ttwo\t"), r.toString());
        assertFalse(r.out().contains("\tthree\t"), r.toString());
    }

    @Test
    void recoverStoreKeepsEveryTransactionBeforeTheDamageAndSaysWhichWereLost() throws Exception {
        Path engine = copy();
        Path journal = engine.resolve("journal.txt");
        byte[] b = Files.readAllBytes(journal);
        b[b.length - 40] ^= 0x10;
        Files.write(journal, b);
        Weir.Result r = Weir.run(dir, "--recover-store", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        List<String> err = r.errLines();
        assertTrue(err.stream().allMatch(l -> l.startsWith("weir: --recover-store: ")), r.toString());
        assertTrue(err.get(0).startsWith("weir: --recover-store: engine store " + journal.toAbsolutePath()
                + " is damaged (the record of transaction 3 at byte "), r.toString());
        assertTrue(err.contains("weir: --recover-store: started from store.txt: transaction 2, 2 persistent objects"),
                r.toString());
        assertTrue(err.stream().anyMatch(l -> l.startsWith("weir: --recover-store: lost: transaction 3: ")),
                r.toString());
        assertTrue(err.contains("weir: --recover-store: the damaged journal.txt is kept as "
                + engine.toAbsolutePath().resolve("journal.txt.damaged")), r.toString());
        assertTrue(r.out().contains("\tone\t") && r.out().contains("\ttwo\t"), r.toString());
        assertFalse(r.out().contains("\tthree\t"), r.toString());

        Weir.Result next = Weir.run(dir, "-c", "wfp:filters --no-format");
        assertEquals(0, next.exit(), next.toString());
        assertEquals(List.of(), next.errLines(), "the start after a recovery is whole");
        assertTrue(next.out().contains("\tone\t") && next.out().contains("\ttwo\t"), next.toString());
    }

    @Test
    void recoverStoreFromADamagedSnapshotLosesNothingTheJournalsHold() throws Exception {
        Path engine = copy();
        Path store = engine.resolve("store.txt");
        String text = Files.readString(store);
        Files.writeString(store, text.substring(0, text.lastIndexOf("crc32\t")) + "crc32\tdeadbeef\n");
        Weir.Result r = Weir.run(dir, "--recover-store", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.errLines().contains("weir: --recover-store: started from journal.txt.bak and journal.txt:"
                + " transaction 3, 3 persistent objects"), r.toString());
        assertTrue(r.errLines().contains("weir: --recover-store: lost: no committed transaction (every one up to 3"
                + " was recovered)"), r.toString());
        for (String n : List.of("one", "two", "three")) {
            assertTrue(r.out().contains("\t" + n + "\t"), n + ": " + r);
        }
    }

    @Test
    void recoverStoreOnAWholeStoreSaysSo() throws Exception {
        copy();
        Weir.Result r = Weir.run(dir, "--recover-store", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("weir: --recover-store: the engine store is whole; nothing was recovered"),
                r.errLines());
        for (String n : List.of("one", "two", "three")) {
            assertTrue(r.out().contains("\t" + n + "\t"), n + ": " + r);
        }
    }
}
