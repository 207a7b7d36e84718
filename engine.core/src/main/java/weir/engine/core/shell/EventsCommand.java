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

/**
 * {@code wfp:events}: the net events, newest first; with {@code --follow}, as they happen ({@link EventFollow}).
 *
 * <p>{@code --since} means what it says for a replay as for live traffic: an age ({@code 5m}) counts back from
 * now on the wall clock and selects the events Weir recorded since then, whatever the packets' own time (a
 * capture's, in a replay); a time of day or an instant is compared with the packets' own time, the TIME
 * column.
 */
final class EventsCommand extends Command {
    private final Shell shell;

    EventsCommand(Shell shell) {
        super("events", "events");
        this.shell = shell;
    }

    @Descriptor("list the net events (CLASSIFY_DROP, and CLASSIFY_ALLOW when collected), newest first")
    public EventList events(CommandSession session,
            @Descriptor("only events since then: an age (30s, 5m, 2h, 1d: recorded in that time, by the wall"
                    + " clock), a time of today (14:30) or an instant (the packets' own time)")
            @Arg("WHEN") @Parameter(names = {"--since"}, absentValue = "") String since,
            @Descriptor("only the events of this layer") @Arg(value = "LAYER", complete = Completion.LAYER)
            @Parameter(names = {"-l", "--layer"}, absentValue = "") String layer,
            @Descriptor("only the events this filter decided (id)") @Arg(value = "ID", complete = Completion.FILTER)
            @Parameter(names = {"--filter"}, absentValue = "0") long filter,
            @Descriptor("drop or allow") @Arg(value = "TYPE", complete = Completion.EVENT_TYPE)
            @Parameter(names = {"--type"}, absentValue = "") String type,
            @Descriptor("at most this many (0: all); with --follow, of the events before it starts")
            @Arg("N") @Parameter(names = {"-n", "--limit"}, absentValue = "50") int limit,
            @Descriptor("print events as they happen, oldest first, until Ctrl-C (piped: until the end of the"
                    + " input); with --since, the events since then first")
            @Parameter(names = {"-f", "--follow"}, presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor(Options.NO_FORMAT)
            @Parameter(names = {"--no-format"}, presentValue = "true", absentValue = "false") boolean noFormat) {
        EngineSession s = shell.session(session);
        Instant now = Instant.now();
        Instant from = since.isEmpty() ? null : Values.since(since, now);
        boolean byRecording = Values.isAge(since);
        Layer l = layer.isEmpty() ? null : Lookup.layer(layer);
        NetEventType t = type.isEmpty() ? null : type(type);
        if (limit < 0) {
            throw error("--limit " + limit + " must be 0 (all) or more");
        }
        Selection selection = new Selection(from, byRecording, l, filter, t);
        Style style = Style.of(session, noFormat);
        if (follow) {
            new EventFollow(shell, session, s, selection, names(s), style).run(since.isEmpty() ? -1 : limit);
            return null;
        }
        List<EventList.Row> rows = new ArrayList<>();
        Map<Long, String> names = names(s);
        long total = 0;
        for (NetEvent e : s.netEvents(selection.template())) {
            if (!selection.selects(e)) {
                continue;
            }
            total++;
            if (limit == 0 || rows.size() < limit) {
                rows.add(EventList.Row.of(e, names));
            }
        }
        return new EventList(rows, total, style);
    }

    static Map<Long, String> names(EngineSession s) {
        Map<Long, String> names = new HashMap<>();
        for (Filter f : s.filters()) {
            names.put(f.filterId(), f.name());
        }
        return names;
    }

    /** What the options select: the engine's template, and an age that it cannot express (recorded since). */
    record Selection(Instant from, boolean byRecording, Layer layer, long filterId, NetEventType type) {
        NetEventTemplate template() {
            return new NetEventTemplate(byRecording ? null : from, null, layer, filterId, type, 0);
        }

        boolean selects(NetEvent e) {
            if (from == null) {
                return true;
            }
            Instant when = byRecording ? e.recorded() : e.timestamp();
            return when != null && !when.isBefore(from);
        }

        /** The template's part, for events that arrive one at a time. */
        boolean selectsArriving(NetEvent e) {
            return (layer == null || layer == e.layer()) && (filterId == 0 || filterId == e.filterId())
                    && (type == null || type == e.type()) && selects(e);
        }
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

    @Override
    String notes() {
        return "TIME is the packet's own time (a replay's capture time); RECORDED, shown when it differs, is when\n"
                + "Weir recorded the event. --since 5m selects by RECORDED, --since 14:30 by TIME.\n"
                + "examples:\n"
                + "  wfp:events --since 5m --type drop\n"
                + "  wfp:events --follow --layer INBOUND_TRANSPORT_V4";
    }
}
