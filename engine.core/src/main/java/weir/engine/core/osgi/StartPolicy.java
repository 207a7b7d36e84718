package weir.engine.core.osgi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

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
 * file's absolute path, and the engine imports it while it starts, before its Classifier service exists, so
 * no packet is ever classified without it.
 *
 * <p>The import is one transaction in a static session of its own, closed right after: the objects are
 * static (WFP's default lifetime), so they stay until deleted or until Weir stops, and persistent ones are
 * stored as well. A dynamic session would tie them to a session nobody can see. A good file prints one line
 * on standard error (standard output carries only what was asked for); a bad one prints every error as
 * {@code FILE:LINE:COL: message} on standard error,
 * applies nothing, and ends Weir with exit code 2 through the launcher's {@code IntConsumer} service
 * ({@code weir.exit=true}).
 */
final class StartPolicy {
    static final String PROPERTY = "weir.policy";
    static final int EXIT_BAD_POLICY = 2;
    static final int EXIT_FAILED = 1;

    private StartPolicy() {
    }

    static void apply(BundleContext context, BaseFilteringEngine engine, EngineLog log, PrintStream out,
            PrintStream err) {
        String file = context.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Policy p = PolicyFile.read(Path.of(file));
            PolicyImporter.Result r;
            try (EngineSession s = engine.open(SessionOptions.named("weir --policy"))) {
                r = PolicyImporter.apply(s, p);
            }
            err.println("weir: policy " + file + ": " + summary(r) + " imported");
            err.flush();
        } catch (PolicyException e) {
            for (PolicyError pe : e.errors()) {
                err.println(pe);
            }
            err.println("weir: policy " + file + ": " + count(e.errors().size(), "error") + "; nothing was imported");
            exit(context, EXIT_BAD_POLICY, log);
        } catch (RuntimeException e) {
            err.println("weir: policy " + file + ": cannot import it: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            exit(context, EXIT_FAILED, log);
        }
    }

    static String summary(PolicyImporter.Result r) {
        return count(r.filters().size(), "filter") + ", " + count(r.subLayers().size(), "sublayer") + ", "
                + count(r.providers().size(), "provider") + ", " + count(r.callouts().size(), "callout");
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** Asks the launcher to end Weir with this code; without a launcher (tests, other runs) only says so. */
    private static void exit(BundleContext context, int code, EngineLog log) {
        try {
            Collection<ServiceReference<IntConsumer>> refs =
                    context.getServiceReferences(IntConsumer.class, "(weir.exit=true)");
            for (ServiceReference<IntConsumer> ref : refs) {
                IntConsumer exit = context.getService(ref);
                if (exit != null) {
                    try {
                        exit.accept(code);
                    } finally {
                        context.ungetService(ref);
                    }
                    return;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        log.warn("weir: the policy file was not imported, and no weir.exit service can end Weir; it runs on"
                + " without the policy");
    }
}
