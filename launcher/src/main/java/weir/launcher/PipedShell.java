package weir.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * The shell when standard input is not a terminal ({@code printf 'lb\n' | java -jar weir.jar}): each line
 * goes to Gogo's command processor as the interactive shell would send it, and standard output carries only
 * the results. Gogo's own shell would print a banner, a {@code g! } prompt before every result, a failed
 * command's error on standard output, and {@code gosh: stopping framework} at the end; here a failure is one
 * line on standard error ({@link CommandRunner}). A line that Gogo's parser finds incomplete (a {@code {}
 * block or a quote left open) continues on the next, as in Gogo's shell. End of input stops Weir (exit 0);
 * {@code shutdown} does too, with input left unread.
 *
 * <p>Two things other bundles see (JDK types, so the launcher exports no package):
 * <ul>
 * <li>a {@code Consumer<String>} service with {@code weir.console=true}: engine.core's shell console prints
 * through it what happens between commands (a replay's summary), so that it lands after a command's output,
 * never inside it;
 * <li>the session variable {@value #INPUT}, a {@code Supplier<String>} that says whether the input is still
 * {@code open} or has {@code ended} (lines may still wait to be run): {@code wfp:events --follow} follows
 * until the input ends.
 * </ul>
 */
final class PipedShell implements Consumer<String> {
    static final String INPUT = ".weir.input";
    private static final String END = new String("end of input"); // an identity no line can have

    private final Framework framework;
    private final CommandRunner runner;
    private final PrintStream out;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private final Object lock = new Object();
    /** Guarded by lock: a command runs or prints. */
    private boolean busy;
    /** Guarded by lock: texts that wait for the running command's output to be complete. */
    private final List<String> pending = new ArrayList<>();

    private PipedShell(Framework framework, PrintStream out, PrintStream err, boolean stackTraces) {
        this.framework = framework;
        this.out = out;
        this.runner = new CommandRunner(out, err, stackTraces);
    }

    /** Starts reading {@code in} on threads of its own; Weir stops at its end. */
    static void start(Framework framework, InputStream in, PrintStream out, PrintStream err, boolean stackTraces)
            throws Folders.StartException {
        PipedShell shell = new PipedShell(framework, out, err, stackTraces);
        GogoSession session = GogoSession.open(framework.getBundleContext(), InputStream.nullInputStream(), out,
                shell.runner.commandErr);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.console", Boolean.TRUE);
        ServiceRegistration<?> console = framework.getBundleContext().registerService(Consumer.class.getName(),
                shell, props);
        Thread reader = new Thread(() -> shell.read(in), "weir-stdin");
        reader.setDaemon(true);
        reader.start();
        Thread runner = new Thread(() -> shell.run(session, console), "weir-shell");
        runner.setDaemon(true);
        runner.start();
    }

    /** Reads ahead, so that a command can see whether input is waiting or has ended. */
    private void read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // unreadable input ends like an ended one
        }
        ended = true;
        lines.add(END);
    }

    private void run(GogoSession session, ServiceRegistration<?> console) {
        try {
            session.put(INPUT, (Supplier<String>) this::input);
            StringBuilder pendingLine = new StringBuilder();
            while (true) {
                String line = lines.take();
                if (line == END) {
                    break;
                }
                if (pendingLine.length() == 0 && (line.isBlank() || line.strip().startsWith("#"))) {
                    continue; // as Gogo's shell: an empty line or a comment does nothing
                }
                pendingLine.append(pendingLine.length() > 0 ? "\n" : "").append(line);
                if (!session.complete(pendingLine.toString())) {
                    continue; // a { block or a quote is open: the command goes on in the next line
                }
                String command = pendingLine.toString();
                pendingLine.setLength(0);
                synchronized (lock) {
                    busy = true;
                }
                runner.run(session, command);
                flush();
            }
            if (pendingLine.length() > 0) {
                runner.run(session, pendingLine.toString()); // Gogo says what is missing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the framework is stopping: the session went with it
        } finally {
            flush();
            try {
                console.unregister();
            } catch (IllegalStateException e) {
                // gone with the framework
            }
            session.close();
        }
        try {
            framework.stop(); // end of input: Weir exits 0
        } catch (BundleException | RuntimeException e) {
            // stopping already
        }
    }

    /** After a command: what waited is printed, and the shell is between commands. */
    private void flush() {
        synchronized (lock) {
            for (String text : pending) {
                out.println(text);
            }
            pending.clear();
            busy = false;
            out.flush();
        }
    }

    /** The console: at once between commands, else after the running command's output. */
    @Override
    public void accept(String text) {
        synchronized (lock) {
            if (busy) {
                pending.add(text);
            } else {
                out.println(text);
                out.flush();
            }
        }
    }

    private String input() {
        return ended ? "ended" : "open";
    }
}
