package weir.engine.core.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import weir.engine.api.Layer;
import weir.engine.api.NetEvent;

/** What {@code wfp:events} returns: recorded net events, newest first. */
public record EventList(List<Row> events, long total, Style style) implements Printable {
    private static final Map<Integer, String> PROTOCOLS = Map.of(1, "icmp", 6, "tcp", 17, "udp", 58, "icmpv6");

    /**
     * One net event: when (the packet's time, ISO instant: a replay's capture time), CLASSIFY_DROP or
     * CLASSIFY_ALLOW, where, which filter decided (0: none, the layer's default), the packet's protocol and
     * addresses ({@code addr:port}), whether it was a veto, and when Weir recorded it ({@code recorded}: empty
     * when within a second of the packet's time, as for live traffic).
     */
    public record Row(String time, String type, String layer, long filterId, String filter, String protocol,
            String local, String remote, String direction, boolean vetoed, boolean loopback, String recorded) {

        static Row of(NetEvent e, Map<Long, String> names) {
            Instant rec = e.recorded();
            boolean apart = rec != null
                    && Duration.between(e.timestamp(), rec).abs().compareTo(Duration.ofSeconds(1)) > 0;
            return new Row(e.timestamp().toString(), e.type().name(), e.layer().name(), e.filterId(),
                    names.getOrDefault(e.filterId(), ""), EventList.protocol(e.protocol()),
                    EventList.endpoint(e.localAddress(), e.localPort()),
                    EventList.endpoint(e.remoteAddress(), e.remotePort()),
                    e.direction() == null ? "" : e.direction().name().toLowerCase(Locale.ROOT), e.vetoed(),
                    e.loopback(), apart ? rec.toString() : "");
        }

        String note() {
            return (vetoed ? "veto" : "") + (loopback ? (vetoed ? ", " : "") + "loopback" : "");
        }
    }

    @Override
    public String inspect() {
        if (events.isEmpty()) {
            return style.plain() ? "" : "no net events";
        }
        Table t = table();
        for (Row r : events) {
            add(t, r);
        }
        return t.render(style);
    }

    static Table table() {
        return columns().optional("RECORDED");
    }

    private static Table columns() {
        return new Table().left("TIME").left("TYPE").left("LAYER").right("FILTER").flexible("NAME").left("PROTO")
                .left("LOCAL").left("REMOTE").optional("DIR").optional("NOTE");
    }

    static void add(Table t, Row r) {
        t.row(r.time, r.type, r.layer, r.filterId == 0 ? "-" : r.filterId, r.filter, r.protocol, r.local, r.remote,
                r.direction, r.note(), r.recorded);
    }

    /**
     * The table of {@code wfp:events --follow}, whose rows are printed one at a time as events arrive, in fixed
     * widths; without RECORDED (a followed event is recorded as it is shown; --no-format keeps the column).
     */
    static Table followTable() {
        int layer = 0;
        for (Layer l : Layer.values()) {
            layer = Math.max(layer, l.name().length());
        }
        // an instant to the microsecond; the longest type; an IPv4 endpoint; a direction; a veto on loopback
        return columns().fixed(27, 14, layer, 6, 16, 6, 21, 21, 8, 14);
    }

    @Override
    public String line() {
        return Texts.count(events.size(), "net event");
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
