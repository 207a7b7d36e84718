package weir.benchmarks;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import weir.callouts.nat.MappingTable;

/**
 * The NAT mapping table at 1M flows (issue 13's targets: at most 64 bytes per flow, at least 15M lookups/s on one
 * thread, nothing allocated per lookup; run with {@code -prof gc} to see 0 B/op):
 * <ul>
 * <li>{@code lookup}: one packet's lookup, tuples drawn at random over the million mappings, half of them
 * replies (found by the translated tuple) — ops/s are lookups/s;</li>
 * <li>{@code newFlow}: a flow's whole life in the table at 1M flows — create the mapping, its flow ends, the
 * hold time passes, the mapping is freed — ops/s are new flows/s.</li>
 * </ul>
 * The set-up prints bytes per flow: the table's arrays at 1M mappings, divided by 1M. Lookups at 1M flows are
 * bound by memory latency (an index line and a mapping line, at random over 60 MB), so the fork asks for
 * transparent huge pages (where the kernel offers them on madvise): fewer TLB misses, about 40% more lookups/s
 * on the project's machines. {@code java -XX:+UseTransparentHugePages -jar weir.jar} does the same for Weir.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseTransparentHugePages"})
public class NatBenchmark {
    private static final int PROBES = 1 << 16;
    private static final MappingTable.PortReturn IGNORE = (serial, protocol, port) -> { };

    @Param({"1000000"})
    public int flows;

    private MappingTable table;
    private final MappingTable.Hit hit = new MappingTable.Hit();
    private int[] probeSource;
    private int[] probeSourcePort;
    private int[] probeDestination;
    private int[] probeDestinationPort;
    private int next;
    private int churn;
    private int now = 1_000_000;

    @Setup(Level.Trial)
    public void setUp() {
        // one mapping short of the bound, so that newFlow always has the place it frees again
        table = new MappingTable(flows, flows);
        Random random = new Random(42);
        int[] src = new int[flows];
        int[] sport = new int[flows];
        int outside = 0xC000_0201; // 192.0.2.1
        int server = 0xC633_6407; // 198.51.100.7
        for (int i = 0; i < flows - 1; i++) {
            // inside hosts 10.0.0.0/8 with random source ports; outside ports unique per mapping
            src[i] = 0x0A00_0000 | random.nextInt(1 << 24);
            sport[i] = 1024 + random.nextInt(64_000);
            int m = table.create(6, src[i], sport[i], server, 443, outside + (i >>> 16), i & 0xFFFF, server, 443,
                    false, 1, now);
            if (m < 0) {
                i--; // the random tuple was taken: draw again
            }
        }
        probeSource = new int[PROBES];
        probeSourcePort = new int[PROBES];
        probeDestination = new int[PROBES];
        probeDestinationPort = new int[PROBES];
        for (int p = 0; p < PROBES; p++) {
            int i = random.nextInt(flows - 1);
            if ((p & 1) == 0) {
                probeSource[p] = src[i];
                probeSourcePort[p] = sport[i];
                probeDestination[p] = server;
                probeDestinationPort[p] = 443;
            } else {
                probeSource[p] = server;
                probeSourcePort[p] = 443;
                probeDestination[p] = outside + (i >>> 16);
                probeDestinationPort[p] = i & 0xFFFF;
            }
        }
        long bytes = table.bytes();
        System.out.printf(Locale.ROOT, "%nNatBenchmark: %d mappings, table arrays %d bytes = %.1f bytes per flow "
                + "(capacity %d)%n", table.size(), bytes, (double) bytes / flows, table.capacity());
    }

    @TearDown(Level.Trial)
    public void check() {
        if (table.size() != flows - 1) {
            throw new IllegalStateException("the table lost or kept mappings: " + table.size());
        }
    }

    @Benchmark
    public int lookup() {
        int p = next++ & (PROBES - 1);
        if (!table.find(6, probeSource[p], probeSourcePort[p], probeDestination[p], probeDestinationPort[p], hit)) {
            throw new IllegalStateException("a mapping was not found");
        }
        return hit.sourcePort;
    }

    @Benchmark
    public int newFlow() {
        int c = churn++;
        // a tuple no other mapping has: source 172.16.0.0/12, reply port beyond the set-up's
        int m = table.create(17, 0xAC10_0000 | (c & 0xFFFFF), 5000, 0xC633_6435, 53, 0xC000_02FE, c & 0xFFFF,
                0xC633_6435, 53, false, 1, now);
        if (m < 0) {
            throw new IllegalStateException("no place for a new flow: " + m);
        }
        table.find(17, 0xAC10_0000 | (c & 0xFFFFF), 5000, 0xC633_6435, 53, hit);
        table.release(m, hit.generation, now);
        now++;
        return table.reap(now, 0, IGNORE);
    }
}
