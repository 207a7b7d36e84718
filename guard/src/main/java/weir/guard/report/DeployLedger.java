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
    /** A note about a file, valid while the file's length and modification time are these. */
    record FileNote(long length, long modified, String text) {
    }

    /** A note about a bundle, valid while the bundle's last modification time is this. */
    record BundleNote(long lastModified, String text) {
    }

    private final Map<File, FileNote> files = new ConcurrentHashMap<>();
    private final Map<Long, BundleNote> bundles = new ConcurrentHashMap<>();

    /** Notes what is wrong with {@code file} as it is now. */
    public void file(File file, String text) {
        files.put(file.getAbsoluteFile(), new FileNote(file.length(), file.lastModified(), text));
    }

    /** What is wrong with {@code file} as it is now, or null. */
    public String file(File file) {
        FileNote n = files.get(file.getAbsoluteFile());
        if (n == null) {
            return null;
        }
        if (n.length() != file.length() || n.modified() != file.lastModified()) {
            return null; // the file changed since: the note was about its old content
        }
        return n.text();
    }

    /** True when the same note stands for {@code file} as it is now (so it need not be said again). */
    public boolean sameFile(File file, String text) {
        return text.equals(file(file));
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
