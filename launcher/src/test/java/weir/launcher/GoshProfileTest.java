package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The cause of the flaky "Command not found: try" with {@code -c}: Gogo's jline bundle, when it stops,
 * unregisters its commands ({@code try} among them) before it stops its shell thread, and a quick {@code -c}
 * stops Weir while that thread may still be running the login profile on a loaded machine. So the profiles
 * for {@code -c} and piped input call no command at all (only a method on the system bundle), and the
 * interactive one, which runs before the first prompt, is the only one with {@code try}.
 */
class GoshProfileTest {
    @Test
    void theProfilesForDashCAndPipedInputCallNoCommand() {
        for (GoshProfile.Mode mode : List.of(GoshProfile.Mode.COMMAND, GoshProfile.Mode.PIPED)) {
            String text = GoshProfile.text(mode, Path.of("/tmp/gosh"));
            List<String> statements = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertEquals(List.of("($.context bundle 0) waitForStop 0"), statements, mode + ":\n" + text);
        }
    }

    @Test
    void theTerminalProfileSetsThePromptAndGreets() {
        String text = GoshProfile.text(GoshProfile.Mode.TERMINAL, Path.of("/tmp/gosh"));
        assertTrue(text.contains("prompt = 'g! '"), text);
        assertTrue(text.contains("history-file = '/tmp/gosh/history'"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("echo 'Weir ")), text);
    }
}
