package weir.guard.install;

import java.io.File;

import org.apache.felix.fileinstall.ArtifactInstaller;

import weir.guard.folder.FolderCheck;

/**
 * The first gate FileInstall asks (highest ranking): it takes every file that must not reach FileInstall's own
 * installers and installs nothing. A file in a folder that is unsafe at this moment is held back silently (the
 * folder guard says it once, and has FileInstall read the folder afresh when it is safe again); a bundle
 * outside deploy/, e.g. a jar in etc/, is refused with one line.
 */
public final class Refusals implements ArtifactInstaller {
    /** Above every other FileInstall listener: Weir's gates, FileInstall's ConfigInstaller (0). */
    public static final int RANKING = 3000;

    private final Gates gates;

    public Refusals(Gates gates) {
        this.gates = gates;
    }

    @Override
    public boolean canHandle(File artifact) {
        FolderCheck folder = gates.folderOf(artifact);
        if (folder != null && folder.problem() != null) {
            return true;
        }
        return Gates.isJar(artifact) && !gates.deploy().holds(artifact);
    }

    @Override
    public void install(File artifact) {
        refuse(artifact);
    }

    @Override
    public void update(File artifact) {
        refuse(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        // nothing was installed
    }

    private void refuse(File artifact) {
        if (!Gates.isJar(artifact) || gates.deploy().holds(artifact)) {
            // taken because its folder was unsafe: read it again once the folder is safe
            gates.guard().rescan();
            return;
        }
        gates.console().sayOnce(Gates.key("refused", artifact), gates.display(artifact)
                + ": not installed: bundles are installed from " + gates.deploy().dir() + " only");
    }
}
