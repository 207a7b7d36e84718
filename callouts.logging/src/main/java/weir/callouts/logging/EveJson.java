package weir.callouts.logging;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import weir.engine.api.Decision;
import weir.engine.api.FlowEndReason;
import weir.engine.api.Value;

/**
 * Records as Suricata writes its EVE JSON, so that jq recipes, Filebeat's Suricata module and other EVE readers
 * take them unchanged: one object per line, {@code "event_type":"flow"}, the tuple at the top ({@code src_*} is
 * the side that started the flow), counts and times under {@code flow} ({@code toserver} is from that side),
 * TCP flags under {@code tcp} as Suricata's hex and booleans, and Weir's own members under {@code weir}. Times
 * are capture times in EVE's form, {@code 2026-01-01T00:00:01.250000+0000}. Only the writer thread uses it.
 */
final class EveJson {
    private final StringBuilder b = new StringBuilder(512);

    /** The flow event of an ended flow, without the line break. */
    String flow(FlowRecord r) {
        boolean out = r.outbound;
        b.setLength(0);
        b.append("{\"timestamp\":\"");
        time(r.last());
        b.append("\",\"flow_id\":").append(r.handle).append(",\"event_type\":\"flow\"");
        tuple(r, out);
        if (r.icmp()) {
            int ts = out ? r.icmpOut() : r.icmpIn();
            int tc = out ? r.icmpIn() : r.icmpOut();
            if (ts >= 0) {
                b.append(",\"icmp_type\":").append(ts >>> 8).append(",\"icmp_code\":").append(ts & 0xFF);
            }
            if (tc >= 0) {
                b.append(",\"response_icmp_type\":").append(tc >>> 8).append(",\"response_icmp_code\":")
                        .append(tc & 0xFF);
            }
        }
        boolean closed = r.reason == FlowEndReason.FIN || r.reason == FlowEndReason.RST;
        String state = closed ? "closed" : r.established ? "established" : "new";
        b.append(",\"flow\":{\"pkts_toserver\":").append(out ? r.packetsOut() : r.packetsIn())
                .append(",\"pkts_toclient\":").append(out ? r.packetsIn() : r.packetsOut())
                .append(",\"bytes_toserver\":").append(out ? r.bytesOut() : r.bytesIn())
                .append(",\"bytes_toclient\":").append(out ? r.bytesIn() : r.bytesOut())
                .append(",\"start\":\"");
        time(r.first());
        b.append("\",\"end\":\"");
        time(r.last());
        b.append("\",\"age\":").append(Math.floorDiv(r.last(), SECOND) - Math.floorDiv(r.first(), SECOND))
                .append(",\"state\":\"").append(state).append("\",\"reason\":\"").append(eveReason(r.reason))
                .append("\",\"alerted\":false}");
        if (r.protocol == FlowRecord.TCP) {
            int ts = out ? r.flagsOut() : r.flagsIn();
            int tc = out ? r.flagsIn() : r.flagsOut();
            b.append(",\"tcp\":{\"tcp_flags\":\"");
            hex(ts | tc);
            b.append("\",\"tcp_flags_ts\":\"");
            hex(ts);
            b.append("\",\"tcp_flags_tc\":\"");
            hex(tc);
            b.append('"');
            tcpFlags(ts | tc);
            b.append(",\"state\":\"").append(closed ? "closed" : r.established ? "established" : "syn_sent")
                    .append("\"}");
        }
        b.append(",\"weir\":{\"direction\":\"").append(out ? "outbound" : "inbound").append("\",\"end\":\"")
                .append(r.reason == null ? "unknown" : r.reason.name().toLowerCase()).append('"');
        Decision ale = r.ale;
        if (ale != null) {
            b.append(",\"verdict\":\"").append(ale.action().name()).append("\",\"filter_id\":").append(ale.filterId())
                    .append(",\"decision\":\"").append(ale.reason().name()).append('"');
        }
        return b.append("}}").toString();
    }

