package weir.benchmarks.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import weir.benchmarks.ClassBench;

/**
 * The replay side of the performance table: capture files, a Weir policy and the equivalent BPF expression,
 * written into a folder (a temporary one: the files are large and never committed).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar weir.benchmarks.replay.ReplayFiles DIR [PACKETS]
 * </pre>
 *
 * <ul>
 * <li>{@code mix.pcap}: a realistic mix, TCP connections of 12 packets (handshake, data both ways, FIN both
 * ways) and UDP exchanges of 10, ~2000 flows interleaved at a time, from clients in 10.0.0.0/8 (replayed with
 * {@code --local 10.0.0.0/8}) and some connections from outside in.</li>
 * <li>{@code oneper.pcap}: the worst case, every packet a flow of its own (a new 5-tuple each).</li>
 * <li>{@code acl1.pcap}: one packet per ClassBench acl1 rule drawn inside its box (inbound, no
 * {@code --local}), cycling, for {@code acl1_1k.json} against {@code acl1_1k.bpf}.</li>
 * <li>{@code policy10.json} / {@code policy10.bpf}: the 10-filter policy and the BPF expression of the packets
 * it permits, so that {@code tcpdump -r F -w OUT "$(cat policy10.bpf)"} writes what Weir's {@code --permitted}
 * file holds, packet for packet.</li>
 * </ul>
 * Every packet is Ethernet + IPv4 + TCP/UDP, no options, no fragments (BPF's port tests and Weir's agree on
 * those), microsecond pcap, one microsecond apart.
 */
public final class ReplayFiles {
    private static final int LOCAL_NET = 0x0A000000; // 10.0.0.0/8
    private static final int TCP = 6;
    private static final int UDP = 17;

    private ReplayFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ReplayFiles DIR [PACKETS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Files.createDirectories(dir);
        mix(dir.resolve("mix.pcap"), packets, new Random(14));
        onePerFlow(dir.resolve("oneper.pcap"), packets, new Random(41));
        Files.writeString(dir.resolve("policy10.json"), POLICY10);
        Files.writeString(dir.resolve("policy10.bpf"), BPF10);
        Path acl = ClassBench.dir().resolve("acl1_1k");
        if (Files.isRegularFile(acl)) {
            List<ClassBench.Rule> rules = ClassBench.read(acl);
            AclFiles.write(rules, dir, packets, new Random(7));
        }
        Path acl10k = ClassBench.dir().resolve("acl1_10k");
        if (Files.isRegularFile(acl10k)) {
            Files.writeString(dir.resolve("acl1_10k.json"), AclFiles.policy(ClassBench.read(acl10k), "acl1-10k-"));
        }
    }

    /**
     * The 10 filters: ALE blocks (whole flows), per-packet transport blocks and ALE permits that say so; weights
     * apart where filters share a layer, so that no tie is warned about (every BLOCK of a layer blocks alike).
     */
    static final String POLICY10 = """
            {
              "version": 1,
              "filters": [
                { "name": "no telnet out", "layer": "ALE_AUTH_CONNECT_V4", "action": "BLOCK",
                  "when": "protocol == tcp and remote.port == 23" },
                { "name": "no ssh in", "layer": "ALE_AUTH_RECV_ACCEPT_V4", "action": "BLOCK",
                  "when": "protocol == tcp and local.port == 22" },
                { "name": "no snmp in", "layer": "INBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 30,
                  "when": "protocol == udp and local.port == 161" },
                { "name": "no tftp out", "layer": "OUTBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 30,
                  "when": "protocol == udp and remote.port == 69" },
                { "name": "bogons in", "layer": "INBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 20,
                  "when": "remote.addr == 192.0.2.0/24" },
                { "name": "benchmark net out", "layer": "OUTBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 20,
                  "when": "remote.addr == 198.18.0.0/15" },
                { "name": "web out", "layer": "ALE_AUTH_CONNECT_V4", "action": "PERMIT", "weight": 30,
                  "when": "protocol == tcp and remote.port in 80,443" },
                { "name": "dns out", "layer": "ALE_AUTH_CONNECT_V4", "action": "PERMIT", "weight": 20,
                  "when": "protocol == udp and remote.port == 53" },
                { "name": "no smb in", "layer": "INBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 10,
                  "when": "protocol == tcp and local.port in 135,139,445" },
                { "name": "no smtp out", "layer": "OUTBOUND_TRANSPORT_V4", "action": "BLOCK", "weight": 10,
                  "when": "protocol == tcp and remote.port == 25" }
              ]
            }
            """;

