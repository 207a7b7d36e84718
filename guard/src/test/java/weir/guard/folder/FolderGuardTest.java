package weir.guard.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.guard.report.Console;

/** The folder guard over real folders: one line per change, FileInstall paused while a folder is unsafe. */
class FolderGuardTest {
    @TempDir
    Path dir;
    private Path deploy;
    private Path etc;
    private final List<String> switched = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FolderGuard guard;

    @BeforeEach
    void folders() throws Exception {
        deploy = Files.createDirectory(dir.resolve("deploy"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        etc = Files.createDirectory(dir.resolve("etc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        guard = new FolderGuard(List.of(new FolderCheck("deploy", deploy), new FolderCheck("etc", etc)), 100,
                new FolderGuard.Switch() {
                    @Override
                    public void start() {
                        switched.add("start");
                    }

                    @Override
                    public void stop() {
                        switched.add("stop");
                    }
                }, new Console(new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void fileInstallRunsOnlyWhileBothFoldersAreSafe() throws Exception {
        guard.checkOnce();
        assertEquals(List.of("start"), switched);
        assertFalse(guard.paused());

        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxrwxrwx"));
        guard.checkOnce();
        guard.checkOnce();
        assertEquals(List.of("start", "stop"), switched);
        assertTrue(guard.paused());
        assertEquals("can now be written by other users (mode rwxrwxrwx)", guard.problem("etc"));

        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwx-w----"));
        guard.checkOnce();
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-x---"));
        guard.checkOnce();
        assertEquals(List.of("start", "stop"), switched, "deploy/ is still unsafe");
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwx------"));
        guard.checkOnce();
        assertEquals(List.of("start", "stop", "start"), switched);
        assertNull(guard.problem("deploy"));

        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "weir: etc folder " + etc + " can now be written by other users (mode rwxrwxrwx): nothing in deploy/ or"
                        + " etc/ is installed, updated or removed until it is fixed (chmod go-w " + etc + ")",
                "weir: deploy folder " + deploy + " can now be written by other users (mode rwx-w----): nothing in"
                        + " deploy/ or etc/ is installed, updated or removed until it is fixed (chmod go-w " + deploy
                        + ")",
                "weir: etc folder " + etc + " is safe again: reading deploy/ and etc/ again",
                "weir: deploy folder " + deploy + " is safe again: reading deploy/ and etc/ again"), lines);
    }

    @Test
    void aHeldFileMakesFileInstallReadTheFoldersAfresh() {
        guard.checkOnce();
        guard.rescan();
        guard.checkOnce();
        guard.checkOnce();
        assertEquals(List.of("start", "stop", "start"), switched);
    }

    @Test
    void aFolderThatIsGoneOrNoFolderIsUnsafe() throws Exception {
        FolderCheck check = new FolderCheck("deploy", deploy);
        assertNull(check.problem());
        Files.delete(deploy);
        assertEquals("is gone", check.problem());
        Files.writeString(deploy, "a file");
        assertEquals("is no longer a folder", check.problem());
        assertTrue(check.holds(new File(deploy.toFile(), "x.jar")));
        assertFalse(check.holds(new File(etc.toFile(), "x.jar")));
        assertEquals("deploy/x.jar", check.display(new File(deploy.toFile(), "x.jar")));
    }
}
