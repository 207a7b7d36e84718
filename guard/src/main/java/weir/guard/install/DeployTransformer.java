package weir.guard.install;

import java.io.File;
import java.net.URL;

import org.apache.felix.fileinstall.ArtifactUrlTransformer;

import weir.guard.report.DeployLedger;

/**
 * FileInstall's installer for the bundles in deploy/: it takes each bundle jar there and hands FileInstall
 * its own URL, so FileInstall installs, updates, starts and refreshes it exactly as it does any bundle. Being
 * the listener of every bundle from deploy/ lets Weir look at each file at the moment FileInstall acts on it:
 * a jar that is not a bundle is reported once (FileInstall alone would retry it silently forever), and a
 * bundle whose file changes while deploy/ is unsafe is not updated from it (FileInstall then removes the old
 * bundle: the changed file is read again only when the folder is safe).
 */
public final class DeployTransformer implements ArtifactUrlTransformer {
    /** Below {@link Refusals} and {@link ConfigGate}, above FileInstall's own (unranked) installers. */
    public static final int RANKING = 1000;

    private final Gates gates;

    public DeployTransformer(Gates gates) {
        this.gates = gates;
    }

    @Override
    public boolean canHandle(File artifact) {
        if (!gates.deploy().holds(artifact) || !Gates.isJar(artifact) || !artifact.isFile()) {
            return false;
        }
        DeployLedger.FileNote known = gates.ledger().file(artifact);
        if (known != null && known.state().equals(DeployLedger.NOT_A_BUNDLE)) {
            return false; // FileInstall offers it again every poll: judged already, as it is now
        }
        String why = BundleJar.notABundle(artifact);
        if (why != null) {
            gates.ledger().file(artifact, DeployLedger.NOT_A_BUNDLE, "it " + why);
            gates.console().sayOnce(Gates.key("not-a-bundle", artifact), gates.display(artifact)
                    + " is not an OSGi bundle: it " + why + "; nothing installed (remove it, or rebuild it as a"
                    + " bundle)");
            return false;
        }
        if (gates.deploy().problem() != null) {
            gates.guard().rescan();
            return false;
        }
        return true;
    }

    @Override
    public URL transform(URL artifact) {
        return artifact;
    }
}
