package weir.engine.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shell console with Gogo's real command processor and JLine's real line reader: a text printed while a
 * command runs waits for the shell's next prompt; one printed while the shell waits for input goes out at
 * once; with {@code -c} everything goes to standard error.
 */
class ShellConsoleTest {
    private final ThreadIOImpl threadIo = new ThreadIOImpl();
    private CommandProcessorImpl processor;
    private final ByteArrayOutputStream terminalOut = new ByteArrayOutputStream();
    private CommandSession session;

    @BeforeEach
    void gogo() throws Exception {
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void stop() {
        session.close();
        processor.stop();
        threadIo.stop();
    }

    private String shown() {
        return terminalOut.toString(StandardCharsets.UTF_8);
    }

    /** What Gogo's shell does before it reads each line: it asks for the prompt. */
    private Object prompt() {
        return session.get("prompt");
    }

    @Test
    void atATerminalTextWaitsForTheNextPromptWhileACommandRuns() throws Exception {
        ShellConsole console = new ShellConsole(null, "terminal");
        processor.addListener(console);
        session.put(".reader", new LineReaderImpl(
                new DumbTerminal(new ByteArrayInputStream(new byte[0]), terminalOut)));
        session.put("prompt", "g! ");
        session.execute("x = 1"); // the shell's first command (its profile) installs the console

        console.print("summary of a replay that ended during a command\n");
        assertEquals("", shown(), "nothing is printed into a command's output");
        assertEquals("g! ", prompt(), "the session's own prompt text");
        assertTrue(shown().contains("summary of a replay that ended during a command"), shown());

        console.print("while the shell waits");
        assertTrue(shown().contains("while the shell waits"), "printed at once while idle: " + shown());

        session.execute("y = 2"); // a command starts: no longer idle
        console.print("during the next command");
        assertFalse(shown().contains("during the next command"), shown());
        prompt();
        assertTrue(shown().indexOf("during the next command") > shown().indexOf("while the shell waits"), shown());
    }

    @Test
    void withDashCEverythingGoesToStandardError() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            new ShellConsole(null, "command").print("a summary");
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertEquals("a summary\n", e.toString(StandardCharsets.UTF_8));
        assertEquals("", o.toString(StandardCharsets.UTF_8), "standard output carries only what was asked for");
    }

    @Test
    void whenWeirStopsWhatWaitedForAPromptIsPrintedAndSoIsWhatComesLater() throws Exception {
        ShellConsole console = new ShellConsole(null, "terminal");
        processor.addListener(console);
        session.put(".reader", new LineReaderImpl(
                new DumbTerminal(new ByteArrayInputStream(new byte[0]), terminalOut)));
        session.put("prompt", "g! ");
        session.execute("shutdown = 1"); // the last command runs: no prompt will follow it
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            console.print("summary owed while the last command ran");
            assertEquals("", o.toString(StandardCharsets.UTF_8) + shown(), "it waits for a prompt");
            console.close();
            assertEquals("summary owed while the last command ran\n", o.toString(StandardCharsets.UTF_8));
            console.print("summary of a source closed as Weir stops");
            assertTrue(o.toString(StandardCharsets.UTF_8).endsWith("summary of a source closed as Weir stops\n"),
                    o.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }
}
