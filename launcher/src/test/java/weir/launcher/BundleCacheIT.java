package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framework cache a run leaves in weir-data/ is loaded again by the next run only when it holds exactly
 * weir.jar's bundles; otherwise every bundle is installed from weir.jar again. Whatever a run leaves that is
 * state rather than code does not reach the next run.
 */
class BundleCacheIT {
    private static final String SHIM = "weir:bundles/weir.shim.pcap-";
    private static final String SHELL = "weir:bundles/org.apache.felix.gogo.jline-";

    @TempDir
    Path dir;

    @Test
    void theNextRunLoadsTheCacheInsteadOfInstallingAgain() throws Exception {
        replay();
        Path jar = cachedJar(SHIM);
        Object key = Files.readAttributes(jar, BasicFileAttributes.class).fileKey();
        long modified = Files.getLastModifiedTime(jar).toMillis();
        replay();
        Path again = cachedJar(SHIM);
        assertEquals(jar, again, "the same bundle folder");
        assertEquals(key, Files.readAttributes(again, BasicFileAttributes.class).fileKey(), "not written again");
        assertEquals(modified, Files.getLastModifiedTime(again).toMillis(), "not written again");
        assertSameAsEmbedded(again);
    }

    @Test
    void theNextRunTakesTheComponentDescriptionsFromScrsStoreAndLoadsNoXmlParser() throws Exception {
        assertTrue(xmlParserClasses(replayLoggingClasses("first.log")) > 0, "the first run parses component XML");
        assertEquals(0, xmlParserClasses(replayLoggingClasses("second.log")),
                "the second run took SCR's stored descriptions (and so every component still started: 26 packets)");
    }

    @Test
    void aDamagedBundleMakesTheNextRunInstallEverythingAgain() throws Exception {
        replay();
        Path jar = cachedJar(SHIM);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x5a; // same size, other bytes: as a bad disk block would leave it
        Files.write(jar, bytes);
        replay();
        assertSameAsEmbedded(cachedJar(SHIM));
    }

    @Test
    void aTruncatedOrMissingBundleMakesTheNextRunInstallEverythingAgain() throws Exception {
        replay();
        Path jar = cachedJar(SHIM);
        try (FileChannel c = FileChannel.open(jar, StandardOpenOption.WRITE)) {
            c.truncate(1000);
        }
        replay();
        assertSameAsEmbedded(cachedJar(SHIM));
        Files.delete(cachedJar(SHIM));
        replay();
        assertSameAsEmbedded(cachedJar(SHIM));
    }

    @Test
    void aCacheOthersCanWriteIsNotUsed() throws Exception {
        replay();
        Path jar = cachedJar(SHIM);
        long modified = Files.getLastModifiedTime(jar).toMillis();
        Files.setPosixFilePermissions(jar.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Thread.sleep(1100); // a new copy gets a later modification time, also on file systems counting seconds
        replay();
        Path again = cachedJar(SHIM);
        assertNotEquals(modified, Files.getLastModifiedTime(again).toMillis(), "installed again from weir.jar");
        assertFalse(Files.getPosixFilePermissions(again.getParent()).toString().contains("OTHERS_WRITE"));
        assertSameAsEmbedded(again);
    }

    @Test
    void aCacheAnotherProcessHoldsLockedIsNotReused() throws Exception {
        replay();
        Path cache = dir.resolve("weir-data/felix-cache");
        long modified = Files.getLastModifiedTime(cachedJar(SHIM)).toMillis();
        Thread.sleep(1100);
        try (FileChannel c = FileChannel.open(cache.resolve("cache.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = c.lock()) {
            assertNotNull(lock);
            // Felix itself does not refuse a cache another process holds; the launcher does not reuse it then,
            // and the run installs from weir.jar as every run did before the cache was kept.
            replay();
        }
        assertNotEquals(modified, Files.getLastModifiedTime(cachedJar(SHIM)).toMillis(), "installed again");
        assertSameAsEmbedded(cachedJar(SHIM));
    }

    @Test
    void theLastRunsStartMarksAndConfigurationsAreNotKept() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/weir.engine.cfg"), "netEventCapacity = 512\n");
        try (Weir weir = Weir.start(dir)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            String value = "";
            while (System.nanoTime() < deadline && !value.equals("netEventCapacity 512")) {
                value = weir.query("wfp:engine netEventCapacity").strip();
                Thread.sleep(100);
            }
            assertEquals("netEventCapacity 512", value, "etc/weir.engine.cfg read");
            weir.send("shutdown");
            assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
        }
        assertTrue(persistentlyStarted(SHELL), "the interactive run started the shell");

        Files.delete(dir.resolve("etc/weir.engine.cfg"));
        replay(); // a batch run: no shell
        assertFalse(persistentlyStarted(SHELL), "a batch run does not start the shell the last run started");

        Weir.Result r = Weir.run(dir, "-c", "wfp:engine netEventCapacity");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("512"), "the configuration of a removed etc/ file came back:\n" + r);
    }

    @Test
    void aDeployedBundleIsInstalledAgainWithTheIdOfAFirstRun() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwx------"));
        TestBundle.deploy(deploy, "x.jar", "1.0.0", Files.createDirectories(dir.resolve("scratch")));
        String first = deployedId();
        String second = deployedId();
        assertEquals(first, second, "the same bundle id as in the first run");
    }

