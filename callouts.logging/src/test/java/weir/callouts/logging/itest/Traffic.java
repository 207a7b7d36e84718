package weir.callouts.logging.itest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import weir.engine.api.Value;
import weir.engine.testing.TestCapture;
import weir.engine.testing.TestPacket;

/**
 * Crafted traffic with known flows, and what a flow log must say of each flow, worked out from the packets
 * themselves: the flow is its tuple (ICMP echo: its identifier), its source the side whose packet came first;
 * its packets and bytes (whole frames) each way are counted up to the packet that ends it (a RST, or the second
 * side's FIN: the last ACK after that belongs to no flow); its start and end are the first and last of those
 * packets' times. Why it ends (idle, shutdown) is said when the flow is added; FIN and RST are seen.
 */
final class Traffic {
    static final Set<String> LOCAL = Set.of("10.0.0.2", "2001:db8::2");
    static final String LOCAL_OPTION = "10.0.0.2,2001:db8::2";

    /** What the log must hold of one flow. */
    record Flow(String proto, String src, int srcPort, String dest, int destPort, int icmpType, String direction,
            long pktsToServer, long pktsToClient, long bytesToServer, long bytesToClient, Instant start, Instant end,
            String endReason) {
    }

    private final TestCapture capture;
    private final Map<String, String> ends = new LinkedHashMap<>();

    Traffic(Instant start) {
        capture = new TestCapture(start);
    }

    Traffic after(Duration d) {
        capture.after(d);
        return this;
    }

    Traffic add(TestPacket p) {
        capture.add(p);
        return this;
    }

    /** Says how a flow that FIN or RST does not end will end ({@code idle}, {@code shutdown}). */
    Traffic ends(TestPacket first, String reason) {
        ends.put(key(Decoded.of(first)), reason);
        return this;
    }

    TestCapture capture() {
        return capture;
    }

    int packets() {
        return capture.entries().size();
    }

    /** The flows, in the order they began, counted from the capture. */
    List<Flow> flows() {
        Map<String, Acc> flows = new LinkedHashMap<>();
        for (TestCapture.Entry e : capture.entries()) {
            Decoded d = Decoded.of(e.packet());
            Acc a = flows.computeIfAbsent(key(d), k -> new Acc(d, e.time()));
            if (a.ended) {
                continue; // a straggler after FIN both ways or a RST: no flow counts it
            }
            boolean toServer = d.src().equals(a.first.src()) && d.srcPort() == a.first.srcPort();
            if (toServer) {
                a.pktsToServer++;
                a.bytesToServer += e.packet().length();
            } else {
                a.pktsToClient++;
                a.bytesToClient += e.packet().length();
            }
            a.end = e.time();
            if ((d.tcpFlags() & TestPacket.RST) != 0) {
                a.ended = true;
                a.reason = "rst";
            } else if ((d.tcpFlags() & TestPacket.FIN) != 0) {
                if (toServer) {
                    a.finToServer = true;
                } else {
                    a.finToClient = true;
                }
                if (a.finToServer && a.finToClient) {
                    a.ended = true;
                    a.reason = "fin";
                }
            }
        }
        List<Flow> out = new ArrayList<>();
        for (Map.Entry<String, Acc> m : flows.entrySet()) {
            Acc a = m.getValue();
            String reason = a.reason != null ? a.reason : ends.get(m.getKey());
            if (reason == null) {
                throw new IllegalStateException("say how the flow " + m.getKey() + " ends (Traffic.ends)");
            }
            boolean icmp = a.first.proto().contains("ICMP");
            out.add(new Flow(a.first.proto(), a.first.src(), icmp ? -1 : a.first.srcPort(), a.first.dest(),
                    icmp ? -1 : a.first.destPort(), icmp ? a.first.icmpType() : -1,
                    LOCAL.contains(a.first.src()) ? "outbound" : "inbound", a.pktsToServer, a.pktsToClient,
                    a.bytesToServer, a.bytesToClient, a.start, a.end, reason));
        }
        return out;
    }

    private static String key(Decoded d) {
        String a = d.src() + "/" + d.srcPort();
        String b = d.dest() + "/" + d.destPort();
        if (d.proto().contains("ICMP")) {
            return d.proto() + " " + (d.src().compareTo(d.dest()) < 0 ? d.src() + " " + d.dest()
                    : d.dest() + " " + d.src()) + " id " + d.echoId();
        }
        return d.proto() + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }

    private static final class Acc {
        final Decoded first;
        final Instant start;
        Instant end;
        long pktsToServer;
        long pktsToClient;
        long bytesToServer;
        long bytesToClient;
        boolean finToServer;
        boolean finToClient;
        boolean ended;
        String reason;

        Acc(Decoded first, Instant start) {
            this.first = first;
            this.start = start;
        }
    }

    /** A crafted frame read back from its bytes (Ethernet, IPv4 or IPv6, TCP, UDP or ICMP echo). */
    record Decoded(String proto, String src, int srcPort, String dest, int destPort, int tcpFlags, int icmpType,
            int echoId) {
        static Decoded of(TestPacket p) {
            byte[] f = p.array();
            int ip = p.networkOffset();
            int t = p.transportOffset();
            boolean v6 = (f[ip] & 0xF0) == 0x60;
            int protocol = v6 ? f[ip + 6] & 0xFF : f[ip + 9] & 0xFF;
            String src = v6 ? v6(f, ip + 8) : v4(f, ip + 12);
            String dst = v6 ? v6(f, ip + 24) : v4(f, ip + 16);
            String name = switch (protocol) {
                case 6 -> "TCP";
                case 17 -> "UDP";
                case 1 -> "ICMP";
                default -> "IPv6-ICMP";
            };
            if (protocol == 1 || protocol == 58) {
                return new Decoded(name, src, 0, dst, 0, 0, f[t] & 0xFF, u16(f, t + 4));
            }
            return new Decoded(name, src, u16(f, t), dst, u16(f, t + 2), protocol == 6 ? f[t + 13] & 0xFF : 0, -1, 0);
        }

        private static int u16(byte[] b, int o) {
            return (b[o] & 0xFF) << 8 | b[o + 1] & 0xFF;
        }

        private static String v4(byte[] b, int o) {
            return Value.formatV4((b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8
                    | b[o + 3] & 0xFF);
        }

        private static String v6(byte[] b, int o) {
            byte[] a = new byte[16];
            System.arraycopy(b, o, a, 0, 16);
            return Value.formatV6(a);
        }
    }
}
