package weir.guard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.fileinstall.ArtifactUrlTransformer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import weir.guard.folder.FolderCheck;
import weir.guard.folder.FolderGuard;
import weir.guard.install.ConfigGate;
import weir.guard.install.DeclaredPids;
import weir.guard.install.DeployTransformer;
import weir.guard.install.Gates;
import weir.guard.install.PidPolicy;
import weir.guard.install.Refusals;
import weir.guard.report.Console;
import weir.guard.report.DeployLedger;
import weir.guard.report.FileInstallLog;
import weir.guard.shell.DeployCommands;
import weir.guard.shell.DeployView;
import weir.guard.weave.ExitWeaver;

/**
 * Starts the guard in the one order that leaves no gap: the weaving hook and FileInstall's gates first, then
 * FileInstall itself (the launcher does not start it), so no bundle from deploy/ and no configuration from etc/
 * is read before Weir can refuse it. Stopping the guard stops FileInstall first.
 */
public final class GuardActivator implements BundleActivator {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";

    private FolderGuard guard;
    private DeclaredPids pids;
    private ServiceTracker<LogReaderService, LogReaderService> logs;
    private ExecutorService retries;

    @Override
    public void start(BundleContext context) throws Exception {
        Path deployDir = folder(context, "weir.deploy");
        Path etcDir = folder(context, "weir.etc");
        Bundle fileInstall = find(context, FILEINSTALL);
        Console console = new Console(System.err);
        DeployLedger ledger = new DeployLedger();
        // weir.jar installs all of its bundles before the framework starts: every bundle now is Weir's own
        Set<Long> own = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            own.add(b.getBundleId());
        }
        FolderCheck deploy = check("deploy", deployDir);
        FolderCheck etc = check("etc", etcDir);

        ExitWeaver.warmUp();
        context.registerService(WeavingHook.class, new ExitWeaver(own, context.getBundle().getVersion(), console),
                null);

        ConfigGate[] configGate = new ConfigGate[1];
        guard = new FolderGuard(List.of(deploy, etc), pollMillis(context), new FolderGuard.Switch() {
            @Override
            public void start() throws Exception {
                fileInstall.start(Bundle.START_TRANSIENT);
                configGate[0].forgetVanished();
            }

            @Override
            public void stop() throws BundleException {
                fileInstall.stop(Bundle.STOP_TRANSIENT);
            }
        }, console);
        Gates gates = new Gates(deploy, etc, guard, console, ledger);
        pids = new DeclaredPids(context, own);
        configGate[0] = new ConfigGate(context, gates, new PidPolicy(pids::owner));
        context.registerService(ArtifactInstaller.class, new Refusals(gates), ranking(Refusals.RANKING));
        context.registerService(ArtifactInstaller.class, configGate[0], ranking(ConfigGate.RANKING));
        context.registerService(ArtifactUrlTransformer.class, new DeployTransformer(gates),
                ranking(DeployTransformer.RANKING));

        FileInstallLog log = new FileInstallLog(context, deploy, etc, own, console, ledger);
        logs = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> ref) {
                LogReaderService reader = super.addingService(ref);
                reader.addLogListener(log);
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> ref, LogReaderService reader) {
                reader.removeLogListener(log);
                super.removedService(ref, reader);
            }
        };
        logs.open();

        // a configuration waiting for its bundle is applied when a deployed bundle starts: after SCR has read
        // the bundle's components (an asynchronous listener runs after SCR's synchronous one)
        retries = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weir-guard-config");
            t.setDaemon(true);
            return t;
        });
        context.addBundleListener((BundleListener) event -> {
            long id = event.getBundle().getBundleId();
            if (event.getType() == BundleEvent.STARTED && !own.contains(id)) {
                retries.execute(configGate[0]::retryWaiting);
            } else if (event.getType() == BundleEvent.UNINSTALLED) {
                ledger.forgetBundle(id);
            }
        });

        Pattern artifacts = Pattern.compile(String.valueOf(context.getProperty("felix.fileinstall.filter")));
        Dictionary<String, Object> shell = new Hashtable<>();
        shell.put("osgi.command.scope", "deploy");
        shell.put("osgi.command.function", new String[] {"list"});
        context.registerService(DeployCommands.class,
                new DeployCommands(new DeployView(context, deploy, etc, guard, ledger, artifacts)), shell);

        guard.start();
    }

    @Override
    public void stop(BundleContext context) {
        if (guard != null) {
            guard.stop();
        }
        if (retries != null) {
            retries.shutdownNow();
        }
        if (logs != null) {
            logs.close();
        }
        if (pids != null) {
            pids.close();
        }
    }

    private static Path folder(BundleContext context, String property) throws BundleException {
        String value = context.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new BundleException("the framework property " + property + " names no folder: weir.guard runs"
                    + " inside weir.jar, which sets it");
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        try {
            // FileInstall names files by the folder's canonical path: so must the gates, to know them
            return dir.toRealPath();
        } catch (IOException e) {
            return dir; // gone already: the folder guard says so
        }
    }

    private static FolderCheck check(String name, Path dir) throws BundleException {
        try {
            return new FolderCheck(name, dir);
        } catch (IOException e) {
            throw new BundleException("cannot find the user running Weir to check " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Bundle find(BundleContext context, String bsn) throws BundleException {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new BundleException(bsn + " is not installed: nothing would read deploy/ and etc/");
    }

    private static long pollMillis(BundleContext context) {
        try {
            return Math.max(10, Long.parseLong(context.getProperty("felix.fileinstall.poll")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }
}
