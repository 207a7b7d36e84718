package weir.engine.core.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import weir.engine.api.shell.Console;

/**
 * Prints what happens between commands (a packet source's summary when it ends) without tearing a command's
 * output: the interactive shell is idle from the moment it draws its prompt until it starts the next command;
 * a text printed while it is idle goes out at once (through the line reader's {@code printAbove}, so a line
 * being typed at a terminal is redrawn below it), and a text printed while a command runs waits until that
 * command's output is complete and is printed just before the next prompt.
 *
 * <p>The prompt is the one moment Gogo's shell tells anyone that a command's output is complete (it prints
 * a result after the command returned, outside every listener): the session variable {@code #prompt}, a
 * function Gogo calls to get the prompt text before it reads each line, marks that moment here. The text of
 * the prompt is still the session's {@code prompt} variable. Commands run by a completion while a line is
 * being typed do not count as commands.
 *
 * <p>Where output goes depends on how Weir runs (framework property {@value #MODE}, set by the launcher):
 * {@code terminal}: Gogo's interactive shell as above (texts printed before it started wait for its first
 * prompt); {@code piped}: the launcher runs piped commands itself and offers its own console, a
 * {@code Consumer<String>} service with {@code weir.console=true}, which prints after the running command;
 * {@code command} ({@code -c}): standard error, since standard output carries only the command's result;
 * anything else (no launcher, a batch run): standard output at once.
 */
final class ShellConsole implements Console, CommandSessionListener {
    static final String MODE = "weir.shell";
    private static final String PROMPT_FUNCTION = "#prompt";
    private static final String INSTALLED = ".weir.console";
    private static final String DEFAULT_PROMPT = "g! ";

    private final String mode;
    private final BundleContext context;
    private final Object lock = new Object();
    /** Guarded by lock: the interactive shell's session, once it has shown itself. */
    private CommandSession shell;
    /** Guarded by lock: the shell waits for input (from its prompt until its next command). */
    private boolean idle;
    /** Guarded by lock: texts that wait for the shell's next prompt. */
    private final List<String> pending = new ArrayList<>();
    /** Guarded by lock: Weir stops, no prompt comes any more: texts go out at once. */
    private boolean closed;

    ShellConsole(BundleContext context, String mode) {
        this.context = context;
        this.mode = mode == null ? "" : mode;
    }

    @Override
    public void print(String text) {
        String block = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (mode.equals("piped") && launcherConsole(block)) {
            return;
        }
        if (!mode.equals("terminal")) {
            PrintStream out = mode.equals("command") ? System.err : System.out;
            synchronized (lock) {
                out.println(block);
                out.flush();
            }
            return;
        }
        synchronized (lock) {
            if (closed) {
                System.out.println(block);
                System.out.flush();
            } else if (shell != null && idle) {
                write(shell, block);
            } else {
                pending.add(block);
            }
        }
    }

    /** Through the launcher's console for piped input; false when there is none. */
    private boolean launcherConsole(String text) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Consumer.class.getName(), "(weir.console=true)");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Object service = context.getService(ref);
                if (service instanceof Consumer<?> c) {
                    try {
                        @SuppressWarnings("unchecked")
                        Consumer<String> console = (Consumer<String>) c;
                        console.accept(text);
                        return true;
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no console: print it here
        }
        return false;
    }

    /**
     * Weir stops (the shell's bundle with it): no prompt will come, so what waits for one (a source's summary
     * printed while the last command, e.g. {@code shutdown}, ran) is printed now, and so is whatever comes later.
     */
    void close() {
        synchronized (lock) {
            closed = true;
            for (String text : pending) {
                System.out.println(text);
            }
            pending.clear();
            System.out.flush();
        }
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        Object reader = session.get(".reader");
        if (reader == null || !mode.equals("terminal")) {
            return; // -c, scripts, other sessions: not the shell a user types into
        }
        install(session);
        if (Boolean.TRUE.equals(call(reader, "isReading"))) {
            return; // a completion runs while a line is typed: the shell is still waiting for input
        }
        synchronized (lock) {
            idle = false; // and a text being printed right now is complete before the command starts
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        // the shell prints the result (or error) after this: the next prompt says when it is done
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        // as above
    }

    /** Makes {@code session} the interactive shell and puts the prompt function into it, once. */
    private void install(CommandSession session) {
        if (session.get(INSTALLED) != null) {
            return;
        }
        session.put(INSTALLED, Boolean.TRUE);
        session.put(PROMPT_FUNCTION, (Function) (s, arguments) -> prompt(s));
        synchronized (lock) {
            shell = session;
        }
    }

    /** On the shell's thread, before it reads a line: prints what waited, then the shell is idle. */
    private Object prompt(CommandSession session) {
        synchronized (lock) {
            if (session == shell) {
                for (String text : pending) {
                    write(session, text);
                }
                pending.clear();
                idle = true;
            }
        }
        Object p = variables(session).get("prompt");
        return p == null ? DEFAULT_PROMPT : p;
    }

    /** Through the line reader, which redraws a line being typed below the text. */
    private static void write(CommandSession session, String text) {
        Object reader = session.get(".reader");
        if (reader != null) {
            try {
                reader.getClass().getMethod("printAbove", String.class).invoke(reader, text);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not JLine 3's reader: print plainly below
            }
        }
        PrintStream out = session.getConsole();
        out.println(text);
        out.flush();
    }

    /** The session's variables as stored (a plain get of "prompt" would call the prompt function again). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(CommandSession session) {
        try {
            Object v = session.getClass().getMethod("getVariables").invoke(session);
            return v instanceof Map ? (Map<String, Object>) v : Map.of();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Map.of();
        }
    }

    private static Object call(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
