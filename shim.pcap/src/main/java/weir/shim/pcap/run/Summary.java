package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import weir.engine.api.Layer;
import weir.shim.pcap.flow.FlowCounts;
import weir.shim.pcap.packet.Malformation;
import weir.shim.pcap.path.ShimCounters;

/**
 * A run's summary: what was read, what passed, what was dropped and where, the flows, the filters that hit.
 * One tree of values, printed as one JSON object ({@code --summary json}) or as aligned text. Built off the
 * packet path (allocates freely).
 */
public final class Summary {
    static final String NO_LOCAL = "offline without --local: every packet is inbound";

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<EngineFigures.FilterHits> filters;
    private final List<String> notes;

    private Summary(Map<String, Object> root, List<EngineFigures.FilterHits> filters, List<String> notes) {
        this.root.putAll(root);
        this.filters = filters;
        this.notes = notes;
    }

    static Summary of(ShimRun run, EngineFigures engine) {
        ShimCounters c = run.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        Source source = run.source();
        m.put("mode", run.mode());
        m.put("source", run.describe());
        m.put("state", run.state().name().toLowerCase(Locale.ROOT));
        m.put("local", run.local().isEmpty() ? null : run.local().toString());
        m.put("direction", run.local().isEmpty()
                ? run.mode().equals("offline") ? NO_LOCAL : run.mode().equals("bridge") ? "by interface side (no --local): from the inside (A) outbound" : "every packet inbound (the interface has no addresses)"
                : "from --local " + run.local() + ": from a local address outbound, to one inbound, else forwarded");
        m.put("enforced", source.enforces());
        m.put("packets", c.packets());
        m.put("permitted", c.permittedCount());
        m.put("dropped", c.droppedCount());
        m.put("unsupported", c.unsupportedCount());
        Map<String, Object> unsupported = new LinkedHashMap<>();
        unsupported.put("not_ip", c.notIpCount());
        unsupported.put("unreadable_ip_header", c.unparsableCount());
        Map<String, Object> linkTypes = new LinkedHashMap<>();
        for (Map.Entry<Integer, Long> e : c.unsupportedLinkTypes().entrySet()) {
            linkTypes.put(e.getKey() < 0 ? "other" : "LINKTYPE " + e.getKey(), e.getValue());
        }
        unsupported.put("link_types", linkTypes);
        m.put("unsupported_by_kind", unsupported);
        m.put("dropped_by_flow_state", c.flowBlockedCount());
        m.put("absorbed", c.absorbedCount());
        m.put("permitted_as_copies", c.replacedCount());
        Map<String, Object> malformed = new LinkedHashMap<>();
        malformed.put("total", c.malformedTotal());
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (Map.Entry<Malformation, Long> e : c.malformedByReason().entrySet()) {
            reasons.put(e.getKey().name(), e.getValue());
        }
        malformed.put("by_reason", reasons);
        m.put("malformed", malformed);
        Map<String, Object> injected = new LinkedHashMap<>();
        injected.put("total", c.injectedCount());
        injected.put("permitted", c.injectedPermittedCount());
        injected.put("dropped", c.injectedDroppedCount());
        injected.put("refused", c.injectionsRefusedCount());
        m.put("injected", injected);
        Map<String, Object> layers = new LinkedHashMap<>();
        for (Layer l : Layer.values()) {
            if (c.classifies(l) > 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("classifies", c.classifies(l));
                row.put("blocks", c.blocks(l));
                layers.put(l.name(), row);
            }
        }
        m.put("layers", layers);
        List<EngineFigures.FilterHits> hits = engine.filters();
        List<Object> filterList = new ArrayList<>();
        for (EngineFigures.FilterHits h : hits) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", h.filterId());
            f.put("name", h.name());
            f.put("layer", h.layer());
            f.put("action", h.action());
            f.put("matches", h.matches());
            f.put("decisions", h.decisions());
            filterList.add(f);
        }
        m.put("filters", filterList);
        FlowCounts fc = run.flows().counts();
        Map<String, Object> flows = new LinkedHashMap<>();
        flows.put("created", fc.created());
        flows.put("deleted", fc.deleted());
        flows.put("open", fc.open());
        flows.put("peak", fc.peak());
        flows.put("ended_by_tcp", fc.endedByTcp());
        flows.put("timed_out", fc.timedOut());
        flows.put("evicted", fc.evicted());
        flows.put("closed_at_end", fc.closedAtShutdown());
        flows.put("max", run.flows().maxFlows());
        m.put("flows", flows);
        m.put("callouts", engine.callouts());
        if (c.engineErrorCount() > 0) {
            m.put("engine_errors", c.engineErrorCount());
            m.put("first_engine_error", c.lastEngineError());
        }
        if (c.outputRefusedCount() > 0) {
            m.put("output_refused_other_link_type", c.outputRefusedCount());
        }
        m.put("details", source.details());
        List<String> notes = new ArrayList<>(source.notes());
        if (run.failure() != null) {
            notes.add(run.failure());
        }
        m.put("notes", notes);
        double elapsed = run.elapsedSeconds();
        m.put("elapsed_s", round(elapsed));
        m.put("packets_per_s", elapsed > 0 ? Math.round(c.packets() / elapsed) : 0);
        return new Summary(m, hits, notes);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }

    /** The tree (for tests and the shell). */
    public Map<String, Object> values() {
        return root;
    }

    /** One JSON object on one line. */
    public String json() {
        StringBuilder sb = new StringBuilder();
        Json.write(sb, root);
        return sb.toString();
    }

    /** The summary as aligned text for people. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        long packets = (Long) root.get("packets");
        sb.append("Weir ").append(root.get("mode")).append(": ").append(root.get("source")).append('\n');
        row(sb, "direction", String.valueOf(root.get("direction")));
        if (!(Boolean) root.get("enforced")) {
            row(sb, "enforcement", "none: a tap cannot drop; verdicts are counted only");
        }
        row(sb, "packets", String.format(Locale.ROOT, "%d in %.3f s (%d packets/s)", packets, root.get("elapsed_s"),
                root.get("packets_per_s")));
        long copies = (Long) root.get("permitted_as_copies");
        row(sb, "permitted", root.get("permitted") + (copies > 0 ? " (" + copies
                + " as callouts' modified copies, e.g. translated by NAT)" : ""));
        String dropped = String.valueOf(root.get("dropped"));
        long byFlow = (Long) root.get("dropped_by_flow_state");
        long absorbed = (Long) root.get("absorbed");
        if (byFlow > 0 || absorbed > 0) {
            dropped += " (" + byFlow + " by flow state without classification, " + absorbed
                    + " absorbed by callouts without a copy that passed)";
        }
        row(sb, "dropped", dropped);
        @SuppressWarnings("unchecked")
        Map<String, Object> kinds = (Map<String, Object>) root.get("unsupported_by_kind");
        StringBuilder links = new StringBuilder();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) kinds.get("link_types")).entrySet()) {
            links.append(", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        row(sb, "unsupported", root.get("unsupported") + " passed unjudged (not IP " + kinds.get("not_ip")
                + ", unreadable IP header " + kinds.get("unreadable_ip_header") + links + ")");
        @SuppressWarnings("unchecked")
        Map<String, Object> malformed = (Map<String, Object>) root.get("malformed");
        StringBuilder mal = new StringBuilder().append(malformed.get("total"));
        @SuppressWarnings("unchecked")
        Map<String, Object> reasons = (Map<String, Object>) malformed.get("by_reason");
        for (Map.Entry<String, Object> e : reasons.entrySet()) {
            mal.append(mal.indexOf("(") < 0 ? " (" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!reasons.isEmpty()) {
            mal.append(')');
        }
        row(sb, "malformed", mal.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> injected = (Map<String, Object>) root.get("injected");
        if ((Long) injected.get("total") > 0 || (Long) injected.get("refused") > 0) {
            row(sb, "injected", injected.get("total") + " copies (" + injected.get("permitted") + " permitted, "
                    + injected.get("dropped") + " dropped, " + injected.get("refused") + " refused)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> flows = (Map<String, Object>) root.get("flows");
        row(sb, "flows", "created " + flows.get("created") + ", deleted " + flows.get("deleted") + " (FIN/RST "
                + flows.get("ended_by_tcp") + ", idle " + flows.get("timed_out") + ", evicted " + flows.get("evicted")
                + ", at close " + flows.get("closed_at_end") + "), open " + flows.get("open") + ", peak "
                + flows.get("peak"));
        @SuppressWarnings("unchecked")
        Map<String, Object> callouts = (Map<String, Object>) root.get("callouts");
        row(sb, "callouts", Boolean.TRUE.equals(callouts.get("available"))
                ? "calls " + callouts.get("calls") + ", errors " + callouts.get("errors")
                : "not counted (" + callouts.get("note") + ")");
        @SuppressWarnings("unchecked")
        Map<String, Object> layers = (Map<String, Object>) root.get("layers");
        if (!layers.isEmpty()) {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"LAYER", "CLASSIFIES", "BLOCKS"});
            for (Map.Entry<String, Object> e : layers.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) e.getValue();
                table.add(new String[] {e.getKey(), String.valueOf(r.get("classifies")),
                    String.valueOf(r.get("blocks"))});
            }
            block(sb, "layers", table);
        }
        if (!filters.isEmpty()) {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"ID", "FILTER", "LAYER", "ACTION", "MATCHES", "DECISIONS"});
            for (EngineFigures.FilterHits h : filters) {
                table.add(new String[] {Long.toString(h.filterId()), h.name(), h.layer(), h.action(),
                    Long.toString(h.matches()), Long.toString(h.decisions())});
            }
            block(sb, "filters", table);
        } else {
            row(sb, "filters", "none matched");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) root.get("details");
        if (details.get("permitted_file") != null) {
            row(sb, "permitted to", details.get("permitted_file") + " (" + details.get("permitted_written")
                    + " packets)");
        }
        if (details.get("dropped_file") != null) {
            row(sb, "dropped to", details.get("dropped_file") + " (" + details.get("dropped_written") + " packets)");
        }
        for (String n : notes) {
            row(sb, "note", n);
        }
        return sb.toString();
    }

    private static final int LABEL = 13;

    private static void row(StringBuilder sb, String label, String value) {
        sb.append("  ").append(label).append(" ".repeat(Math.max(1, LABEL - label.length()))).append(value)
                .append('\n');
    }

    private static void block(StringBuilder sb, String label, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        boolean first = true;
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean number = i > 0 && r[i].matches("\\d+");
                String cell = number ? " ".repeat(width[i] - r[i].length()) + r[i]
                        : r[i] + " ".repeat(width[i] - r[i].length());
                line.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            row(sb, first ? label : "", line.toString().stripTrailing());
            first = false;
        }
    }
}
