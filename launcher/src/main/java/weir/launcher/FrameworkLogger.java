package weir.launcher;

import org.apache.felix.framework.Logger;

/**
 * Felix's own messages, one line each on standard error; stack traces only with {@code --stacktrace}.
 */
final class FrameworkLogger extends Logger {
    private final boolean stackTraces;

    FrameworkLogger(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    protected void doLogOut(int level, String msg, Throwable throwable) {
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
}
