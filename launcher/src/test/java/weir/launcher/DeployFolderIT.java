package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file in deploy/ becomes code inside Weir and every file in etc/ changes it: both folders must be writable
 * by their owner only, or Weir does not start.
 */
class DeployFolderIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwxrwx", "rwxrwxr-x", "rwxr-x-wx"})
    void deployFolderWritableByOthersIsRefused(String mode) throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString(mode));
        Weir.Result r = Weir.run(dir, "-c", "lb");
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).contains("deploy") && err.get(0).contains("chmod go-w deploy"), r.toString());
        assertEquals("", r.out(), "refused before anything started:\n" + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwxrwx", "rwxrwxr-x", "rwxr-x-wx"})
    void etcFolderWritableByOthersIsRefused(String mode) throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString(mode));
        Weir.Result r = Weir.run(dir, "-c", "lb");
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).startsWith("weir: etc folder etc can be written by other users (mode " + mode + ")")
                && err.get(0).endsWith("chmod go-w etc"), r.toString());
        assertEquals("", r.out(), "refused before anything started:\n" + r);
    }

    @Test
    void etcFolderOfAnotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a folder to another user needs root");
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Files.setOwner(etc, etc.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Weir.Result r = Weir.run(dir, "--etc", "etc", "-c", "lb");
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(List.of("weir: etc folder etc belongs to nobody, not to root who runs Weir; use a folder of your own"
                + " (--etc DIR)"), err, r.toString());
    }

    @Test
    void refusedFolderGivenWithDeployOptionIsNamed() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("shared/callouts"));
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxrwxrwx"));
        Weir.Result r = Weir.run(dir, "--deploy", "shared/callouts", "-c", "lb");
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).contains("chmod go-w shared/callouts"), r.toString());
    }

    @Test
    void ownerOnlyDeployFolderIsAccepted() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Weir.Result r = Weir.run(dir, "-c", "lb");
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void aDeployFolderReachedThroughASymbolicLinkIsGuardedAndRead() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real-deploy"), EtcUntouchedIT.owner());
        Files.createSymbolicLink(dir.resolve("linked"), real);
        TestBundle.deploy(real, "x.jar", "1.0.0", Files.createDirectory(dir.resolve("scratch")));
        Weir.Result r = Weir.run(dir, "--deploy", "linked", "-c", "deploy:list --no-format");
        assertEquals(0, r.exit(), r.toString());
        String row = ExitContainmentIT.row(r.out(), "x.jar");
        assertTrue(row != null && row.startsWith("x.jar\t" + TestBundle.BSN + "\t1.0.0\t") && row.contains("\tACTIVE\t"),
                r.toString());
        assertEquals(List.of(), r.errLines(), r.toString());
    }

    @Test
    void missingFoldersAreCreatedOwnerOnly() throws Exception {
        Weir.Result r = Weir.run(dir, "--deploy", "new/deploy", "-c", "lb");
        assertEquals(0, r.exit(), r.toString());
        for (Path folder : List.of(dir.resolve("new/deploy"), dir.resolve("etc"), dir.resolve("weir-data"))) {
            assertTrue(Files.isDirectory(folder), folder + " was not created");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
        }
    }

    @Test
    void deployPathThatIsAFileIsOneLineAndExitOne() throws Exception {
        Files.writeString(dir.resolve("deploy"), "not a folder");
        Weir.Result r = Weir.run(dir, "-c", "lb");
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).contains("deploy") && err.get(0).contains("not a folder"), r.toString());
    }
}
