package weir.guard.report;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What went wrong with each file in deploy/ and each bundle from it, for {@code deploy:list}: a file that is
 * not a bundle or could not be installed, a bundle that did not start. Each note carries the state of the
 * file or bundle it is about, so a note goes stale by itself when the file is replaced or the bundle updated.
 */
public final class DeployLedger {
    /** The state of a file that is not a bundle. */
    public static final String NOT_A_BUNDLE = "not a bundle";
    /** The state of a file FileInstall could not install. */
    public static final String NOT_INSTALLED = "not installed";

    /** A note about a file, valid while the file's length and modification time are these. */
    public record FileNote(long length, long modified, String state, String text) {
    }

    /** A note about a bundle, valid while the bundle's last modification time is this. */
    record BundleNote(long lastModified, String text) {
    }

    private final Map<File, FileNote> files = new ConcurrentHashMap<>();
    private final Map<Long, BundleNote> bundles = new ConcurrentHashMap<>();

    /** Notes what is wrong with {@code file} as it is now: what became of it, and why. */
    public void file(File file, String state, String text) {
        files.put(file.getAbsoluteFile(), new FileNote(file.length(), file.lastModified(), state, text));
    }

    /** What is wrong with {@code file} as it is now, or null. */
    public FileNote file(File file) {
        FileNote n = files.get(file.getAbsoluteFile());
        if (n == null) {
            return null;
        }
        if (n.length() != file.length() || n.modified() != file.lastModified()) {
            return null; // the file changed since: the note was about its old content
        }
        return n;
    }

    public void forgetFile(File file) {
        files.remove(file.getAbsoluteFile());
    }

    /** Notes the last error of a bundle as it is now. */
    public void bundle(long id, long lastModified, String text) {
        bundles.put(id, new BundleNote(lastModified, text));
    }

    /** The last error of a bundle as it is now, or null. */
    public String bundle(long id, long lastModified) {
        BundleNote n = bundles.get(id);
        return n == null || n.lastModified() != lastModified ? null : n.text();
    }

    public void forgetBundle(long id) {
        bundles.remove(id);
    }
}
