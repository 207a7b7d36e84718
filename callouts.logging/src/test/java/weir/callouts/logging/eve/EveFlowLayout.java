package weir.callouts.logging.eve;

import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The layout of Suricata's EVE flow event (output-json-flow.c; the EVE JSON format page of Suricata's user
 * guide; Filebeat's Suricata module fields), as a checker: every problem of a line, one sentence each. A line
 * passes when an EVE reader would take it: the common members, the tuple (ports only for TCP and UDP, ICMP type
 * and code only for ICMP), {@code flow} with its counts, times, age, state and reason, {@code tcp} for TCP with
 * hex flags that agree with the booleans, and nothing of Weir's own outside {@code weir}.
 */
public final class EveFlowLayout {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}[+-]\\d{4}");
    public static final DateTimeFormatter EVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ");
    private static final Set<String> TOP = Set.of("timestamp", "flow_id", "event_type", "src_ip", "src_port",
            "dest_ip", "dest_port", "proto", "icmp_type", "icmp_code", "response_icmp_type", "response_icmp_code",
            "flow", "tcp", "weir");
    private static final Set<String> FLOW = Set.of("pkts_toserver", "pkts_toclient", "bytes_toserver",
            "bytes_toclient", "start", "end", "age", "state", "reason", "alerted");
    private static final String[] FLAGS = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};

    private EveFlowLayout() {
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The problems of one flow line; empty when it has the layout. */
    public static List<String> problems(String line) {
        List<String> p = new ArrayList<>();
        if (line.contains("\n") || !line.startsWith("{")) {
            p.add("not one JSON object on one line");
            return p;
        }
        JsonNode e = parse(line);
        for (Iterator<String> i = e.fieldNames(); i.hasNext();) {
            String n = i.next();
            if (!TOP.contains(n)) {
                p.add("member '" + n + "' is neither EVE's nor under weir");
            }
        }
        time(e, "timestamp", p);
        if (!e.path("flow_id").canConvertToLong()) {
            p.add("flow_id is not an integer");
        }
        if (!"flow".equals(e.path("event_type").asText())) {
            p.add("event_type is not flow");
        }
        ip(e, "src_ip", p);
        ip(e, "dest_ip", p);
        String proto = e.path("proto").asText();
        boolean ports = proto.equals("TCP") || proto.equals("UDP");
        boolean icmp = proto.equals("ICMP") || proto.equals("IPv6-ICMP");
        if (!ports && !icmp && !proto.matches("\\d{3}|[A-Z]+")) {
            p.add("proto '" + proto + "' is not a protocol name");
        }
        for (String port : List.of("src_port", "dest_port")) {
            if (ports != e.has(port)) {
                p.add(port + (ports ? " missing" : " present for " + proto));
            } else if (ports && !(e.get(port).isInt() && e.get(port).asInt() >= 0 && e.get(port).asInt() <= 65535)) {
                p.add(port + " is not a port");
            }
        }
        if (icmp != e.has("icmp_type") || icmp != e.has("icmp_code")) {
            p.add("icmp_type and icmp_code belong to ICMP flows, and only to them");
        }
        JsonNode f = e.path("flow");
        if (!f.isObject()) {
            p.add("no flow object");
            return p;
        }
        for (Iterator<String> i = f.fieldNames(); i.hasNext();) {
            String n = i.next();
            if (!FLOW.contains(n)) {
                p.add("flow." + n + " is not EVE's");
            }
        }
        for (String n : List.of("pkts_toserver", "pkts_toclient", "bytes_toserver", "bytes_toclient", "age")) {
            if (!f.path(n).canConvertToLong() || f.path(n).asLong() < 0) {
                p.add("flow." + n + " is not a count");
            }
        }
        OffsetDateTime start = time(f, "start", p);
        OffsetDateTime end = time(f, "end", p);
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                p.add("flow.end is before flow.start");
            }
            long age = end.toEpochSecond() - start.toEpochSecond();
            if (f.path("age").asLong() != age) {
                p.add("flow.age " + f.path("age") + " is not end - start in whole seconds (" + age + ")");
            }
        }
        if (!Set.of("new", "established", "closed").contains(f.path("state").asText())) {
            p.add("flow.state '" + f.path("state").asText() + "' is not EVE's");
        }
        if (!Set.of("timeout", "forced", "shutdown").contains(f.path("reason").asText())) {
            p.add("flow.reason '" + f.path("reason").asText() + "' is not EVE's");
        }
        if (!f.path("alerted").isBoolean()) {
            p.add("flow.alerted is not a boolean");
        }
        if (proto.equals("TCP") != e.has("tcp")) {
            p.add("tcp belongs to TCP flows, and only to them");
        }
        if (e.has("tcp")) {
            tcp(e.get("tcp"), p);
        }
        JsonNode w = e.path("weir");
        if (!Set.of("inbound", "outbound").contains(w.path("direction").asText())) {
            p.add("weir.direction is missing");
        }
        if (!w.path("end").asText().matches("fin|rst|idle|evicted|shutdown|callout_removed|context_removed|unknown")) {
            p.add("weir.end '" + w.path("end").asText() + "' is not a FlowEndReason");
        }
        return p;
    }

    private static void tcp(JsonNode t, List<String> p) {
        int all = hex(t, "tcp_flags", p);
        int ts = hex(t, "tcp_flags_ts", p);
        int tc = hex(t, "tcp_flags_tc", p);
        if (all != (ts | tc)) {
            p.add("tcp.tcp_flags is not tcp_flags_ts | tcp_flags_tc");
        }
        for (int i = 0; i < FLAGS.length; i++) {
            boolean set = (all & (1 << i)) != 0;
            if (set != t.path(FLAGS[i]).asBoolean(false) || t.has(FLAGS[i]) && !t.get(FLAGS[i]).isBoolean()) {
                p.add("tcp." + FLAGS[i] + " disagrees with tcp_flags");
            }
        }
        if (!t.path("state").isTextual()) {
            p.add("tcp.state is missing");
        }
    }

    private static int hex(JsonNode t, String name, List<String> p) {
        String v = t.path(name).asText();
        if (!v.matches("[0-9a-f]{2}")) {
            p.add("tcp." + name + " '" + v + "' is not two hex digits");
            return 0;
        }
        return Integer.parseInt(v, 16);
    }

    private static void ip(JsonNode e, String name, List<String> p) {
        String v = e.path(name).asText("");
        if (!v.matches("[0-9.]+|[0-9a-f:.]+")) {
            p.add(name + " '" + v + "' is not an address");
            return;
        }
        try {
            InetAddress.getByName(v);
        } catch (java.net.UnknownHostException x) {
            p.add(name + " '" + v + "' is not an address");
        }
    }

    private static OffsetDateTime time(JsonNode n, String name, List<String> p) {
        String v = n.path(name).asText("");
        if (!TIME.matcher(v).matches()) {
            p.add(name + " '" + v + "' is not EVE's time (2026-01-01T00:00:00.000000+0000)");
            return null;
        }
        return OffsetDateTime.parse(v, EVE_TIME);
    }
}
