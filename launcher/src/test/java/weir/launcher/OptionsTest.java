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
    void sourceOptionsAreRecorded(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cap = java.nio.file.Files.createFile(dir.resolve("a.pcap"));
        Options o = Options.parse(new String[] {"--replay", cap.toString(), "--batch", "--summary", "json",
                "--local", "10.0.0.0/8", "--dropped", "d.pcap"});
        assertEquals(cap, o.replay);
        assertTrue(o.batch);
        assertEquals("json", o.summary);
        assertEquals("10.0.0.0/8", o.local);
        assertEquals(Path.of("d.pcap"), o.dropped);
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cap = java.nio.file.Files.createFile(dir.resolve("a.pcap"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--batch"}))
                .getMessage().contains("--batch needs a packet source"));
        assertTrue(assertThrows(UsageException.class,
                () -> Options.parse(new String[] {"--replay", cap.toString(), "--live", "eth0"}))
                .getMessage().contains("choose one packet source"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--dropped", "x"}))
                .getMessage().contains("--replay"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--bridge", "a"}))
                .getMessage().contains("IF_A,IF_B"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--summary", "xml"}))
                .getMessage().contains("text or json"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--replay", "nope.pcap"}))
                .getMessage().contains("nope.pcap: no such file"));
        assertTrue(assertThrows(UsageException.class, () -> Options.parse(new String[] {"--policy", "nope.json"}))
                .getMessage().contains("nope.json: no such file"));
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
