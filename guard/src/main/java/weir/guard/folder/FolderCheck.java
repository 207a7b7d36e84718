package weir.guard.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Whether one of Weir's watched folders can be trusted: it is a folder, it belongs to the user running Weir,
 * and no one else can write it. Everything in deploy/ becomes code inside Weir and everything in etc/ changes
 * it, so a folder that fails this check is read no further. The launcher applies the same rule at start.
 */
public final class FolderCheck {
    private final String name;
    private final Path dir;
    private final UserPrincipal me;

    /**
     * @param name the folder's role, {@code deploy} or {@code etc}
     * @param dir  its absolute path
     */
    public FolderCheck(String name, Path dir) throws IOException {
        this.name = name;
        this.dir = dir;
        this.me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** True when {@code file} lies directly in this folder (FileInstall reads no subfolders). */
    public boolean holds(java.io.File file) {
        java.io.File parent = file.getAbsoluteFile().getParentFile();
        return parent != null && parent.toPath().equals(dir);
    }

    /** How a file of this folder is named in messages: {@code deploy/x.jar} (the folder as its last name). */
    public String display(java.io.File file) {
        Path last = dir.getFileName();
        return (last == null ? dir.toString() : last.toString()) + "/" + file.getName();
    }

    /** Null when the folder is safe, else what is wrong, in words that follow "deploy folder DIR". */
    public String problem() {
        try {
            PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class);
            if (!attrs.isDirectory()) {
                return "is no longer a folder";
            }
            if (!attrs.owner().equals(me)) {
                return "now belongs to " + attrs.owner().getName() + ", not to " + me.getName() + " who runs Weir";
            }
            Set<PosixFilePermission> perms = attrs.permissions();
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "can now be written by other users (mode " + PosixFilePermissions.toString(perms) + ")";
            }
            return null;
        } catch (UnsupportedOperationException e) {
            return null; // not a POSIX file system: nothing to check against (the launcher said so at start)
        } catch (NoSuchFileException e) {
            return "is gone";
        } catch (IOException e) {
            return "cannot be checked: " + e.getMessage();
        }
    }

    /** What the operator does about {@link #problem()}. */
    public String fix(String problem) {
        if (problem.startsWith("can now be written")) {
            return "chmod go-w " + dir;
        }
        if (problem.startsWith("now belongs")) {
            return "chown " + me.getName() + " " + dir + " (and check what is in it)";
        }
        return "put the folder back as it was";
    }

    @Override
    public String toString() {
        return name + " folder " + dir;
    }
}
