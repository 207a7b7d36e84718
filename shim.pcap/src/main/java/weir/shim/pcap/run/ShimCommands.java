package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Layer;
import weir.shim.pcap.flow.FlowCounts;
import weir.shim.pcap.flow.FlowInfo;
import weir.shim.pcap.live.CaptureDrops;
import weir.shim.pcap.path.ReauthWatch;
import weir.shim.pcap.path.ShimCounters;

/**
 * The {@code shim:} shell commands: {@code status}, {@code stats}, {@code flows}, {@code open},
 * {@code close}. Each takes {@code --help}; arguments are parsed here (no Gogo annotations, so the bundle
 * needs no Gogo import) and mistakes come back as one line. Results are text that Gogo prints.
 */
@Component(service = ShimCommands.class, property = {"osgi.command.scope=shim", "osgi.command.function=status",
        "osgi.command.function=stats", "osgi.command.function=flows", "osgi.command.function=open",
        "osgi.command.function=close"})
public final class ShimCommands {
    static final String STATUS_HELP = "shim:status - the packet source, its state and its counters in one screen\n"
            + "usage: shim:status";
    static final String STATS_HELP = "shim:stats - the current (or last) source's summary: packets, verdicts,"
            + " frames a live source missed, layers, filters, flows\n"
            + "usage: shim:stats [--json]";
    static final String FLOWS_HELP = "shim:flows - the flows the shim tracks (both directions of a 5-tuple are"
            + " one flow)\n"
            + "usage: shim:flows [N | --all]     (default: the first 50)\n"
            + "DIR is the flow's direction (who connected: out = this host); STATE new, handshake, authorized,\n"
            + "established, closing, blocked (at ALE: its packets drop unclassified until a reauthorization)\n"
            + "or ended (FIN/RST seen; kept a while for stragglers); IDLE in the source's time.";
    static final String OPEN_HELP = "shim:open - starts a packet source (one at a time)\n"
            + "usage: shim:open replay FILE [--local CIDR,...] [--permitted FILE] [--dropped FILE]\n"
            + "       shim:open live IF [--local CIDR,...]          (monitor: counts verdicts, cannot drop)\n"
            + "       shim:open bridge IF_A,IF_B [--local CIDR,...] (inline: A is the inside)\n"
            + "--local: this host's addresses; from them is outbound, to them inbound, else forwarded.\n"
            + "Without it a replay reads every packet as inbound and a bridge goes by the side.";
    static final String CLOSE_HELP = "shim:close - stops the source, ends its flows (flowDelete runs), completes"
            + " its files, prints its summary\n"
            + "usage: shim:close";

    private final ShimService shim;

    @Activate
    public ShimCommands(@Reference ShimService shim) {
        this.shim = shim;
    }

    /** {@code shim:status}. */
    public String status(String... args) {
        if (help(args)) {
            return STATUS_HELP;
        }
        ShimRun run = shim.current();
        if (run == null) {
            return "no packet source; start one with shim:open (shim:open --help)";
        }
        ShimCounters c = run.counters();
        FlowCounts f = run.flows().counts();
        StringBuilder sb = new StringBuilder();
        line(sb, "source", run.mode() + " " + run.describe());
        line(sb, "state", run.state().name().toLowerCase() + (run.failure() != null ? ": " + run.failure() : ""));
        line(sb, "direction", run.local().isEmpty()
                ? run.mode().equals("offline") ? Summary.NO_LOCAL : "by interface side"
                : "--local " + run.local());
        line(sb, "enforcement", run.source().enforces() ? "yes (verdicts carried out)"
                : "no: a tap cannot drop, verdicts are counted only");
        line(sb, "packets", c.packets() + " read: " + c.permittedCount() + " permitted, " + c.droppedCount()
                + " dropped, " + c.unsupportedCount() + " unsupported (" + c.malformedTotal() + " malformed)");
        List<CaptureDrops> capture = run.source().captureDrops();
        if (!capture.isEmpty()) {
            StringBuilder missed = new StringBuilder();
            for (CaptureDrops d : capture) {
                missed.append(missed.length() == 0 ? "" : "; ").append(d.interfaceName()).append(' ')
                        .append(d.missed()).append(" missed (").append(d.droppedBySocket())
                        .append(" capture buffer full, ").append(d.droppedByInterface()).append(" by the interface, ")
                        .append(d.shed()).append(" shed after queueing too long)");
            }
            line(sb, "capture", missed.toString());
        }
        line(sb, "flows", f.open() + " open (peak " + f.peak() + ", " + f.created() + " created, " + f.deleted()
                + " deleted), table " + run.flows().size() + " of at most " + run.flows().maxFlows());
        line(sb, "injector", run.injector() == null ? "none (this source cannot send)"
                : "offered as a PacketInjector service; " + c.injectedCount() + " copies injected");
        StringBuilder epochs = new StringBuilder();
        ReauthWatch w = run.reauth();
        for (Layer l : new Layer[] {Layer.ALE_AUTH_CONNECT_V4, Layer.ALE_AUTH_CONNECT_V6,
            Layer.ALE_AUTH_RECV_ACCEPT_V4, Layer.ALE_AUTH_RECV_ACCEPT_V6}) {
            epochs.append(epochs.length() == 0 ? "" : ", ").append(l.name()).append(' ').append(w.epoch(l));
        }
        line(sb, "ALE changes", epochs.toString());
        line(sb, "elapsed", String.format("%.3f s", run.elapsedSeconds()));
        return sb.toString().stripTrailing();
    }

