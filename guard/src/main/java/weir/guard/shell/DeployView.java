package weir.guard.shell;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

import weir.engine.api.shell.Listing;
import weir.guard.folder.FolderCheck;
import weir.guard.folder.FolderGuard;
import weir.guard.report.DeployLedger;
import weir.guard.report.StartFailure;
import weir.guard.woven.ExitRefusal;

/** Builds the deploy view from the folder itself, the framework's bundles, the ledger and the exit counts. */
public final class DeployView {
    private final BundleContext context;
    private final FolderCheck deploy;
    private final FolderCheck etc;
    private final FolderGuard guard;
    private final DeployLedger ledger;
    private final Pattern artifacts;

    /** @param artifacts the file names FileInstall acts on ({@code felix.fileinstall.filter}) */
    public DeployView(BundleContext context, FolderCheck deploy, FolderCheck etc, FolderGuard guard,
            DeployLedger ledger, Pattern artifacts) {
        this.context = context;
        this.deploy = deploy;
        this.etc = etc;
        this.guard = guard;
        this.ledger = ledger;
        this.artifacts = artifacts;
    }

    public DeployFolder folder() {
        return new DeployFolder(deploy.dir().toString(), guardState(), Listing.of("files in " + deploy.dir(), rows()));
    }

    String guardState() {
        String d = deploy.problem();
        String e = etc.problem();
        if (d != null) {
            return "UNSAFE: " + deploy + " " + d + ": nothing is read until it is fixed (" + deploy.fix(d) + ")";
        }
        if (e != null) {
            return "UNSAFE: " + etc + " " + e + ": nothing is read until it is fixed (" + etc.fix(e) + ")";
        }
        return guard.paused() ? "safe; FileInstall starting" : "safe; FileInstall watching";
    }

    public List<DeployedFile> rows() {
        Map<File, Bundle> byFile = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            File f = file(b.getLocation());
            if (f != null && deploy.holds(f)) {
                byFile.put(f.getAbsoluteFile(), b);
            }
        }
        File[] list = deploy.dir().toFile().listFiles();
        if (list == null) {
            list = new File[0];
        }
        Arrays.sort(list);
        List<DeployedFile> rows = new ArrayList<>();
        for (File f : list) {
            Bundle b = byFile.remove(f.getAbsoluteFile());
            DeployLedger.FileNote note = ledger.file(f);
            rows.add(b != null ? bundleRow(f.getName(), b, note == null ? null : note.text()) : fileRow(f, note));
        }
        for (Map.Entry<File, Bundle> gone : byFile.entrySet()) {
            rows.add(bundleRow(gone.getKey().getName(), gone.getValue(), "its file is gone: uninstalled at the"
                    + " next scan"));
        }
        return rows;
    }

    private DeployedFile bundleRow(String name, Bundle b, String fileNote) {
        String error = ledger.bundle(b.getBundleId(), b.getLastModified());
        if (error == null) {
            error = fileNote;
        }
        if (error == null && b.getState() == Bundle.INSTALLED) {
            error = unresolved(b);
        }
        String exit = ExitRefusal.lastAttempt(b.getBundleId());
        if (error == null && exit != null) {
            error = "refused " + exit;
        }
        return new DeployedFile(name, b.getSymbolicName(), b.getVersion().toString(), b.getBundleId(), state(b),
                ExitRefusal.attempts(b.getBundleId()), error == null ? "" : error);
    }

    private DeployedFile fileRow(File f, DeployLedger.FileNote note) {
        String name = f.getName();
        String state;
        if (f.isDirectory()) {
            state = "ignored: a folder (FileInstall reads files only)";
        } else if (name.startsWith(".") || !artifacts.matcher(name).matches()) {
            state = "ignored: FileInstall skips this name (hidden, or not *.jar)";
        } else if (!name.endsWith(".jar")) {
            state = "refused: configurations belong in " + etc.dir();
        } else if (note != null) {
            state = note.state();
        } else if (deploy.problem() != null || etc.problem() != null) {
            state = "waiting: the folders are unsafe";
        } else {
            state = "waiting for FileInstall";
        }
        return new DeployedFile(name, "", "", null, state, 0, note == null ? "" : note.text());
    }

    /**
     * Why an installed bundle is not resolved, found as Karaf's bundle:diag finds it: its first mandatory
     * requirement that no bundle in the framework provides.
     */
    private String unresolved(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (revision == null || wiring == null) {
            return null;
        }
        for (Requirement r : revision.getRequirements(null)) {
            String resolution = r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution) || wiring.findProviders(r).size() > 0) {
                continue;
            }
            String filter = r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            return "cannot resolve: " + StartFailure.missing(r.getNamespace(), filter == null ? "" : filter);
        }
        return null;
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    private static File file(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return new File(URI.create(location));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
