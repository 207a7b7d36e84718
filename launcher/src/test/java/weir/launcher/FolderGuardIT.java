package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ and etc/ are watched while Weir runs: when one becomes writable by others (or changes owner), Weir
 * says so once, installs, updates and applies nothing from them until it is fixed, says so again, and then
 * reads them afresh.
 */
class FolderGuardIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** How long a refused file is watched not being installed: 20 of FileInstall's 100 ms polls. */
    private static final long HOLD_MILLIS = 2_000;

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
    void deployMadeWritableByOthersInstallsAndUpdatesNothingUntilFixed() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        TestBundle.deploy(deploy, "old.jar", "weir.test.old", "1.0.0", scratch);
        weir = Weir.start(dir);
        weir.awaitOut(Pattern.compile("weir\\.test\\.old 1\\.0\\.0 started"), WITHIN);

        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxrwx---"));
        weir.awaitErr(Pattern.compile("weir: deploy folder \\S+/deploy can now be written by other users \\(mode"
                + " rwxrwx---\\): nothing in deploy/ or etc/ is installed, updated or removed until it is fixed"
                + " \\(chmod go-w \\S+/deploy\\)"), WITHIN);
        // what anyone in the group may now do: drop a new bundle, replace one that runs
        TestBundle.deploy(deploy, "new.jar", "weir.test.new", "1.0.0", scratch);
        TestBundle.deploy(deploy, "old.jar", "weir.test.old", "2.0.0", scratch);
        Thread.sleep(HOLD_MILLIS); // a window for FileInstall to act, had it not been paused
        String lb = weir.query("lb -s weir.test");
        assertTrue(lb.contains("weir.test.old (1.0.0)"), "the old bundle runs on, not updated:\n" + lb);
        assertFalse(lb.contains("weir.test.new"), "installed from an unsafe folder:\n" + lb);
        String view = weir.query("deploy:list");
        assertTrue(view.contains("UNSAFE: deploy folder"), view);
        assertTrue(ExitContainmentIT.row(weir.query("deploy:list --no-format"), "new.jar")
                .contains("waiting: the folders are unsafe"), view);

        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwx------"));
        weir.awaitErr(Pattern.compile("weir: deploy folder \\S+/deploy is safe again: reading deploy/ and etc/ again"),
                WITHIN);
        weir.awaitOut(Pattern.compile("weir\\.test\\.new 1\\.0\\.0 started"), WITHIN);
        weir.awaitOut(Pattern.compile("weir\\.test\\.old 2\\.0\\.0 started"), WITHIN);

        weir.send("shutdown");
        Weir.Result r = weir.awaitExit(Weir.EXIT);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, count(r.err(), "can now be written by other users"), "said once:\n" + r);
        assertEquals(1, count(r.err(), "is safe again"), "said once:\n" + r);
    }

    @Test
    void etcMadeWritableByOthersIsNotReadUntilFixed() throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"), EtcUntouchedIT.owner());
        weir = Weir.start(dir);
        assertEquals("stopAfterHardBlock false", weir.query("wfp:engine stopAfterHardBlock").strip());

        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxrwxrwx"));
        weir.awaitErr(Pattern.compile("weir: etc folder \\S+/etc can now be written by other users \\(mode rwxrwxrwx\\)"
                + ".*\\(chmod go-w \\S+/etc\\)"), WITHIN);
        Files.writeString(etc.resolve("weir.engine.cfg"), "stopAfterHardBlock = true\n");
        Thread.sleep(HOLD_MILLIS);
        assertEquals("stopAfterHardBlock false", weir.query("wfp:engine stopAfterHardBlock").strip(),
                "a configuration was read from an unsafe etc/");

        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        weir.awaitErr(Pattern.compile("weir: etc folder \\S+/etc is safe again"), WITHIN);
        long deadline = System.nanoTime() + WITHIN.toNanos();
        String value = "";
        while (System.nanoTime() < deadline && !value.equals("stopAfterHardBlock true")) {
            value = weir.query("wfp:engine stopAfterHardBlock").strip();
            Thread.sleep(100);
        }
        assertEquals("stopAfterHardBlock true", value, "read once etc/ was safe again");
    }

    @Test
    void deployGivenToAnotherUserIsNotReadUntilGivenBack() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "changing a folder's owner needs root");
        Path deploy = Files.createDirectory(dir.resolve("deploy"), EtcUntouchedIT.owner());
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        weir = Weir.start(dir);
        weir.query("lb");
        UserPrincipal me = Files.getOwner(deploy);
        UserPrincipal nobody = deploy.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");

        Files.setOwner(deploy, nobody);
        weir.awaitErr(Pattern.compile("weir: deploy folder \\S+/deploy now belongs to nobody, not to root who runs"
                + " Weir: nothing in deploy/ or etc/ is installed"), WITHIN);
        TestBundle.deploy(deploy, "x.jar", "weir.test.x", "1.0.0", scratch);
        Thread.sleep(HOLD_MILLIS);
        assertFalse(weir.query("lb -s weir.test").contains("weir.test.x"), "installed from another user's folder");

        Files.setOwner(deploy, me);
        weir.awaitErr(Pattern.compile("deploy folder \\S+/deploy is safe again"), WITHIN);
        weir.awaitOut(Pattern.compile("weir\\.test\\.x 1\\.0\\.0 started"), WITHIN);
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }
}
