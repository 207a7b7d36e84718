package weir.launcher;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.BundleContext;

/**
 * Runs command lines with Gogo's real command processor and prints each result as the shell would: the
 * result on standard output, a failure as one line on standard error ({@code weir: LINE: why}). This is
 * {@code -c COMMAND}, and each line of piped input ({@link PipedShell}).
 *
 * <p>A command failed when it threw (Weir's commands, an unknown command, wrong arguments), when it wrote to
 * standard error (some of Gogo's own commands report failures only that way), or when it is one of Felix's
 * bundle commands ({@code install}, {@code start}, {@code stop}, {@code update}, {@code uninstall},
 * {@code refresh}, {@code resolve}) and answered with text: those say nothing when they succeed
 * ({@code install}: {@code Bundle ID: N}) and return their error as their result, so it is printed on
 * standard error, not standard output.
 */
final class CommandRunner {
    static final int OK = 0;
    static final int FAILED = 1;
    private static final Set<String> SILENT_ON_SUCCESS = Set.of("install", "start", "stop", "update", "uninstall",
            "refresh", "resolve");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean stackTraces;
    private final Counting errWatch;
    /** What the session's commands write to standard error passes through errWatch. */
    final PrintStream commandErr;

    CommandRunner(PrintStream out, PrintStream err, boolean stackTraces) {
        this.out = out;
        this.err = err;
        this.stackTraces = stackTraces;
        this.errWatch = new Counting(err);
        this.commandErr = new PrintStream(errWatch, true);
    }

    /** {@code -c}: one command in a session of its own; the exit code. */
    static int runOnce(BundleContext ctx, String command, PrintStream out, PrintStream err, boolean stackTraces) {
        CommandRunner r = new CommandRunner(out, err, stackTraces);
        GogoSession session;
        try {
            session = GogoSession.open(ctx, new ByteArrayInputStream(new byte[0]), out, r.commandErr);
        } catch (Folders.StartException e) {
            err.println("weir: cannot run -c: " + e.getMessage());
            return FAILED;
        }
        try (session) {
            return r.run(session, command);
        }
    }

    /** Runs one line; OK or FAILED. {@code line} may hold several commands (Gogo's {@code ;}, pipes). */
    int run(GogoSession session, String line) {
        errWatch.reset();
        try {
            Object result = session.execute(line);
            session.put("_", result); // $_ is the last result, as in Gogo's shell
            commandErr.flush();
            String text = result == null ? null : session.format(result);
            if (text != null && reportsFailure(line, text)) {
                err.println("weir: " + line.strip() + ": " + text.strip());
                err.flush();
                return FAILED;
            }
            if (text != null) {
                out.println(text);
            }
            out.flush();
            return errWatch.written() ? FAILED : OK;
        } catch (Exception e) {
            out.flush();
            err.println("weir: " + line.strip() + ": " + why(line, e));
            if (stackTraces) {
                e.printStackTrace(err);
            }
            err.flush();
            try {
                session.put("exception", e); // for Gogo's 'e' (its stack trace), as in Gogo's shell
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // nothing to keep it in
            }
            return FAILED;
        }
    }

    /**
     * The failure's one line, without the command's name when the message starts with it ({@code shim:open: x})
     * since the line printed before it names the command already.
     */
    static String why(String line, Throwable e) {
        String why = Main.oneLine(e);
        String command = line.strip().split("\\s+", 2)[0];
        return why.startsWith(command + ": ") ? why.substring(command.length() + 2) : why;
    }

    /** True for the answer of a Felix bundle command that is its error (see the class comment). */
    static boolean reportsFailure(String command, String result) {
        String c = command.strip();
        if (result.isBlank() || c.matches("(?s).*[;|&{}()\\n].*")) {
            return false; // a script of several commands: its result is no one command's answer
        }
        String name = c.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (name.startsWith("felix:")) {
            name = name.substring("felix:".length());
        }
        if (!SILENT_ON_SUCCESS.contains(name)) {
            return false;
        }
        return !(name.equals("install") && result.strip().matches("(Bundle ID: \\d+\\s*)+"));
    }

    /** Passes bytes on and remembers that there were some. */
    private static final class Counting extends FilterOutputStream {
        private volatile boolean written;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            written = true;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written |= len > 0;
            out.write(b, off, len);
        }

        void reset() {
            written = false;
        }

        boolean written() {
            return written;
        }
    }
}
