package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import weir.engine.api.Layer;
import weir.engine.api.shell.CommandError;
import weir.engine.api.shell.Listing;
import weir.engine.api.shell.NoFormat;
import weir.shim.pcap.flow.FlowCounts;
import weir.shim.pcap.flow.FlowInfo;
import weir.shim.pcap.live.CaptureDrops;
import weir.shim.pcap.path.ReauthWatch;
import weir.shim.pcap.path.ShimCounters;

/**
 * The {@code shim:} shell commands: {@code status}, {@code stats}, {@code flows}, {@code open},
 * {@code close}. They return records and {@link Listing}s that the engine's shell prints as it prints the
 * {@code wfp:} commands (aligned, fitting the terminal), take {@code --help} and {@code --no-format}
 * (tab-separated, no header, for scripts), and fail with a {@link CommandError}: one line, and {@code -c}
 * exits 1. Arguments are parsed here (no Gogo annotations, so the bundle imports weir.engine.api only).
 */
@Component(service = ShimCommands.class, property = {"osgi.command.scope=shim", "osgi.command.function=status",
        "osgi.command.function=stats", "osgi.command.function=flows", "osgi.command.function=open",
        "osgi.command.function=close"})
public final class ShimCommands {
    static final String NO_FORMAT = "--no-format";
    static final String STATUS_HELP = "shim:status - the packet source, its state and its counters in one screen\n"
            + "usage: shim:status [--no-format]\n"
            + "--no-format: one line, tab-separated, in the order shown (nothing when no source ran)";
    static final String STATS_HELP = "shim:stats - the current (or last) source's summary: packets, verdicts,"
            + " frames a live source missed, layers, filters, flows\n"
            + "usage: shim:stats [--json | --no-format]\n"
            + "--json: the summary as one JSON object (as --summary json prints it)\n"
            + "--no-format: one NAME<TAB>VALUE line per value, names as in the JSON (layers.STREAM_V4.blocks)";
    static final String FLOWS_HELP = "shim:flows - the flows the shim tracks (both directions of a 5-tuple are"
            + " one flow)\n"
            + "usage: shim:flows [N | --all] [--no-format]     (default: the first 50)\n"
            + "DIR is the flow's direction (who connected: out = this host); STATE new, handshake, authorized,\n"
            + "established, closing, blocked (at ALE: its packets drop unclassified until a reauthorization)\n"
            + "or ended (FIN/RST seen; kept a while for stragglers); IDLE in the source's time.";
    static final String OPEN_HELP = "shim:open - starts a packet source (one at a time)\n"
            + "usage: shim:open replay FILE [--local CIDR,...] [--permitted FILE] [--dropped FILE]\n"
            + "       shim:open live IF [--local CIDR,...]          (monitor: counts verdicts, cannot drop)\n"
            + "       shim:open bridge IF_A,IF_B [--local CIDR,...] (inline: A is the inside)\n"
            + "--local: this host's addresses; from them is outbound, to them inbound, else forwarded.\n"
            + "Without it a replay reads every packet as inbound and a bridge goes by the side.\n"
            + "--no-format: the mode and the source, tab-separated. The summary is printed when the source ends.";
    static final String CLOSE_HELP = "shim:close - stops the source, ends its flows (flowDelete runs), completes"
            + " its files, prints its summary\n"
            + "usage: shim:close [--no-format]     (--no-format: the summary as shim:stats --no-format prints it)";
    static final String NO_SOURCE = "no packet source; start one with shim:open (shim:open --help)";

    /** What {@code shim:status} shows, one line each. */
    public record Status(String source, String state, String direction, String enforcement, String packets,
            String capture, String flows, String injector, String aleChanges, String elapsed) {
    }

    /** One flow of {@code shim:flows}. */
    public record Flow(String proto, String initiator, String responder, String dir, String state, long packets,
            String handle, String idle) {
    }

    /** {@code shim:flows} when it shows only some: the table, and how to see the rest. */
    public record FlowPage(String shown, Listing flows) {
    }

    private final ShimService shim;

    @Activate
    public ShimCommands(@Reference ShimService shim) {
        this.shim = shim;
    }

