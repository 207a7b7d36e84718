package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One real Gogo session for a test: commands run through Gogo's own parser, command lookup and converters,
 * exactly as the shell runs them; results print as the shell prints them ({@code INSPECT}).
 */
final class Gogo implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandSession session;

    Gogo(CommandProcessor processor) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e);
    }

    CommandSession session() {
        return session;
    }

    /** Runs a command line and returns its result object. */
    Object run(String line) throws Exception {
        return session.execute(line);
    }

    /** Runs a command line and returns its result as the shell prints it. */
    String print(String line) throws Exception {
        Object r = session.execute(line);
        return r == null ? "" : session.format(r, Converter.INSPECT).toString();
    }

    /** Runs a command line that must fail; returns the line the shell prints for it. */
    String fails(String line) {
        try {
            Object r = session.execute(line);
            fail("'" + line + "' did not fail but returned " + r);
            return null;
        } catch (Exception e) {
            String shown = e.toString();
            assertFalse(shown.contains("\n"), "one line, not: " + shown);
            assertFalse(shown.contains("Exception"), "no exception class name for the user: " + shown);
            assertTrue(shown.startsWith("wfp:"), "names the command: " + shown);
            return shown;
        }
    }

    /** What commands printed themselves on standard output so far (and cleared). */
    String takeOut() {
        synchronized (out) {
            String s = out.toString(StandardCharsets.UTF_8);
            out.reset();
            return s;
        }
    }

    /** Standard output so far, left as it is. */
    String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Standard error so far (and cleared). */
    String takeErr() {
        String s = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return s;
    }

    /** A result's property as a script reads it, e.g. {@code property("$r", "action")}. */
    Object property(Object result, String name) throws Exception {
        session.put("weirTestResult", result);
        return session.execute("$weirTestResult " + name);
    }

    static void assertLines(String expected, String actual) {
        assertEquals(expected.strip(), actual.strip());
    }

    @Override
    public void close() {
        session.close();
    }
}
