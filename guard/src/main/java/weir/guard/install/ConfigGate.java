package weir.guard.install;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import weir.guard.install.PidPolicy.Decision;
import weir.guard.install.PidPolicy.Verdict;

/**
 * FileInstall's installer for every configuration file ({@code *.cfg}, {@code *.config}): it decides by the
 * file's PID ({@link PidPolicy}) and hands the files it accepts to FileInstall's own ConfigInstaller, which
 * reads them into ConfigAdmin as it always does. Refused files get one line each; a file whose PID no deployed
 * bundle declares yet waits, and is applied when such a bundle starts. Configuration files outside etc/ are
 * refused.
 */
public final class ConfigGate implements ArtifactInstaller {
    /** Below {@link Refusals}, above FileInstall's ConfigInstaller (unranked). */
    public static final int RANKING = 2000;
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";

    private enum State { APPLIED, REFUSED, WAITING }

    private final BundleContext context;
    private final Gates gates;
    private final PidPolicy policy;
    private final Map<File, State> files = new ConcurrentHashMap<>();

    public ConfigGate(BundleContext context, Gates gates, PidPolicy policy) {
        this.context = context;
        this.gates = gates;
        this.policy = policy;
    }

    @Override
    public boolean canHandle(File artifact) {
        return Gates.isConfig(artifact);
    }

    @Override
    public void install(File artifact) throws Exception {
        offer(artifact, false);
    }

    @Override
    public void update(File artifact) throws Exception {
        offer(artifact, true);
    }

    @Override
    public void uninstall(File artifact) throws Exception {
        File f = artifact.getAbsoluteFile();
        if (files.remove(f) == State.APPLIED) {
            ArtifactInstaller cm = configInstaller(f);
            if (cm != null) {
                cm.uninstall(f);
            }
        }
    }

    /** Applies each waiting file whose PID a deployed bundle now declares (after a bundle started). */
    public synchronized void retryWaiting() {
        List<File> waiting = new ArrayList<>();
        files.forEach((f, s) -> {
            if (s == State.WAITING) {
                waiting.add(f);
            }
        });
        for (File f : waiting) {
            if (!f.isFile() || gates.etc().problem() != null) {
                continue;
            }
            Decision d = policy.decide(PidPolicy.pidOf(f.getName()));
            if (d.verdict() == Verdict.APPLY) {
                try {
                    apply(f, false);
                    gates.console().say(gates.display(f) + ": applied now: its PID belongs to " + d.reason());
                } catch (Exception e) {
                    gates.console().say(gates.display(f) + ": cannot apply: " + e.getMessage());
                }
            }
        }
    }

    /**
     * After FileInstall read etc/ afresh (it resumed after a pause): a file that was applied but is gone now
     * loses its configuration, as FileInstall would have done had it been watching when the file went.
     */
    public synchronized void forgetVanished() throws Exception {
        for (Map.Entry<File, State> e : files.entrySet()) {
            if (!e.getKey().exists()) {
                uninstall(e.getKey());
            }
        }
    }

    private synchronized void offer(File artifact, boolean update) throws Exception {
        File f = artifact.getAbsoluteFile();
        if (!gates.etc().holds(f)) {
            files.put(f, State.REFUSED);
            gates.console().sayOnce(Gates.key("config-outside-etc", f), gates.display(f)
                    + ": refused: configurations are read from " + gates.etc().dir() + " only");
            return;
        }
        if (gates.etc().problem() != null) {
            gates.guard().rescan(); // held: read again once etc/ is safe
            return;
        }
        String pid = PidPolicy.pidOf(f.getName());
        Decision d = policy.decide(pid);
        switch (d.verdict()) {
            case APPLY -> apply(f, update);
            case REFUSE -> {
                withdraw(f);
                files.put(f, State.REFUSED);
                gates.console().sayOnce(Gates.key("config-refused", f), gates.display(f) + ": refused: " + d.reason());
            }
            case WAIT -> {
                withdraw(f);
                files.put(f, State.WAITING);
                gates.console().sayOnce(Gates.key("config-waiting", f), gates.display(f) + ": not applied: "
                        + d.reason());
            }
            default -> throw new IllegalStateException(d.verdict().name());
        }
    }

    private void apply(File f, boolean update) throws Exception {
        ArtifactInstaller cm = configInstaller(f);
        if (cm == null) {
            files.put(f, State.WAITING);
            gates.console().sayOnce(Gates.key("config-no-cm", f), gates.display(f)
                    + ": not applied: ConfigAdmin is not running");
            return;
        }
        boolean known = files.put(f, State.APPLIED) == State.APPLIED;
        if (update && known) {
            cm.update(f);
        } else {
            cm.install(f);
        }
    }

    /** A file that was applied and is now refused or waiting (its content changed) loses its configuration. */
    private void withdraw(File f) throws Exception {
        if (files.get(f) == State.APPLIED) {
            ArtifactInstaller cm = configInstaller(f);
            if (cm != null) {
                cm.uninstall(f);
            }
        }
    }

    /** FileInstall's own ConfigInstaller: the ArtifactInstaller service its bundle registers for configurations. */
    private ArtifactInstaller configInstaller(File f) throws InvalidSyntaxException {
        for (ServiceReference<ArtifactInstaller> ref : context.getServiceReferences(ArtifactInstaller.class, null)) {
            if (ref.getBundle() != null && FILEINSTALL.equals(ref.getBundle().getSymbolicName())) {
                ArtifactInstaller installer = context.getService(ref);
                if (installer != null) {
                    context.ungetService(ref);
                    if (installer.canHandle(f)) {
                        return installer;
                    }
                }
            }
        }
        return null;
    }
}
