package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot deployment through FileInstall: a bundle renamed into deploy/ is ACTIVE within 1 s, a replaced one is
 * updated, a deleted one is gone within 1 s; and the framework cache never brings back a removed bundle.
 */
class HotDeployIT {
    /** What the issue promises for install and uninstall (FileInstall polls every 100 ms). */
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String LB = "lb -s " + TestBundle.BSN;
    private static final String SENTINEL = "weir.test.sentinel";

    @TempDir
    Path dir;
    private Weir weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void bundleRenamedIntoDeployIsActiveThenUpdatedThenGone() throws Exception {
        Path deploy = dir.resolve("deploy");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        assertNull(bundleLine(), "nothing deployed yet");

        TestBundle.deploy(deploy, "x.jar", "1.0.0", scratch);
        String line = within(WITHIN, "x.jar 1.0.0 is ACTIVE", l -> l != null && isActive(l, "1.0.0"));
        assertTrue(line.contains(TestBundle.BSN), line);
        weir.awaitOut(Pattern.compile(Pattern.quote(TestBundle.BSN + " 1.0.0 started")), WITHIN);

        TestBundle.deploy(deploy, "x.jar", "2.0.0", scratch);
        within(WITHIN, "x.jar is updated to 2.0.0 and ACTIVE", l -> l != null && isActive(l, "2.0.0"));
        weir.awaitOut(Pattern.compile(Pattern.quote(TestBundle.BSN + " 1.0.0 stopped")), WITHIN);
        weir.awaitOut(Pattern.compile(Pattern.quote(TestBundle.BSN + " 2.0.0 started")), WITHIN);

        Files.delete(deploy.resolve("x.jar"));
        within(WITHIN, "x.jar is uninstalled", l -> l == null);
        weir.awaitOut(Pattern.compile(Pattern.quote(TestBundle.BSN + " 2.0.0 stopped")), WITHIN);

        weir.send("shutdown");
        assertEquals(0, weir.awaitExit(Weir.EXIT).exit());
    }

    @Test
    void filesBeingCopiedIntoDeployAreIgnored() throws Exception {
        Path deploy = dir.resolve("deploy");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        assertNull(bundleLine());
        // Copies still in progress: complete bundles, but under temporary names.
        TestBundle.write(deploy.resolve(".x.jar.tmp"), "1.0.0", scratch);
        TestBundle.write(deploy.resolve("x.jar.part"), "1.0.0", scratch);
        // A sentinel renamed in afterwards: once FileInstall installed it, it has scanned the others too.
        TestBundle.deploy(deploy, "sentinel.jar", SENTINEL, "1.0.0", scratch);
        weir.awaitOut(Pattern.compile(Pattern.quote(SENTINEL + " 1.0.0 started")), Weir.START);
        assertNull(bundleLine(), "FileInstall picked up a file that was still being copied");
    }

    @Test
    void bundleRemovedWhileWeirWasDownIsGoneAtNextStart() throws Exception {
        // Owner-only, whatever the umask: Weir refuses a deploy folder that others can write.
        Path deploy = Files.createDirectory(dir.resolve("deploy"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        TestBundle.deploy(deploy, "x.jar", "1.0.0", scratch);

        Weir.Result first = Weir.run(dir, "-c", LB);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().lines().anyMatch(l -> isActive(l, "1.0.0")), "deployed at start:\n" + first);
        assertTrue(Files.isDirectory(dir.resolve("weir-data/felix-cache")), "the first run left a framework cache");

        Files.delete(deploy.resolve("x.jar"));
        Weir.Result second = Weir.run(dir, "-c", LB);
        assertEquals(0, second.exit(), second.toString());
        assertFalse(second.out().contains(TestBundle.BSN), "removed while down, yet installed:\n" + second);
    }

    /** Polls the shell until the bundle's {@code lb} line satisfies {@code done}; fails after {@code limit}. */
    private String within(Duration limit, String what, Predicate<String> done)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String line;
        while (true) {
            line = bundleLine();
            if (done.test(line)) {
                System.out.printf("[e2e] %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
                return line;
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                fail(what + ": not within " + limit.toMillis() + " ms; last lb line: " + line + "\nstdout:\n"
                        + weir.out() + "\nstderr:\n" + weir.err());
            }
            Thread.sleep(20); // poll interval only; the limit above is measured, not slept
        }
    }

    /** The test bundle's line in {@code lb -s}, or null when it is not installed. */
    private String bundleLine() throws IOException {
        String listing = weir.query(LB);
        assertNotNull(listing);
        return listing.lines().filter(l -> l.contains("|" + TestBundle.BSN + " ")).findFirst().orElse(null);
    }

    private static boolean isActive(String lbLine, String version) {
        return lbLine.matches(".*\\|Active\\s*\\|.*\\|" + Pattern.quote(TestBundle.BSN) + " \\("
                + Pattern.quote(version) + "\\).*");
    }
}
