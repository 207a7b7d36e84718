package weir.guard.install;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which configurations etc/ may hold: Weir's own PIDs ({@code weir.*}) and those that a deployed bundle
 * declares. Never the framework's own services: a configuration for FileInstall could make it watch another
 * folder and install whatever is there, one for the log or SCR would change how Weir reports and runs.
 */
public final class PidPolicy {
    /** What becomes of a configuration file. */
    public enum Verdict {
        /** Handed to ConfigAdmin (through FileInstall's own ConfigInstaller). */
        APPLY,
        /** Never applied. */
        REFUSE,
        /** Applied when a deployed bundle declares its PID. */
        WAIT
    }

    /** @param reason why, for a REFUSE or WAIT; the owner for an APPLY */
    public record Decision(Verdict verdict, String reason) {
    }

    /** Name spaces of the framework and the libraries Weir runs on. */
    private static final List<String> FRAMEWORK = List.of("org.apache.felix.", "org.osgi.", "org.eclipse.", "osgi.",
            "org.jline.", "java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** The framework services a configuration could reach, by PID prefix, named for the refusal. */
    private static final Map<String, String> SERVICES = Map.of(
            "org.apache.felix.fileinstall", "FileInstall (it could watch another folder and install bundles from it)",
            "org.apache.felix.scr", "SCR, which runs every component",
            "org.apache.felix.cm", "ConfigAdmin",
            "org.apache.felix.configadmin", "ConfigAdmin",
            "org.apache.felix.log", "the OSGi log",
            "org.apache.felix.gogo", "the Gogo shell",
            "org.apache.felix.metatype", "the MetaType service");

    private final Function<String, String> declaring;

    /** @param declaring the deployed bundle that declares a PID ("bsn version"), or null (see {@link DeclaredPids}) */
    public PidPolicy(Function<String, String> declaring) {
        this.declaring = declaring;
    }

    public Decision decide(String pid) {
        if (framework(pid)) {
            return new Decision(Verdict.REFUSE, "PID " + pid + " configures " + service(pid) + ", part of the framework"
                    + " Weir runs on; etc/ configures Weir (weir.*) and deployed callouts only");
        }
        if (pid.startsWith("weir.")) {
            return new Decision(Verdict.APPLY, "Weir");
        }
        String owner = declaring.apply(pid);
        if (owner != null) {
            return new Decision(Verdict.APPLY, owner);
        }
        return new Decision(Verdict.WAIT, "no bundle in deploy/ declares PID " + pid + " (as a component's"
                + " configuration PID or in its metatype); applied when one that does is deployed");
    }

    static boolean framework(String pid) {
        for (String prefix : FRAMEWORK) {
            if (pid.startsWith(prefix) || pid.equals(prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
        }
        return SERVICES.containsKey(pid);
    }

    private static String service(String pid) {
        for (Map.Entry<String, String> e : SERVICES.entrySet()) {
            if (pid.equals(e.getKey()) || pid.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return "the framework's own services";
    }

    /** FileInstall's reading of a file name: {@code PID.cfg}, or {@code FACTORYPID-NAME.cfg} for a factory. */
    public static String pidOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String pid = dot > 0 ? fileName.substring(0, dot) : fileName;
        int dash = pid.indexOf('-');
        return dash > 0 ? pid.substring(0, dash) : pid;
    }
}
