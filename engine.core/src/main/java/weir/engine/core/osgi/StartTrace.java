package weir.engine.core.osgi;

import java.io.PrintStream;
import java.util.Map;

import org.osgi.framework.BundleContext;

import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.LiveTrace;
import weir.engine.core.expr.ExpressionException;
import weir.engine.core.mgmt.EngineLog;
import weir.engine.core.shell.Style;
import weir.engine.core.shell.TraceView;

/**
 * {@code java -jar weir.jar --trace EXPR [--trace-count N]}: the launcher sets the framework properties
 * {@value #PROPERTY} and {@value #COUNT_PROPERTY}, and the engine arms a live trace before it registers its
 * services, so that a source given on the command line is traced from its first packet. Each walk is printed
 * on standard output as {@code wfp:trace} prints it, on the packet thread (bounded by the count and
 * {@value #RATE} walks a second, so a trace cannot flood the output; the rest are counted). A bad EXPR stops
 * the start like a bad policy: one line, exit 2, no packet classified.
 */
final class StartTrace {
    static final String PROPERTY = "weir.trace";
    static final String COUNT_PROPERTY = "weir.trace.count";
    static final int RATE = 1_000;
    private static final long DEFAULT_COUNT = 100;

    private final LiveTrace trace;
    private final AutoCloseable armed;
    private final PrintStream err;

    private StartTrace(LiveTrace trace, AutoCloseable armed, PrintStream err) {
        this.trace = trace;
        this.armed = armed;
        this.err = err;
    }

    /**
     * Arms the start trace, if one was asked for; returns it (null when none), or throws {@link Refused} when
     * EXPR is bad (the line is printed, exit 2 asked).
     */
    static StartTrace apply(BundleContext context, ClassifierImpl classifier, EngineLog log, PrintStream out,
            PrintStream err) throws Refused {
        String expression = context.getProperty(PROPERTY);
        if (expression == null || expression.isBlank()) {
            return null;
        }
        long count = DEFAULT_COUNT;
        String c = context.getProperty(COUNT_PROPERTY);
        if (c != null && !c.isBlank()) {
            count = Long.parseLong(c.trim()); // the launcher checked it
        }
        LiveTrace trace;
        try {
            trace = new LiveTrace(expression, count, RATE, w -> {
                String text = TraceView.of(w, Map.of(), new Style(0, false)).inspect();
                synchronized (out) {
                    out.println(text);
                    out.flush();
                }
            });
        } catch (ExpressionException e) {
            err.println("weir: --trace " + expression + ": " + e.getMessage());
            err.flush();
            WeirExit.request(context, WeirExit.BAD_POLICY, log);
            throw new Refused();
        }
        err.println("weir: --trace " + expression + ": at " + trace.layers().size() + " layers, at most " + count
                + " walks");
        err.flush();
        return new StartTrace(trace, classifier.startTrace(trace), err);
    }

    /** Disarms the trace and says what it did, at the end of the run. */
    void close() {
        try {
            armed.close();
        } catch (Exception e) {
            // disarming cannot fail
        }
        long left = trace.suppressed();
        err.println("weir: --trace: " + trace.traced() + " walks traced" + (left > 0 ? ", " + left
                + " more left out by the rate (" + RATE + " a second)" : ""));
        err.flush();
    }

    /** EXPR was refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(null, null, false, false);
        }
    }
}
