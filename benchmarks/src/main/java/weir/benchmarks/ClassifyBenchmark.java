package weir.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import weir.engine.api.ActionType;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.PacketValues;
import weir.engine.core.classify.Weights;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * Classification throughput over the ClassBench rule sets, every ratio of issue 14 in one run: {@code weir} (the
 * engine's classify with default options: statistics, drop events) against {@code linear} (a plain first-match
 * scan over int arrays, {@link LinearScan}) on the same packets; 1K against 10K rules ({@code ruleSet}); the
 * same rules in one sublayer against spread over four weighted sublayers ({@code sublayers}); IPv4 against the
 * rules mapped into IPv6 ({@code ip}). Packets are drawn uniformly from the rules' boxes (seed 42). Each
 * operation fills the packet's five header fields into one reused values object and classifies it, as a packet
 * path's mapper fills its layer's values for each packet; the linear scan reads the same five fields from an int
 * array. (Until 2026-12-07 each of the 16K packets had a values object of its own, which the scan did not have
 * to read: a few more cache misses per packet that no Weir path has.) Run with
 * {@code -prof gc} to see that classify allocates nothing.
 *
 * <p>Four sublayers: the rules in priority order cut into four consecutive quarters, the first quarter in the
 * heaviest sublayer, each rule keeping its action and weight and WFP's default hardness (a static PERMIT soft, a
 * static BLOCK hard). So each sublayer is a policy of its own that ends in its own first match, and the packet
 * goes on to the next one after a (soft) PERMIT: with acl1_10k about 40% of the packets are permitted and 60%
 * blocked (one sublayer: 50/50). The set-up prints the mix. (Rule i in sublayer i mod 4, as before, put every
 * PERMIT into sublayers 0 and 2 and every BLOCK into 1 and 3, where the set's last rule, a BLOCK of everything,
 * blocked every packet hard: no realistic policy, and no mix.)
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ClassifyBenchmark                        # everything (~30 runs)
 * java -jar benchmarks/target/benchmarks.jar ClassifyBenchmark -p ruleSet=acl1_10k   # one set: its ratios
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifyBenchmark {
    static final int PACKETS = 1 << 14;
    private static final long SEED = 42;

    /** The engine with the rules published. */
    @State(Scope.Thread)
    public static class Weir {
        @Param({"acl1_1k", "acl1_10k", "fw1_1k", "fw1_10k", "ipc1_1k", "ipc1_10k"})
        public String ruleSet;

        @Param({"1", "4"})
        public int sublayers;

        @Param({"v4", "v6"})
        public String ip;

        ClassifierImpl classifier;
        Layer layer;
        /** Per packet: remote address (high, low), local address (high, low), remote port, local port, protocol. */
        long[] packets;
        /** The one values object every packet is filled into, as a packet path fills its layer's values. */
        IncomingValues values;
        int remote;
        int local;
        int remotePort;
        int localPort;
        int protocol;
        Metadata metadata;
        Verdict verdict;
        int next;

        @Setup
        public void setUp() throws Exception {
            List<ClassBench.Rule> rules = ClassBench.set(ruleSet);
            boolean v6 = ip.equals("v6");
            layer = v6 ? Layer.INBOUND_TRANSPORT_V6 : Layer.INBOUND_TRANSPORT_V4;
            FlowTable flows = new FlowTable();
            classifier = new ClassifierImpl(new CalloutTable(flows), flows, new NetEventLog(), new EngineStatistics());
            List<SubLayer> subs = new ArrayList<>();
            subs.add(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000));
            UUID[] keys = new UUID[sublayers];
            for (int i = 0; i < sublayers; i++) {
                keys[i] = sublayers == 1 ? Layer.SUBLAYER_UNIVERSAL : new UUID(0xBE4C, i);
                if (sublayers > 1) {
                    subs.add(SubLayer.of(keys[i], "rules " + i, 0xF000 - 0x1000 * i));
                }
            }
            List<Filter> filters = new ArrayList<>();
            long id = 1;
            int n = rules.size();
            for (Filter f : ClassBench.filters(rules, v6)) {
                long w = Weights.effectiveWeight(layer, f.weight(), f.conditions());
                int quarter = (int) ((id - 1) * sublayers / n); // consecutive shares, in priority order
                filters.add(f.withIds(UUID.randomUUID(), keys[quarter], id++, w));
            }
            classifier.publish(layer, subs, filters);
            remote = layer.indexOf(Field.IP_REMOTE_ADDRESS);
            local = layer.indexOf(Field.IP_LOCAL_ADDRESS);
            remotePort = layer.indexOf(Field.IP_REMOTE_PORT);
            localPort = layer.indexOf(Field.IP_LOCAL_PORT);
            protocol = layer.indexOf(Field.IP_PROTOCOL);
            Random rnd = new Random(SEED);
            packets = new long[PACKETS * 7];
            values = classifier.newIncomingValues(layer);
            for (int i = 0, o = 0; i < PACKETS; i++, o += 7) {
                ClassBench.Rule r = rules.get(rnd.nextInt(rules.size()));
                if (v6) {
                    ClassBench.packetInside6(r, rnd, values);
                    packets[o] = values.getHigh(remote);
                    packets[o + 1] = values.getLow(remote);
                    packets[o + 2] = values.getHigh(local);
                    packets[o + 3] = values.getLow(local);
                } else {
                    ClassBench.packetInside(r, rnd, values);
                    packets[o + 1] = values.getLong(remote);
                    packets[o + 3] = values.getLong(local);
                }
                packets[o + 4] = values.getLong(remotePort);
                packets[o + 5] = values.getLong(localPort);
                packets[o + 6] = values.getLong(protocol);
            }
            metadata = classifier.newMetadata();
            verdict = classifier.newVerdict();
            int blocks = 0;
            for (int i = 0; i < PACKETS; i++) {
                classifier.classify(layer, fill(i), metadata, null, verdict);
                blocks += verdict.action() == ActionType.BLOCK ? 1 : 0;
            }
            System.out.printf("%n%s, %d sublayer(s), %s: of %d packets %d permitted, %d blocked%n", ruleSet, sublayers,
                    ip, PACKETS, PACKETS - blocks, blocks);
        }

        /** Packet {@code i}'s header fields into the values object (the shim's mapper does this per packet). */
        IncomingValues fill(int i) {
            IncomingValues v = values;
            long[] p = packets;
            int o = i * 7;
            v.clear();
            if (layer == Layer.INBOUND_TRANSPORT_V6) {
                v.setV6(remote, p[o], p[o + 1]);
                v.setV6(local, p[o + 2], p[o + 3]);
            } else {
                v.setLong(remote, p[o + 1]);
                v.setLong(local, p[o + 3]);
            }
            v.setLong(remotePort, p[o + 4]);
            v.setLong(localPort, p[o + 5]);
            v.setLong(protocol, p[o + 6]);
            return v;
        }
    }

    /** The rules as int arrays, and the same packets as {@link Weir}'s IPv4 ones. */
    @State(Scope.Thread)
    public static class Linear {
        @Param({"acl1_1k", "acl1_10k", "fw1_1k", "fw1_10k", "ipc1_1k", "ipc1_10k"})
        public String ruleSet;

        LinearScan scan;
        int[] packets;
        int next;

        @Setup
        public void setUp() throws Exception {
            List<ClassBench.Rule> rules = ClassBench.set(ruleSet);
            scan = new LinearScan(rules);
            Layer l = Layer.INBOUND_TRANSPORT_V4;
            PacketValues v = new PacketValues(l);
            Random rnd = new Random(SEED);
            packets = new int[PACKETS * 5];
            for (int i = 0; i < PACKETS; i++) {
                ClassBench.packetInside(rules.get(rnd.nextInt(rules.size())), rnd, v);
                packets[i * 5] = (int) v.getLong(l.indexOf(Field.IP_REMOTE_ADDRESS));
                packets[i * 5 + 1] = (int) v.getLong(l.indexOf(Field.IP_LOCAL_ADDRESS));
                packets[i * 5 + 2] = (int) v.getLong(l.indexOf(Field.IP_REMOTE_PORT));
                packets[i * 5 + 3] = (int) v.getLong(l.indexOf(Field.IP_LOCAL_PORT));
                packets[i * 5 + 4] = (int) v.getLong(l.indexOf(Field.IP_PROTOCOL));
            }
        }
    }

    @Benchmark
    public long weir(Weir s) {
        IncomingValues v = s.fill(s.next++ & (PACKETS - 1));
        s.classifier.classify(s.layer, v, s.metadata, null, s.verdict);
        return s.verdict.filterId();
    }

    @Benchmark
    public int linear(Linear s) {
        int o = (s.next++ & (PACKETS - 1)) * 5;
        int[] p = s.packets;
        return s.scan.classify(p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4]);
    }
}