    /** {@code shim:status [--no-format]}. */
    public Object status(String... args) {
        Args a = Args.of("shim:status", args, STATUS_HELP);
        if (a.help) {
            return STATUS_HELP;
        }
        a.none();
        ShimRun run = shim.current();
        if (run == null) {
            return a.plain ? new NoFormat(Listing.of("sources", List.of())) : NO_SOURCE;
        }
        ShimCounters c = run.counters();
        FlowCounts f = run.flows().counts();
        StringBuilder epochs = new StringBuilder();
        ReauthWatch w = run.reauth();
        for (Layer l : new Layer[] {Layer.ALE_AUTH_CONNECT_V4, Layer.ALE_AUTH_CONNECT_V6,
            Layer.ALE_AUTH_RECV_ACCEPT_V4, Layer.ALE_AUTH_RECV_ACCEPT_V6}) {
            epochs.append(epochs.length() == 0 ? "" : ", ").append(l.name()).append(' ').append(w.epoch(l));
        }
        Status s = new Status(run.mode() + " " + run.describe(),
                run.state().name().toLowerCase(Locale.ROOT) + (run.failure() != null ? ": " + run.failure() : ""),
                run.local().isEmpty()
                        ? run.mode().equals("offline") ? Summary.NO_LOCAL : "by interface side"
                        : "--local " + run.local(),
                run.source().enforces() ? "yes (verdicts carried out)"
                        : "no: a tap cannot drop, verdicts are counted only",
                c.packets() + " read: " + c.permittedCount() + " permitted, " + c.droppedCount() + " dropped, "
                        + c.unsupportedCount() + " unsupported (" + c.malformedTotal() + " malformed)",
                capture(run.source().captureDrops()),
                f.open() + " open (peak " + f.peak() + ", " + f.created() + " created, " + f.deleted()
                        + " deleted), table " + run.flows().size() + " of at most " + run.flows().maxFlows(),
                run.injector() == null ? "none (this source cannot send)"
                        : "offered as a PacketInjector service; " + c.injectedCount() + " copies injected",
                epochs.toString(), String.format(Locale.ROOT, "%.3f s", run.elapsedSeconds()));
        return a.plain ? new NoFormat(s) : s;
    }

    /** A live source's capture counts per interface; "-" for a replay. */
    private static String capture(List<CaptureDrops> capture) {
        if (capture.isEmpty()) {
            return "-";
        }
        StringBuilder missed = new StringBuilder();
        for (CaptureDrops d : capture) {
            missed.append(missed.length() == 0 ? "" : "; ").append(d.interfaceName()).append(' ')
                    .append(d.missed()).append(" missed (").append(d.droppedBySocket())
                    .append(" capture buffer full, ").append(d.droppedByInterface()).append(" by the interface, ")
                    .append(d.shed()).append(" shed after queueing too long)");
        }
        return missed.toString();
    }

    /** {@code shim:stats [--json | --no-format]}. */
    public Object stats(String... args) {
        Args a = Args.of("shim:stats", args, STATS_HELP, "--json");
        if (a.help) {
            return STATS_HELP;
        }
        a.none();
        boolean json = a.flags.contains("--json");
        if (json && a.plain) {
            throw new CommandError("shim:stats: --json or --no-format, not both");
        }
        ShimRun run = shim.current();
        if (run == null) {
            if (a.plain || json) {
                return json ? "{}" : new NoFormat(Listing.of("values", List.of()));
            }
            return "no packet source has run; start one with shim:open";
        }
        Summary s = shim.summaryOf(run);
        return json ? s.json() : a.plain ? flat(s.values()) : s.text().stripTrailing();
    }

    /** {@code shim:flows [N | --all] [--no-format]}. */
    public Object flows(String... args) {
        Args a = Args.of("shim:flows", args, FLOWS_HELP, "--all");
        if (a.help) {
            return FLOWS_HELP;
        }
        int limit = 50;
        if (a.flags.contains("--all")) {
            limit = Integer.MAX_VALUE;
        }
        if (a.words.size() == 1 && a.words.get(0).matches("\\d{1,9}") && !a.flags.contains("--all")) {
            limit = Integer.parseInt(a.words.get(0));
        } else if (!a.words.isEmpty()) {
            throw new CommandError("shim:flows: give a number or --all, not '" + String.join(" ", a.words)
                    + "'; usage: shim:flows [N | --all] [--no-format]");
        }
        ShimRun run = shim.current();
        if (run == null) {
            return a.plain ? new NoFormat(Listing.of("flows", List.of())) : NO_SOURCE;
        }
        List<FlowInfo> flows = run.flows().snapshot(limit, run.flows().newestTime());
        List<Flow> rows = new ArrayList<>();
        for (FlowInfo f : flows) {
            rows.add(new Flow(f.protocolName(), f.initiator(), f.responder(), f.outbound() ? "out" : "in",
                    f.state() + (f.blockingFilter() != 0 ? " (filter " + f.blockingFilter() + ")" : ""),
                    f.packets(), f.handle() == 0 ? "-" : Long.toHexString(f.handle()), f.idleMillis() / 1000 + " s"));
        }
        String what = run.state() == ShimRun.State.CLOSED ? "flows (the source is closed: its flows ended)" : "flows";
        Listing table = Listing.of(what, rows);
        if (a.plain) {
            return new NoFormat(table);
        }
        int size = run.flows().size();
        return size > rows.size()
                ? new FlowPage(rows.size() + " of " + size + "; shim:flows --all for all", table) : table;
    }

