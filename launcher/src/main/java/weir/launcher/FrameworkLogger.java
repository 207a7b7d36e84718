package weir.launcher;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;

/**
 * Felix's own messages, one line each on standard error; stack traces only with {@code --stacktrace}.
 */
final class FrameworkLogger extends Logger {
    /** Felix's event dispatcher, when a listener threw (after "Bundle NAME [ID] "); see {@link #doLogOut}. */
    private static final String DISPATCH = "EventDispatcher: Error during dispatch";
    private final boolean stackTraces;
    private volatile Bundle framework;

    FrameworkLogger(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    /** The framework whose messages these are: its state tells a shutdown's noise from an error. */
    void watch(Bundle framework) {
        this.framework = framework;
    }

    @Override
    protected void doLogOut(int level, String msg, Throwable throwable) {
        if (!stackTraces && msg != null && msg.contains(DISPATCH) && msg.contains("org.apache.felix.log ")
                && stopping()) {
            // While the framework stops, Felix Log 1.3.0's own listener can throw a NullPointerException in the
            // dispatcher's thread (its log service is already gone): nothing is lost then, and the line would read
            // as if Weir had failed on its way out. Shown with --stacktrace.
            return;
        }
        String label = switch (level) {
            case LOG_ERROR -> "error";
            case LOG_WARNING -> "warning";
            case LOG_INFO -> "info";
            default -> "debug";
        };
        String line = "weir: " + label + ": " + firstLine(msg);
        if (throwable != null && (msg == null || !msg.contains(String.valueOf(throwable.getMessage())))) {
            line += ": " + Main.oneLine(throwable);
        }
        System.err.println(line);
        if (stackTraces && throwable != null) {
            throwable.printStackTrace(System.err);
        }
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "";
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    private boolean stopping() {
        Bundle fw = framework;
        return fw != null && (fw.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0;
    }
}
