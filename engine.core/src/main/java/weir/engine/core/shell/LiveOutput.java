package weir.engine.core.shell;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandSession;

/**
 * Where a command that prints as things happen ({@code wfp:events --follow}, {@code wfp:trace}) writes. At a
 * terminal, Gogo's shell hands a command's standard output to the terminal only once the command has ended, which
 * would hold a follow's rows until Ctrl-C: there it writes to the JLine terminal itself (the session variable
 * {@code .terminal}, reached reflectively: the engine bundle does not depend on JLine). Elsewhere (piped input,
 * {@code -c}, tests) it writes to the command's standard output, which Gogo points at the right place while the
 * command runs. Call it on the command's thread.
 */
final class LiveOutput {
    private LiveOutput() {
    }

    static PrintWriter of(CommandSession session) {
        Object terminal = session == null ? null : session.get(".terminal");
        if (terminal != null) {
            try {
                Class<?> api = terminal.getClass().getClassLoader().loadClass("org.jline.terminal.Terminal");
                Method writer = api.getMethod("writer");
                if (writer.invoke(terminal) instanceof PrintWriter w) {
                    return w;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // not a JLine terminal after all: standard output below
            }
        }
        return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    }
}
