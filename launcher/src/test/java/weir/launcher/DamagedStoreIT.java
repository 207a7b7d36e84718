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
 * Issue 11, "a damaged store makes Weir refuse to start", through the real weir.jar: each kind of damage
 * exits 1 with one line naming the file, what is wrong and the ways out, and starts no packet source;
 * {@code --recover-store} starts from the last good copy and says what was lost, and the start after it is
 * whole.
 */
class DamagedStoreIT {
    private static final String ADD = "wfp:filter-add --layer INBOUND_TRANSPORT_V4 --action BLOCK --persistent";

    /** A data folder whose store holds two persistent filters, "one" then "two", each committed on its own. */
    @TempDir
    static Path template;

    @TempDir
    Path dir;

    @BeforeAll
    static void twoPersistentFilters() throws Exception {
        try (Weir weir = Weir.start(template)) {
            weir.send(ADD + " --name one 'local.port == 1'");
            weir.send(ADD + " --name two 'local.port == 2'");
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
        }
        assertTrue(Files.isRegularFile(template.resolve("weir-data/engine/store.txt")));
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
        assertTrue(r.errLines().get(0).contains("to start from the last good copy (store.txt.bak, written "), r.err());
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
    void recoverStoreStartsFromTheLastGoodCopyAndSaysWhatWasLost() throws Exception {
        Path engine = copy();
        Path store = engine.resolve("store.txt");
        String text = Files.readString(store);
        Files.writeString(store, text.substring(0, text.lastIndexOf("crc32\t")) + "crc32\tdeadbeef\n");
        Weir.Result r = Weir.run(dir, "--recover-store", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        List<String> err = r.errLines();
        assertTrue(err.stream().allMatch(l -> l.startsWith("weir: --recover-store: ")), r.toString());
        assertTrue(err.get(0).contains("engine store " + store.toAbsolutePath() + " is damaged (checksum mismatch"),
                r.toString());
        assertTrue(err.stream().anyMatch(l -> l.contains("started from the last good copy")), r.toString());
        assertTrue(err.stream().anyMatch(l -> Pattern.matches(
                "weir: --recover-store: lost: filter 'two' \\(key [0-9a-f-]+, INBOUND_TRANSPORT_V4\\)", l)),
                r.toString());
        assertTrue(err.stream().anyMatch(l -> l.contains("the damaged file is kept as " + engine.toAbsolutePath()
                .resolve("store.txt.damaged"))), r.toString());
        assertTrue(r.out().contains("\tone\t"), r.toString());
        assertFalse(r.out().contains("\ttwo\t"), r.toString());

        Weir.Result next = Weir.run(dir, "-c", "wfp:filters --no-format");
        assertEquals(0, next.exit(), next.toString());
        assertEquals(List.of(), next.errLines(), "the start after a recovery is whole");
        assertTrue(next.out().contains("\tone\t"), next.toString());
    }

    @Test
    void recoverStoreOnAWholeStoreSaysSoAndChangesNothing() throws Exception {
        Path store = copy().resolve("store.txt");
        byte[] before = Files.readAllBytes(store);
        Weir.Result r = Weir.run(dir, "--recover-store", "-c", "wfp:filters --no-format");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("weir: --recover-store: the engine store is whole; nothing was recovered"),
                r.errLines());
        assertTrue(r.out().contains("\tone\t") && r.out().contains("\ttwo\t"), r.toString());
        assertTrue(Arrays.equals(before, Files.readAllBytes(store)));
    }
}
