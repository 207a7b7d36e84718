package weir.guard.report;

import java.io.File;
import java.net.URI;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;

import weir.guard.folder.FolderCheck;

/**
 * Turns what FileInstall and deployed bundles write to the OSGi log into the operator's console lines and the
 * deploy view's last errors. FileInstall reports a bundle that cannot be installed or started only there
 * (its 3.7.4 messages "Failed to install artifact: PATH", "Error while starting bundle: LOCATION", ...), so
 * without this a throwing activator or an unresolvable bundle passes in silence.
 */
public final class FileInstallLog implements LogListener {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private static final String INSTALL = "Failed to install artifact: ";
    private static final String START = "Error while starting bundle: ";
    private static final String UPDATE = "Failed to update artifact ";

    private final BundleContext context;
    private final FolderCheck deploy;
    private final FolderCheck etc;
    private final Set<Long> own;
    private final Console console;
    private final DeployLedger ledger;

    public FileInstallLog(BundleContext context, FolderCheck deploy, FolderCheck etc, Set<Long> own, Console console,
            DeployLedger ledger) {
        this.context = context;
        this.deploy = deploy;
        this.etc = etc;
        this.own = Set.copyOf(own);
        this.console = console;
        this.ledger = ledger;
    }

    @Override
    public void logged(LogEntry entry) {
        Bundle from = entry.getBundle();
        LogLevel level = entry.getLogLevel();
        if (from == null || level != LogLevel.ERROR && level != LogLevel.WARN) {
            return;
        }
        try {
            if (FILEINSTALL.equals(from.getSymbolicName())) {
                fileInstall(entry.getMessage(), entry.getException());
            } else if (!own.contains(from.getBundleId()) && level == LogLevel.ERROR) {
                // a deployed bundle's own error (e.g. SCR could not activate its component): its last error
                ledger.bundle(from.getBundleId(), from.getLastModified(), Console.oneLine(entry.getMessage())
                        + (entry.getException() == null ? "" : ": " + Console.describe(entry.getException())));
            }
        } catch (RuntimeException e) {
            console.sayOnce("log-" + e, "cannot report a FileInstall message: " + Console.describe(e));
        }
    }

    private void fileInstall(String message, Throwable error) {
        if (message == null) {
            return;
        }
        if (message.startsWith(START)) {
            String reason = error == null ? "" : StartFailure.of(error);
            Bundle b = context.getBundle(message.substring(START.length()).strip());
            if (b != null) {
                ledger.bundle(b.getBundleId(), b.getLastModified(), reason);
                console.sayOnce("start:" + b.getBundleId() + ":" + b.getLastModified() + ":" + reason,
                        name(b.getLocation()) + ": bundle " + b.getSymbolicName() + " " + b.getVersion()
                                + " did not start: " + reason);
                return;
            }
        }
        String reason = error == null ? "" : StartFailure.plain(error);
        if (message.startsWith(INSTALL) || message.startsWith(UPDATE)) {
            boolean install = message.startsWith(INSTALL);
            File file = new File(message.substring((install ? INSTALL : UPDATE).length()).strip());
            String text = (install ? "cannot install: " : "cannot update: ") + reason;
            if (deploy.holds(file)) {
                ledger.file(file, DeployLedger.NOT_INSTALLED, text);
            }
            console.sayOnce("install:" + file + ":" + file.length() + ":" + file.lastModified() + ":" + text,
                    display(file) + ": " + text);
            return;
        }
        console.sayOnce("fileinstall:" + message + reason, "FileInstall: " + Console.oneLine(message)
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    private String display(File file) {
        return deploy.holds(file) ? deploy.display(file) : etc.holds(file) ? etc.display(file) : file.getPath();
    }

    /** {@code deploy/x.jar} for a bundle location FileInstall gave ({@code file:/.../deploy/x.jar}). */
    String name(String location) {
        try {
            File f = new File(URI.create(location));
            return display(f);
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