    /** {@code shim:stats [--json]}. */
    public String stats(String... args) {
        if (help(args)) {
            return STATS_HELP;
        }
        boolean json = args.length == 1 && args[0].equals("--json");
        if (args.length > 0 && !json) {
            return "shim:stats " + String.join(" ", args) + ": unknown argument; usage: shim:stats [--json]";
        }
        String s = shim.summary(json);
        return s == null ? "no packet source has run; start one with shim:open" : s.stripTrailing();
    }

    /** {@code shim:flows [N | --all]}. */
    public String flows(String... args) {
        if (help(args)) {
            return FLOWS_HELP;
        }
        int limit = 50;
        if (args.length == 1 && args[0].equals("--all")) {
            limit = Integer.MAX_VALUE;
        } else if (args.length == 1 && args[0].matches("\\d{1,9}")) {
            limit = Integer.parseInt(args[0]);
        } else if (args.length > 0) {
            return "shim:flows " + String.join(" ", args) + ": give a number or --all; usage: shim:flows [N | --all]";
        }
        ShimRun run = shim.current();
        if (run == null) {
            return "no packet source; start one with shim:open";
        }
        List<FlowInfo> flows = run.flows().snapshot(limit, lastTime(run));
        if (flows.isEmpty()) {
            return "no flows" + (run.state() == ShimRun.State.CLOSED ? " (the source is closed: its flows ended)" : "");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PROTO", "INITIATOR", "RESPONDER", "DIR", "STATE", "PACKETS", "HANDLE", "IDLE"});
        for (FlowInfo f : flows) {
            rows.add(new String[] {f.protocolName(), f.initiator(), f.responder(), f.outbound() ? "out" : "in",
                f.state() + (f.blockingFilter() != 0 ? " (filter " + f.blockingFilter() + ")" : ""),
                Long.toString(f.packets()), f.handle() == 0 ? "-" : Long.toHexString(f.handle()),
                f.idleMillis() / 1000 + " s"});
        }
        String table = table(rows);
        int size = run.flows().size();
        return size > flows.size() ? table + "(" + flows.size() + " of " + size + "; shim:flows --all for all)"
                : table.stripTrailing();
    }

    /** The newest packet time is the best "now" a replay has: idle times are in the capture's clock. */
    private static long lastTime(ShimRun run) {
        return run.flows().newestTime();
    }

    /** {@code shim:open KIND TARGET [--local L] [--permitted F] [--dropped F]}. */
    public String open(String... args) {
        if (help(args)) {
            return OPEN_HELP;
        }
        String usage = "; usage: shim:open replay FILE | live IF | bridge IF_A,IF_B [--local CIDR,...]";
        if (args.length < 2) {
            return "shim:open needs a kind and a target" + usage;
        }
        String kind = args[0];
        if (!kind.equals(SourceSpec.REPLAY) && !kind.equals(SourceSpec.LIVE) && !kind.equals(SourceSpec.BRIDGE)) {
            return "shim:open " + kind + ": the kind is replay, live or bridge" + usage;
        }
        String local = null;
        String permitted = null;
        String dropped = null;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                return "shim:open: " + a + " needs a value" + usage;
            }
            switch (a) {
                case "--local" -> local = args[++i];
                case "--permitted" -> permitted = args[++i];
                case "--dropped" -> dropped = args[++i];
                default -> {
                    return "shim:open: unknown option " + a + usage;
                }
            }
        }
        if ((permitted != null || dropped != null) && !kind.equals(SourceSpec.REPLAY)) {
            return "shim:open: --permitted and --dropped go with replay only";
        }
        String problem = shim.start(new SourceSpec(kind, args[1], local, ShimService.path(permitted),
                ShimService.path(dropped)));
        if (problem != null) {
            return "shim:open: " + problem;
        }
        ShimRun run = shim.current();
        return "opened " + run.mode() + " " + run.describe() + " (shim:status to follow it, shim:close to stop)";
    }

    /** {@code shim:close}. */
    public String close(String... args) {
        if (help(args)) {
            return CLOSE_HELP;
        }
        String summary = shim.closeCurrent();
        return summary == null ? "no packet source is open" : "closed\n" + summary.stripTrailing();
    }

    private static boolean help(String... args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(label).append(" ".repeat(Math.max(1, 13 - label.length()))).append(value).append('\n');
    }

    private static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