    /** The id {@code lb} shows for the deployed test bundle, in a run of its own. */
    private String deployedId() throws Exception {
        Weir.Result r = Weir.run(dir, "-c", "lb -s " + TestBundle.BSN);
        assertEquals(0, r.exit(), r.toString());
        for (String line : r.out().split("\\R")) {
            if (line.contains(TestBundle.BSN) && line.contains("|")) {
                return line.substring(0, line.indexOf('|')).strip();
            }
        }
        throw new AssertionError("no line for " + TestBundle.BSN + ":\n" + r);
    }

    /** A batch replay of the demo capture that logs the classes its JVM loads; returns the log. */
    private Path replayLoggingClasses(String log) throws Exception {
        Path file = dir.resolve(log);
        List<String> command = List.of(Weir.java(), "-Xlog:class+load=info:file=" + file, "-jar",
                Weir.jar().toString(), "--replay", ReplayIT.demo("demo.pcap").toString(), "--batch", "--summary",
                "json");
        try (Weir weir = Weir.startProcess(dir, command)) {
            weir.closeStdin();
            Weir.Result r = weir.awaitExit(Weir.EXIT);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("\"packets\":26"), r.toString());
        }
        return file;
    }

    /** How many classes of the JDK's XML parser (Xerces) the log shows loaded. */
    private static long xmlParserClasses(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("com.sun.org.apache.xerces.")).count();
        }
    }

    /** A batch replay of the demo capture, which must work whatever the cache held. */
    private void replay() throws Exception {
        Weir.Result r = Weir.run(dir, "--replay", ReplayIT.demo("demo.pcap").toString(), "--batch", "--summary",
                "json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"packets\":26"), r.toString());
    }

    /** The cached bundle.jar of the bundle whose location starts so. */
    private Path cachedJar(String location) throws IOException {
        for (Path bundle : bundleFolders()) {
            List<String> info = Files.readAllLines(bundle.resolve("bundle.info"));
            if (info.get(1).startsWith(location)) {
                return bundle.resolve("version0.0/bundle.jar");
            }
        }
        throw new AssertionError("no cached bundle " + location + " in " + dir.resolve("weir-data/felix-cache"));
    }

    /** Whether Felix's bundle.info marks the bundle persistently started (ACTIVE, 32). */
    private boolean persistentlyStarted(String location) throws IOException {
        for (Path bundle : bundleFolders()) {
            List<String> info = Files.readAllLines(bundle.resolve("bundle.info"));
            if (info.get(1).startsWith(location)) {
                return info.get(2).equals("32");
            }
        }
        throw new AssertionError("no cached bundle " + location);
    }

    private List<Path> bundleFolders() throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("weir-data/felix-cache"), "bundle*")) {
            for (Path p : s) {
                if (Files.isRegularFile(p.resolve("bundle.info"))) {
                    list.add(p);
                }
            }
        }
        return list;
    }

    /** The cached file holds exactly the bytes of the bundle weir.jar carries. */
    private static void assertSameAsEmbedded(Path cached) throws IOException {
        String location = Files.readAllLines(cached.getParent().getParent().resolve("bundle.info")).get(1);
        try (JarFile weir = new JarFile(Weir.jar().toFile())) {
            JarEntry e = weir.getJarEntry(location.substring("weir:".length()));
            assertNotNull(e, location);
            CRC32 crc = new CRC32();
            try (InputStream in = Files.newInputStream(cached)) {
                crc.update(in.readAllBytes());
            }
            assertEquals(e.getSize(), Files.size(cached), "size of " + cached);
            assertEquals(e.getCrc(), crc.getValue(), "CRC-32 of " + cached);
        }
    }
}