    /**
     * One packet of a flow (per-packet records): its own source and destination, when it was seen, at which
     * layer, its length and TCP flags.
     */
    String packet(FlowRecord r, String layer, boolean out, long time, int bytes, int tcpFlags) {
        b.setLength(0);
        b.append("{\"timestamp\":\"");
        time(time);
        b.append("\",\"flow_id\":").append(r.handle).append(",\"event_type\":\"packet\"");
        tuple(r, out);
        b.append(",\"weir\":{\"layer\":\"").append(layer).append("\",\"direction\":\"")
                .append(out ? "outbound" : "inbound").append("\",\"bytes\":").append(bytes);
        if (r.protocol == FlowRecord.TCP) {
            b.append(",\"tcp_flags\":\"");
            hex(tcpFlags);
            b.append('"');
        }
        return b.append("}}").toString();
    }

    /** src is the local end when {@code localIsSource}. */
    private void tuple(FlowRecord r, boolean localIsSource) {
        b.append(",\"src_ip\":\"").append(localIsSource ? local(r) : remote(r)).append('"');
        if (r.localPort >= 0) {
            b.append(",\"src_port\":").append(localIsSource ? r.localPort : r.remotePort);
        }
        b.append(",\"dest_ip\":\"").append(localIsSource ? remote(r) : local(r)).append('"');
        if (r.localPort >= 0) {
            b.append(",\"dest_port\":").append(localIsSource ? r.remotePort : r.localPort);
        }
        b.append(",\"proto\":\"").append(proto(r.protocol)).append('"');
    }

    static String local(FlowRecord r) {
        return address(r.v6, r.localHigh, r.localLow);
    }

    static String remote(FlowRecord r) {
        return address(r.v6, r.remoteHigh, r.remoteLow);
    }

    private static String address(boolean v6, long high, long low) {
        if (!v6) {
            return Value.formatV4((int) low);
        }
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (high >>> (56 - 8 * i));
            a[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return Value.formatV6(a);
    }

    /** Suricata's protocol names (those of /etc/protocols); a number it does not know as three digits. */
    static String proto(int p) {
        switch (p) {
            case FlowRecord.TCP:
                return "TCP";
            case FlowRecord.UDP:
                return "UDP";
            case FlowRecord.ICMP:
                return "ICMP";
            case FlowRecord.ICMPV6:
                return "IPv6-ICMP";
            case 47:
                return "GRE";
            case 50:
                return "ESP";
            case 132:
                return "SCTP";
            default:
                return String.format("%03d", p);
        }
    }

    /**
     * EVE's reasons are Suricata's: "timeout" (a flow that closed or went idle and was timed out), "forced"
     * (pushed out of a full table) and "shutdown" (the engine, here the log, stopped). {@code weir.end} says
     * exactly why.
     */
    static String eveReason(FlowEndReason r) {
        if (r == null) {
            return "forced";
        }
        switch (r) {
            case FIN:
            case RST:
            case IDLE:
                return "timeout";
            case SHUTDOWN:
            case CALLOUT_REMOVED:
                return "shutdown";
            default:
                return "forced";
        }
    }

    private static final long SECOND = 1_000_000_000L;
    private static final String[] FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};

    private void tcpFlags(int flags) {
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                b.append(",\"").append(FLAG_NAMES[i]).append("\":true");
            }
        }
    }

    private void hex(int flags) {
        b.append(Character.forDigit((flags >>> 4) & 0xF, 16)).append(Character.forDigit(flags & 0xF, 16));
    }

    /** EVE's time: {@code yyyy-MM-ddTHH:mm:ss.uuuuuu+0000}, UTC, microseconds. */
    private void time(long nanos) {
        long seconds = Math.floorDiv(nanos, SECOND);
        int micros = (int) (Math.floorMod(nanos, SECOND) / 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        b.append(t.getYear()).append('-');
        two(t.getMonthValue());
        b.append('-');
        two(t.getDayOfMonth());
        b.append('T');
        two(t.getHour());
        b.append(':');
        two(t.getMinute());
        b.append(':');
        two(t.getSecond());
        b.append('.');
        String m = Integer.toString(micros);
        for (int i = m.length(); i < 6; i++) {
            b.append('0');
        }
        b.append(m).append("+0000");
    }

    private void two(int v) {
        if (v < 10) {
            b.append('0');
        }
        b.append(v);
    }
}
