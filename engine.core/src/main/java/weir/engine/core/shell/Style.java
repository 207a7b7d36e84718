package weir.engine.core.shell;

import java.lang.reflect.Method;

import org.apache.felix.service.command.CommandSession;

/**
 * How a result is printed: {@code width} of the terminal in columns (0 when unknown, e.g. piped: nothing is
 * cut), and {@code plain} for scripts (tab-separated, no header, nothing cut). Captured when the command runs,
 * since Gogo's converter is not told which session it prints for.
 */
public record Style(int width, boolean plain) {
    static final Style DEFAULT = new Style(0, false);

    static Style of(CommandSession session, boolean plain) {
        return new Style(plain ? 0 : width(session), plain);
    }

    /** The JLine terminal's width that Gogo's shell keeps in the session variable {@code .terminal}, or 0. */
    static int width(CommandSession session) {
        Object terminal = session == null ? null : session.get(".terminal");
        if (terminal == null) {
            return 0;
        }
        try {
            // reflection: the engine bundle does not depend on JLine for this one number
            Method m = terminal.getClass().getMethod("getWidth");
            Object w = m.invoke(terminal);
            return w instanceof Integer i && i > 20 ? i : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }
}
