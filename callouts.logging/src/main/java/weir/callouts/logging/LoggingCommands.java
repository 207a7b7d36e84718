package weir.callouts.logging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;

/**
 * The {@code logging:} shell commands. They return records, which Weir's shell prints like {@code wfp:} output
 * (an aligned table, or {@code name  value} lines; tab-separated with {@code --no-format}), and parse their few
 * options themselves: Gogo's annotations would add an import, and a callout bundle imports the engine API only.
 */
@Component(service = LoggingCommands.class, property = {"osgi.command.scope=logging",
        "osgi.command.function=flows", "osgi.command.function=status"})
public final class LoggingCommands {
    static final String FLOWS_HELP = "logging:flows - the flows being logged now, with their counts so far\n"
            + "usage: logging:flows [--no-format]\n"
            + "SRC is the side that started the flow; TO SERVER counts its packets, TO CLIENT the answers.\n"
            + "A flow's record is written to the flow log when it ends (logging:status says where).";
    static final String STATUS_HELP = "logging:status - the flow log: its file, what was written and dropped, and "
            + "its settings\n"
            + "usage: logging:status [--no-format]\n"
            + "Settings: configuration PID weir.callouts.logging (etc/weir.callouts.logging.cfg).";

    /** One live flow, as {@code logging:flows} shows it. */
    public record LiveFlow(long flow, String proto, String src, Integer srcPort, String dest, Integer destPort,
            String direction, String state, long pktsToServer, long pktsToClient, long bytesToServer,
            long bytesToClient, Instant start, Duration age) {
    }

    /** The flow log's state and settings, as {@code logging:status} shows them. */
    public record Status(String file, long recordsWritten, long recordsDropped, long packetRecordsWritten,
            long packetRecordsDropped, long rotations, long writeErrors, String lastError, int liveFlows,
            int queued, long rotationSizeMb, int rotationCount, boolean packetRecords, String summaryLogLevel,
            int queueSize) {
    }

    private final FlowLog log;

    @Activate
    public LoggingCommands(@Reference FlowLog log) {
        this.log = log;
    }

    /** {@code logging:flows}. */
    public Object flows(String... args) {
        if (help(args, "logging:flows")) {
            return FLOWS_HELP;
        }
        List<LiveFlow> rows = new ArrayList<>();
        for (FlowRecord r : log.live()) {
            rows.add(row(r));
        }
        rows.sort(Comparator.comparing(LiveFlow::start).thenComparingLong(LiveFlow::flow));
        Listing listing = Listing.of("flows", rows);
        return noFormat(args) ? new NoFormat(listing) : listing;
    }

    /** {@code logging:status}. */
    public Object status(String... args) {
        if (help(args, "logging:status")) {
            return STATUS_HELP;
        }
        RecordWriter w = log.writer();
        Settings s = w.settings();
        Status status = new Status(s.file().toString(), w.flowsWritten(), w.flowsDropped(), w.packetsWritten(),
                w.packetsDropped(), w.rotations(), w.writeErrors(), w.lastError() == null ? "" : w.lastError(),
                log.live().size(), w.queued(), s.rotationBytes() / (1024 * 1024), s.rotationCount(),
                s.packetRecords(), s.summaryLevel().name(), s.queueSize());
        return noFormat(args) ? new NoFormat(status) : status;
    }

    static LiveFlow row(FlowRecord r) {
        boolean out = r.outbound;
        String local = EveJson.local(r);
        String remote = EveJson.remote(r);
        Integer localPort = r.localPort >= 0 ? r.localPort : null;
        Integer remotePort = r.remotePort >= 0 ? r.remotePort : null;
        return new LiveFlow(r.handle, EveJson.proto(r.protocol), out ? local : remote, out ? localPort : remotePort,
                out ? remote : local, out ? remotePort : localPort, out ? "outbound" : "inbound",
                r.established ? "established" : "new", out ? r.packetsOut() : r.packetsIn(),
                out ? r.packetsIn() : r.packetsOut(), out ? r.bytesOut() : r.bytesIn(),
                out ? r.bytesIn() : r.bytesOut(), Instant.ofEpochSecond(0, r.first()),
                Duration.ofNanos(r.last() - r.first()));
    }

    private static boolean help(String[] args, String command) {
        boolean help = false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (!a.equals("--no-format")) {
                throw new IllegalArgumentException(command + ": unknown argument '" + a + "'; see " + command
                        + " --help");
            }
        }
        return help;
    }

    private static boolean noFormat(String[] args) {
        for (String a : args) {
            if (a.equals("--no-format")) {
                return true;
            }
        }
        return false;
    }
}
