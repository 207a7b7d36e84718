package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import weir.launcher.Options.UsageException;

/** The command-line parser on its own (no process, no framework). */
class OptionsTest {
    @Test
    void defaults() throws Exception {
        Options o = Options.parse(new String[0]);
        assertEquals(Path.of("deploy"), o.deploy);
        assertEquals(Path.of("etc"), o.etc);
        assertEquals(Path.of("weir-data"), o.data);
        assertEquals(null, o.command);
    }

    @Test
    void valuesSeparateOrAfterEquals() throws Exception {
        Options o = Options.parse(new String[] {"--deploy", "d", "--etc=e", "-c", "lb", "--data", "x"});
        assertEquals(Path.of("d"), o.deploy);
        assertEquals(Path.of("e"), o.etc);
        assertEquals(Path.of("x"), o.data);
        assertEquals("lb", o.command);
    }

    @Test
    void reservedOptionsAreRecordedNotRejected() throws Exception {
        Options o = Options.parse(new String[] {"--replay", "a.pcap", "--batch"});
        assertEquals("a.pcap", o.reserved.get("--replay"));
        assertTrue(o.reserved.containsKey("--batch"));
    }

    @Test
    void usageErrorsNameTheOption() {
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--nope"}))
                .getMessage().contains("--nope"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--etc"}))
                .getMessage().contains("--etc"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"-c", " "}))
                .getMessage().contains("-c"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--deploy="}))
                .getMessage().contains("--deploy"));
    }
}
