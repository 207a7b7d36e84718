package weir.engine.core.osgi;

import java.util.Collection;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import weir.engine.core.mgmt.EngineLog;

/**
 * Asks the launcher to end Weir with an exit code, through its {@code IntConsumer} service
 * ({@code weir.exit=true}). Without a launcher (integration tests, other runs) only a log line says so; the
 * engine has refused to start either way, so nothing runs on without what it refused.
 */
final class WeirExit {
    static final int FAILED = 1;
    static final int BAD_POLICY = 2;

    private WeirExit() {
    }

    static void request(BundleContext context, int code, EngineLog log) {
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
        } catch (IllegalStateException e) {
            // the bundle is stopping: nothing left to end
            return;
        }
        log.warn("weir: the filter engine refused to start, and no weir.exit service can end Weir; the engine's"
                + " services stay unregistered (no packet is classified)");
    }
}
