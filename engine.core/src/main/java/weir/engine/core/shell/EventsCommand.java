package weir.engine.core.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.NetEventType;
import weir.engine.core.expr.Echo;

/** {@code wfp:events}: the net events, newest first. */
final class EventsCommand extends Command {
    private static final Map<Integer, String> PROTOCOLS = Map.of(1, "icmp", 6, "tcp", 17, "udp", 58, "icmpv6");

    private final Shell shell;

    EventsCommand(Shell shell) {
        super("events", "events");
        this.shell = shell;
    }

    @Descriptor("list the net events (CLASSIFY_DROP, and CLASSIFY_ALLOW when collected), newest first")
    public EventList events(CommandSession session,
            @Descriptor("only events since then: an age (30s, 5m, 2h, 1d), a time of today (14:30) or an instant")
            @Arg("WHEN") @Parameter(names = {"--since"}, absentValue = "") String since,
            @Descriptor("only the events of this layer") @Arg(value = "LAYER", complete = Completion.LAYER)
            @Parameter(names = {"-l", "--layer"}, absentValue = "") String layer,
            @Descriptor("only the events this filter decided (id)") @Arg(value = "ID", complete = Completion.FILTER)
            @Parameter(names = {"--filter"}, absentValue = "0") long filter,
            @Descriptor("drop or allow") @Arg(value = "TYPE", complete = Completion.EVENT_TYPE)
            @Parameter(names = {"--type"}, absentValue = "") String type,
            @Descriptor("at most this many (0: all)") @Arg("N")
            @Parameter(names = {"-n", "--limit"}, absentValue = "50") int limit,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Instant from = since.isEmpty() ? null : Values.since(since, Instant.now());
        Layer l = layer.isEmpty() ? null : Lookup.layer(layer);
        NetEventType t = type.isEmpty() ? null : type(type);
        if (limit < 0) {
            throw error("--limit " + limit + " must be 0 (all) or more");
        }
        List<NetEvent> all = s.netEvents(new NetEventTemplate(from, null, l, filter, t, 0));
        Map<Long, String> names = new HashMap<>();
        for (Filter f : s.filters()) {
            names.put(f.filterId(), f.name());
        }
        List<EventList.Row> rows = new ArrayList<>();
        for (NetEvent e : all) {
            if (limit > 0 && rows.size() == limit) {
                break;
            }
            rows.add(new EventList.Row(e.timestamp().toString(), e.type().name(), e.layer().name(), e.filterId(),
                    names.getOrDefault(e.filterId(), ""), protocol(e.protocol()),
                    endpoint(e.localAddress(), e.localPort()), endpoint(e.remoteAddress(), e.remotePort()),
                    e.direction() == null ? "" : e.direction().name().toLowerCase(Locale.ROOT), e.vetoed(),
                    e.loopback()));
        }
        return new EventList(rows, all.size(), Style.of(session, noFormat));
    }

    private NetEventType type(String t) {
        switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "drop", "classify_drop":
                return NetEventType.CLASSIFY_DROP;
            case "allow", "classify_allow":
                return NetEventType.CLASSIFY_ALLOW;
            default:
                throw error("--type is drop or allow, not '" + Echo.of(t) + "'");
        }
    }

    static String protocol(int p) {
        return p < 0 ? "" : PROTOCOLS.getOrDefault(p, Integer.toString(p));
    }

    static String endpoint(String addr, int port) {
        if (addr == null || addr.isEmpty()) {
            return port < 0 ? "" : ":" + port;
        }
        if (port < 0) {
            return addr;
        }
        return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
    }
}
