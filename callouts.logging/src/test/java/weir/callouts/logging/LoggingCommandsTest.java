package weir.callouts.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.callouts.logging.LoggingCommands.LiveFlow;
import weir.callouts.logging.Wire.Pkt;
import weir.engine.api.FlowEndReason;
import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;
import weir.engine.testing.TestPacket;

/** logging:flows and logging:status return records that the shell formats, with --help and --no-format. */
class LoggingCommandsTest {
    @TempDir
    Path data;

    @Test
    void flowsListsTheLiveFlowsWithTheirCountsSoFar() throws Exception {
        try (Wire wire = new Wire(data, new Config())) {
            LoggingCommands commands = new LoggingCommands(wire.log);
            Listing none = (Listing) commands.flows();
            assertEquals(Listing.of("flows", List.of()), none, "the shell prints: no flows");

            long f = wire.flows.openFlow();
            wire.send(f, Pkt.tcp("198.51.100.7", 51515, "10.0.0.2", 22, TestPacket.SYN, ""), Wire.T0);
            wire.send(f, Pkt.tcp("10.0.0.2", 22, "198.51.100.7", 51515, TestPacket.SYN | TestPacket.ACK, ""),
                    Wire.T0.plusMillis(1500));
            Listing l = (Listing) commands.flows();
            assertEquals(List.of(new LiveFlow(f, "TCP", "198.51.100.7", 51515, "10.0.0.2", 22, "inbound", "new", 1, 1,
                    54, 54, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(1500))), l.rows());
            NoFormat plain = (NoFormat) commands.flows("--no-format");
            assertEquals(l, plain.value());

            wire.flows.closeFlow(f, FlowEndReason.RST);
            assertEquals(List.of(), ((Listing) commands.flows()).rows());
            wire.lines(1);
            LoggingCommands.Status s = (LoggingCommands.Status) commands.status();
            assertEquals(data.resolve("logs/flows.jsonl").toString(), s.file());
            assertEquals(1, s.recordsWritten());
            assertEquals(0, s.recordsDropped());
            assertEquals(100, s.rotationSizeMb());
            assertEquals(5, s.rotationCount());
            assertEquals("DEBUG", s.summaryLogLevel());
            assertEquals(s, ((NoFormat) commands.status("--no-format")).value());
        }
    }

    @Test
    void helpAndMistakes() throws Exception {
        try (Wire wire = new Wire(data, new Config())) {
            LoggingCommands commands = new LoggingCommands(wire.log);
            assertTrue(((String) commands.flows("--help")).startsWith("logging:flows - "));
            assertTrue(((String) commands.status("--help")).startsWith("logging:status - "));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.flows("--all"));
            assertEquals("logging:flows: unknown argument '--all'; see logging:flows --help", e.getMessage());
        }
    }
}
