package weir.callouts.logging.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** A real Gogo session: commands run and print exactly as Weir's shell runs and prints them. */
final class Shell implements AutoCloseable {
    private final CommandSession session;

    Shell(CommandProcessor processor) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        this.session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    /** The command's result as the shell prints it. */
    String print(String line) throws Exception {
        Object r = session.execute(line);
        return r == null ? "" : session.format(r, Converter.INSPECT).toString();
    }

    /**
     * Prints {@code line} until its output satisfies {@code done} (a command not there yet counts as not done);
     * the last output. Fails after the timeout.
     */
    String await(String line, Predicate<String> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String shown = "";
        while (true) {
            try {
                shown = print(line);
                if (done.test(shown)) {
                    return shown;
                }
            } catch (Exception e) {
                shown = e.toString(); // e.g. the command's bundle is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + line + "' did not show what was awaited within " + timeout
                        + "; it shows:\n" + shown);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