    /**
     * What policy10 permits, as BPF, given that every flow starts with its initiator's packet and the local
     * network is 10.0.0.0/8 (outbound = src in it, inbound = dst in it).
     */
    static final String BPF10 = "not ("
            + "(tcp and ((src net 10.0.0.0/8 and dst port 23) or (dst net 10.0.0.0/8 and src port 23)))"
            + " or (tcp and ((dst net 10.0.0.0/8 and dst port 22) or (src net 10.0.0.0/8 and src port 22)))"
            + " or (udp and dst net 10.0.0.0/8 and dst port 161)"
            + " or (udp and src net 10.0.0.0/8 and dst port 69)"
            + " or (dst net 10.0.0.0/8 and src net 192.0.2.0/24)"
            + " or (src net 10.0.0.0/8 and dst net 198.18.0.0/15)"
            + " or (tcp and dst net 10.0.0.0/8 and (dst port 135 or dst port 139 or dst port 445))"
            + " or (tcp and src net 10.0.0.0/8 and dst port 25)"
            + ")\n";

    /** Server ports of outbound flows (protocol, port), weighted by repetition: mostly web and DNS. */
    private static final int[][] OUT = {{TCP, 443}, {TCP, 443}, {TCP, 443}, {TCP, 80}, {TCP, 80}, {UDP, 53},
        {UDP, 53}, {UDP, 123}, {TCP, 23}, {TCP, 25}, {UDP, 69}, {TCP, 8080}};
    /** Local ports of inbound flows. */
    private static final int[][] IN = {{TCP, 22}, {TCP, 445}, {UDP, 161}, {TCP, 80}, {TCP, 3389}, {UDP, 500}};

    /** One flow being written: its endpoints and how far it is. */
    static final class Flow {
        int client;
        int server;
        int cport;
        int sport;
        int proto;
        int step;
        int seqC;
        int seqS;
    }

    static Flow flow(int client, int server, int cport, int sport, int proto) {
        Flow f = new Flow();
        f.client = client;
        f.server = server;
        f.cport = cport;
        f.sport = sport;
        f.proto = proto;
        return f;
    }

    static void mix(Path file, int packets, Random rnd) throws IOException {
        Flow[] live = new Flow[2000];
        try (PcapOut out = new PcapOut(file)) {
            for (int n = 0; n < packets; n++) {
                int i = rnd.nextInt(live.length);
                Flow f = live[i];
                if (f == null) {
                    f = newFlow(rnd);
                    live[i] = f;
                }
                if (emit(out, f)) {
                    live[i] = null;
                }
            }
        }
    }

    private static Flow newFlow(Random rnd) {
        Flow f = new Flow();
        boolean outbound = rnd.nextInt(10) < 8;
        int[] svc = outbound ? OUT[rnd.nextInt(OUT.length)] : IN[rnd.nextInt(IN.length)];
        f.proto = svc[0];
        f.sport = svc[1];
        f.cport = 1024 + rnd.nextInt(64000);
        int local = LOCAL_NET | rnd.nextInt(1 << 16);
        int remote = remote(rnd);
        f.client = outbound ? local : remote;
        f.server = outbound ? remote : local;
        f.seqC = rnd.nextInt();
        f.seqS = rnd.nextInt();
        return f;
    }

    private static int remote(Random rnd) {
        return switch (rnd.nextInt(20)) {
            case 0 -> 0xC0000200 | rnd.nextInt(256); // 192.0.2.0/24
            case 1 -> 0xC6120000 | rnd.nextInt(1 << 17); // 198.18.0.0/15
            default -> 0x50000000 + rnd.nextInt(0x40000000); // 80.0.0.0 .. 143.255.255.255
        };
    }

