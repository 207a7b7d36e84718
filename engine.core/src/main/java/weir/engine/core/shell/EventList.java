package weir.engine.core.shell;

import java.util.List;

/** What {@code wfp:events} returns: recorded net events, newest first. */
public record EventList(List<Row> events, long total, Style style) implements Printable {

    /**
     * One net event: when (ISO instant), CLASSIFY_DROP or CLASSIFY_ALLOW, where, which filter decided (0: none,
     * the layer's default), the packet's protocol and addresses ({@code addr:port}), and whether it was a veto.
     */
    public record Row(String time, String type, String layer, long filterId, String filter, String protocol,
            String local, String remote, String direction, boolean vetoed, boolean loopback) {
    }

    @Override
    public String inspect() {
        if (events.isEmpty()) {
            return style.plain() ? "" : "no net events";
        }
        Table t = new Table().left("TIME").left("TYPE").left("LAYER").right("FILTER").flexible("NAME").left("PROTO")
                .left("LOCAL").left("REMOTE").optional("DIR").optional("NOTE");
        for (Row r : events) {
            String note = (r.vetoed ? "veto" : "") + (r.loopback ? (r.vetoed ? ", " : "") + "loopback" : "");
            t.row(r.time, r.type, r.layer, r.filterId == 0 ? "-" : r.filterId, r.filter, r.protocol, r.local, r.remote,
                    r.direction, note);
        }
        return t.render(style);
    }

    @Override
    public String line() {
        return Texts.count(events.size(), "net event");
    }
}
