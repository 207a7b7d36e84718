package weir.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The folders Weir runs from. Everything in the deploy folder becomes code inside the engine, and everything
 * in the etc folder changes it, so Weir refuses to start with either when anyone but the user running Weir can
 * write to it. (While Weir runs, the weir.guard bundle keeps checking both.)
 */
final class Folders {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private Folders() {
    }

    /** Creates {@code dir} (owner-only) if missing and checks that only its owner, this user, can write it. */
    static void prepareDeploy(Path dir) throws StartException {
        prepareGuarded(dir, "deploy", "every file in it runs inside Weir");
    }

    /** The same for the configuration folder: a file there can change any of Weir's settings. */
    static void prepareEtc(Path dir) throws StartException {
        prepareGuarded(dir, "etc", "every configuration in it changes Weir");
    }

    private static void prepareGuarded(Path dir, String what, String why) throws StartException {
        ensure(dir, what);
        try {
            PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class);
            UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            Set<PosixFilePermission> perms = attrs.permissions();
            if (!attrs.owner().equals(me)) {
                throw new StartException(what + " folder " + dir + " belongs to " + attrs.owner().getName()
                        + ", not to " + me.getName() + " who runs Weir; use a folder of your own (--" + what + " DIR)");
            }
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new StartException(what + " folder " + dir + " can be written by other users (mode "
                        + PosixFilePermissions.toString(perms) + "); " + why + ": chmod go-w " + dir);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check against
        } catch (IOException e) {
            throw new StartException("cannot check " + what + " folder " + dir + ": " + e.getMessage());
        }
    }

    /** Creates a folder if missing (owner-only permissions where the file system has them). */
    static void ensure(Path dir, String what) throws StartException {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dir)) {
                return;
            }
            if (Files.exists(dir)) {
                throw new StartException(what + " folder " + dir + " exists but is not a folder");
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                // Owner-only from the first moment, then again in case the umask took something away.
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir); // not a POSIX file system
            }
        } catch (IOException e) {
            throw new StartException("cannot create " + what + " folder " + dir + ": " + e.getMessage());
        }
    }

    /** A failure at start: printed as one line, exit code 1. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message) {
            super(message);
        }

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
