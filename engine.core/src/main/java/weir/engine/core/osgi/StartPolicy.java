package weir.engine.core.osgi;

import java.io.PrintStream;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

import weir.engine.api.EngineSession;
import weir.engine.api.SessionOptions;
import weir.engine.core.mgmt.BaseFilteringEngine;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.policy.Policy;
import weir.engine.core.policy.PolicyError;
import weir.engine.core.policy.PolicyException;
import weir.engine.core.policy.PolicyFile;
import weir.engine.core.policy.PolicyImporter;

/**
 * {@code java -jar weir.jar --policy FILE}: the launcher sets the framework property {@code weir.policy} to the
 * file's absolute path, and the engine imports it while it starts. The engine registers its services (and so
 * the Classifier every packet source needs) only once {@link #apply} returned true, so no packet is ever
 * classified without the policy, and a bad file means no packet is classified at all.
 *
 * <p>The import is one transaction in a static session of its own, closed right after: the objects are
 * static (WFP's default lifetime), so they stay until deleted or until Weir stops, and persistent ones are
 * stored as well. A dynamic session would tie them to a session nobody can see. A good file prints one line
 * on standard error (standard output carries only what was asked for); a bad one prints every error as
 * {@code FILE:LINE:COL: message} on standard error, applies nothing, and ends Weir with exit code 2 through the
 * launcher's {@code IntConsumer} service ({@code weir.exit=true}).
 */
final class StartPolicy {
    static final String PROPERTY = "weir.policy";

    private StartPolicy() {
    }

    /** Imports the start policy, if there is one; false when it failed (the lines are printed, the exit asked). */
    static boolean apply(BundleContext context, BaseFilteringEngine engine, EngineLog log, PrintStream err) {
        String file = context.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return true;
        }
        try {
            Policy p = PolicyFile.read(Path.of(file));
            PolicyImporter.Result r;
            try (EngineSession s = engine.open(SessionOptions.named("weir --policy"))) {
                r = PolicyImporter.apply(s, p);
            }
            err.println("weir: policy " + file + ": " + summary(r) + " imported");
            err.flush();
            return true;
        } catch (PolicyException e) {
            for (PolicyError pe : e.errors()) {
                err.println(pe);
            }
            err.println("weir: policy " + file + ": " + count(e.errors().size(), "error") + "; nothing was imported");
            err.flush();
            WeirExit.request(context, WeirExit.BAD_POLICY, log);
        } catch (RuntimeException e) {
            err.println("weir: policy " + file + ": cannot import it: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            err.flush();
            WeirExit.request(context, WeirExit.FAILED, log);
        }
        return false;
    }

    static String summary(PolicyImporter.Result r) {
        return count(r.filters().size(), "filter") + ", " + count(r.subLayers().size(), "sublayer") + ", "
                + count(r.providers().size(), "provider") + ", " + count(r.callouts().size(), "callout");
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
