package weir.guard.install;

import java.io.File;

import weir.guard.folder.FolderCheck;
import weir.guard.folder.FolderGuard;
import weir.guard.report.Console;
import weir.guard.report.DeployLedger;

/** What the gates share: the two folders, the guard that pauses FileInstall, the console and the ledger. */
public record Gates(FolderCheck deploy, FolderCheck etc, FolderGuard guard, Console console, DeployLedger ledger) {

    /** The folder {@code file} lies in, or null when it is in neither. */
    FolderCheck folderOf(File file) {
        return deploy.holds(file) ? deploy : etc.holds(file) ? etc : null;
    }

    /** {@code deploy/x.jar}, {@code etc/y.cfg}, or the absolute path of a file elsewhere. */
    String display(File file) {
        FolderCheck f = folderOf(file);
        return f == null ? file.getAbsolutePath() : f.display(file);
    }

    /** A key that changes when the file does: a line said once per key is said again for new content. */
    static String key(String what, File file) {
        return what + ":" + file.getAbsolutePath() + ":" + file.length() + ":" + file.lastModified();
    }

    static boolean isJar(File file) {
        return file.getName().endsWith(".jar");
    }

    static boolean isConfig(File file) {
        String n = file.getName();
        return n.endsWith(".cfg") || n.endsWith(".config");
    }
}