    /** Writes the flow's next packet; true when the flow is complete. */
    private static boolean emit(PcapOut out, Flow f) throws IOException {
        int s = f.step++;
        if (f.proto == UDP) {
            boolean fromClient = (s & 1) == 0;
            out.udp(fromClient ? f.client : f.server, fromClient ? f.server : f.client,
                    fromClient ? f.cport : f.sport, fromClient ? f.sport : f.cport, fromClient ? 40 : 120);
            return f.step == 10;
        }
        // SYN, SYN+ACK, ACK, then 5 data segments, FIN, ACK+FIN, ACK, and one more ACK-less data-free ACK
        switch (s) {
            case 0 -> out.tcp(f, true, 0x02, 0);
            case 1 -> out.tcp(f, false, 0x12, 0);
            case 2 -> out.tcp(f, true, 0x10, 0);
            case 3, 5, 7 -> out.tcp(f, true, 0x18, 200);
            case 4, 6 -> out.tcp(f, false, 0x18, 1200);
            case 8 -> out.tcp(f, false, 0x10, 0);
            case 9 -> out.tcp(f, true, 0x11, 0);
            case 10 -> out.tcp(f, false, 0x11, 0);
            default -> out.tcp(f, true, 0x10, 0);
        }
        return f.step == 12;
    }

    static void onePerFlow(Path file, int packets, Random rnd) throws IOException {
        try (PcapOut out = new PcapOut(file)) {
            for (int n = 0; n < packets; n++) {
                Flow f = newFlow(rnd);
                // a unique tuple per packet: the client port and the low address bits count up
                f.cport = 1024 + (n % 60000);
                f.client = (f.client & 0xFF000000) == LOCAL_NET ? LOCAL_NET | (n / 60000) << 8 | (f.client & 0xFF)
                        : f.client;
                f.server = (f.server & 0xFF000000) == LOCAL_NET ? LOCAL_NET | (n / 60000) << 8 | (f.server & 0xFF)
                        : f.server;
                if (f.proto == UDP) {
                    out.udp(f.client, f.server, f.cport, f.sport, 40);
                } else {
                    out.tcp(f, true, 0x02, 0);
                }
            }
        }
    }

    /** A pcap writer of Ethernet/IPv4 frames, microsecond timestamps one microsecond apart. */
    static final class PcapOut implements AutoCloseable {
        private final OutputStream out;
        private final ByteBuffer b = ByteBuffer.allocate(2048).order(ByteOrder.BIG_ENDIAN);
        private final byte[] header = new byte[16];
        private long micros = 1_767_225_600_000_000L; // 2026-01-01

        PcapOut(Path file) throws IOException {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
        }

        void tcp(Flow f, boolean fromClient, int flags, int payload) throws IOException {
            int src = fromClient ? f.client : f.server;
            int dst = fromClient ? f.server : f.client;
            ip(src, dst, TCP, 20 + payload);
            b.putShort((short) (fromClient ? f.cport : f.sport)).putShort((short) (fromClient ? f.sport : f.cport));
            b.putInt(fromClient ? f.seqC : f.seqS).putInt((flags & 0x10) != 0 ? (fromClient ? f.seqS : f.seqC) : 0);
            b.put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
            if (fromClient) {
                f.seqC += payload + ((flags & 0x03) != 0 ? 1 : 0);
            } else {
                f.seqS += payload + ((flags & 0x03) != 0 ? 1 : 0);
            }
            frame(payload);
        }

        void udp(int src, int dst, int sport, int dport, int payload) throws IOException {
            ip(src, dst, UDP, 8 + payload);
            b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload)).putShort((short) 0);
            frame(payload);
        }

        private void ip(int src, int dst, int proto, int l4) {
            b.clear();
            b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4)).putShort((short) 0).putShort((short) 0x4000);
            b.put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
        }

        private void frame(int payload) throws IOException {
            for (int i = 0; i < payload; i++) {
                b.put((byte) 'x');
            }
            int len = b.position();
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len);
            micros++;
            out.write(header);
            out.write(b.array(), 0, len);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