    /** {@code shim:open KIND TARGET [--local L] [--permitted F] [--dropped F] [--no-format]}. */
    public Object open(String... args) {
        Args a = Args.of("shim:open", args, OPEN_HELP, "--local=", "--permitted=", "--dropped=");
        if (a.help) {
            return OPEN_HELP;
        }
        String usage = "; usage: shim:open replay FILE | live IF | bridge IF_A,IF_B [--local CIDR,...]";
        if (a.words.size() != 2) {
            throw new CommandError("shim:open: needs a kind and a target" + usage);
        }
        String kind = a.words.get(0);
        if (!kind.equals(SourceSpec.REPLAY) && !kind.equals(SourceSpec.LIVE) && !kind.equals(SourceSpec.BRIDGE)) {
            throw new CommandError("shim:open: " + kind + ": the kind is replay, live or bridge" + usage);
        }
        String permitted = a.values.get("--permitted");
        String dropped = a.values.get("--dropped");
        if ((permitted != null || dropped != null) && !kind.equals(SourceSpec.REPLAY)) {
            throw new CommandError("shim:open: --permitted and --dropped go with replay only");
        }
        String problem = shim.start(new SourceSpec(kind, a.words.get(1), a.values.get("--local"),
                ShimService.path(permitted), ShimService.path(dropped)));
        if (problem != null) {
            throw new CommandError("shim:open: " + problem);
        }
        ShimRun run = shim.current();
        return a.plain ? run.mode() + "\t" + run.describe()
                : "opened " + run.mode() + " " + run.describe() + " (shim:status to follow it, shim:close to stop)";
    }

    /** {@code shim:close [--no-format]}. */
    public Object close(String... args) {
        Args a = Args.of("shim:close", args, CLOSE_HELP);
        if (a.help) {
            return CLOSE_HELP;
        }
        a.none();
        ShimRun run = shim.current();
        if (shim.closeCurrent() == null) {
            throw new CommandError("shim:close: no packet source is open");
        }
        return a.plain ? flat(shim.summaryOf(run).values()) : "closed\n" + shim.summaryOf(run).text().stripTrailing();
    }

    /** A summary's tree as {@code name<TAB>value} lines, names joined with dots as in its JSON. */
    static String flat(Map<String, Object> tree) {
        StringBuilder b = new StringBuilder();
        flat(b, "", tree);
        return b.toString().stripTrailing();
    }

    private static void flat(StringBuilder b, String prefix, Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flat(b, prefix + (prefix.isEmpty() ? "" : ".") + e.getKey(), e.getValue());
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Object item = l.get(i);
                Object id = item instanceof Map<?, ?> m ? m.get("id") : null;
                flat(b, prefix + "." + (id != null ? id : i), item);
            }
        } else {
            String text = v == null ? "" : String.valueOf(v);
            b.append(prefix).append('\t').append(text.replace('\t', ' ').replace('\n', ' ')).append('\n');
        }
    }

    /**
     * The words after a command: {@code --help}, {@code --no-format}, the flags and valued options a command
     * knows ({@code --all}, {@code --local=} taking a value), and the rest. Anything else that looks like an
     * option is a mistake, reported in one line.
     */
    static final class Args {
        final boolean help;
        final boolean plain;
        final List<String> flags = new ArrayList<>();
        final Map<String, String> values = new java.util.HashMap<>();
        final List<String> words = new ArrayList<>();
        private final String command;

        private Args(String command, boolean help, boolean plain) {
            this.command = command;
            this.help = help;
            this.plain = plain;
        }

        static Args of(String command, String[] args, String help, String... known) {
            List<String> list = args == null ? List.of() : Arrays.asList(args);
            Args a = new Args(command, list.contains("--help") || list.contains("-h"), list.contains(NO_FORMAT));
            if (a.help) {
                return a;
            }
            List<String> knownList = Arrays.asList(known);
            for (int i = 0; i < list.size(); i++) {
                String w = list.get(i);
                if (w.equals(NO_FORMAT)) {
                    continue;
                }
                if (knownList.contains(w)) {
                    a.flags.add(w);
                } else if (knownList.contains(w + "=")) {
                    if (i + 1 >= list.size()) {
                        throw new CommandError(command + ": " + w + " needs a value (" + command + " --help)");
                    }
                    a.values.put(w, list.get(++i));
                } else if (w.startsWith("--")) {
                    throw new CommandError(command + ": unknown option " + w + " (" + command + " --help)");
                } else {
                    a.words.add(w);
                }
            }
            return a;
        }

        /** The command takes no other words. */
        void none() {
            if (!words.isEmpty()) {
                throw new CommandError(command + ": unexpected argument '" + words.get(0) + "' (" + command
                        + " --help)");
            }
        }
    }
}
