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
import org.openjdk.jmh.infra.BenchmarkParams;

import weir.callouts.nat.MappingTable;

/**
 * The NAT mapping table at 1M flows (issue 13's targets: at most 64 bytes per flow, at least 15M lookups/s on one
 * thread, nothing allocated per lookup; run with {@code -prof gc} to see 0 B/op), beside what this machine's
 * memory allows for the same footprint, measured in the same run:
 * <ul>
 * <li>{@code lookup}: one packet's lookup, tuples drawn uniformly at random over the million mappings, half of
 * them replies (found by the translated tuple) — ops/s are lookups/s. This is the target's figure;</li>
 * <li>{@code lookupActiveFlows}: a second, clearly different pattern, as the realistic replay mix has it: about
 * {@value #ACTIVE} flows at a time out of the million, each of {@value #PACKETS_PER_FLOW} packets, half each way,
 * interleaved at random; a flow that ends is replaced by another one drawn from the million;</li>
 * <li>{@code translatedPacket}: the table's whole work for a translated packet, the uniform lookup and the
 * count on the mapping;</li>
 * <li>{@code newFlow}: a flow's whole life in the table at 1M flows — create the mapping, its flow ends, the
 * hold time passes, the mapping is freed — ops/s are new flows/s;</li>
 * <li>{@code ceilingOneRead}: the memory ceiling of a lookup that reads one cache line: one read of an
 * {@code int} at a uniformly random place in an array as large as the table's arrays at 1M flows, the places
 * read from a sequence as {@code lookup}'s tuples are;</li>
 * <li>{@code ceilingTwoReads}: the ceiling of the table's layout: a random read in an array the size of the
 * table's index, whose value (a random record number) places a second read in an array the size of the rest of
 * the table (two dependent reads, index then record).</li>
 * </ul>
 * Random lookups at 1M flows are bound by memory latency, so {@code lookup} is to be read against the two
 * ceilings (the machine's load moves all of them together; their ratios matter more than the absolutes). The
 * set-up prints bytes per flow: the table's arrays at 1M mappings, divided by 1M. The fork asks for transparent
 * huge pages (where the kernel offers them on madvise): fewer TLB misses, about 40% more lookups/s on the
 * project's machines. {@code java -XX:+UseTransparentHugePages -jar weir.jar} does the same for Weir.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseTransparentHugePages"})
public class NatBenchmark {
    private static final int PROBES = 1 << 16;
    /** Lookups of the active-flows pattern before it repeats: over some 350,000 flows, so no cache keeps them. */
    private static final int ACTIVE_PROBES = 1 << 22;
    static final int ACTIVE = 2048;
    static final int PACKETS_PER_FLOW = 12;
    private static final int OUTSIDE = 0xC000_0201; // 192.0.2.1
    private static final int SERVER = 0xC633_6407; // 198.51.100.7
    private static final MappingTable.PortReturn IGNORE = (serial, protocol, port) -> { };

    @Param({"1000000"})
    public int flows;

    private MappingTable table;
    private final MappingTable.Hit hit = new MappingTable.Hit();
    private int[] src;
    private int[] sport;
    private int[] probeSource;
    private int[] probeSourcePort;
    private int[] probeDestination;
    private int[] probeDestinationPort;
    private int probeMask;
    private int next;
    private int churn;
    private int now = 1_000_000;
    // the ceilings
    private int[] memory;
    private int[] memoryIndex;
    private int[] memoryRecords;
    private int recordStride;
    private int[] positionOne;
    private int[] positionTwo;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        String name = params.getBenchmark();
        if (name.endsWith(".ceilingOneRead") || name.endsWith(".ceilingTwoReads")) {
            setUpCeilings();
            return;
        }
        // one mapping short of the bound, so that newFlow always has the place it frees again
        table = new MappingTable(flows, flows);
        Random random = new Random(42);
        src = new int[flows];
        sport = new int[flows];
        for (int i = 0; i < flows - 1; i++) {
            // inside hosts 10.0.0.0/8 with random source ports; outside ports unique per mapping
            src[i] = 0x0A00_0000 | random.nextInt(1 << 24);
            sport[i] = 1024 + random.nextInt(64_000);
            int m = table.create(6, src[i], sport[i], SERVER, 443, OUTSIDE + (i >>> 16), i & 0xFFFF, SERVER, 443,
                    false, 1, now);
            if (m < 0) {
                i--; // the random tuple was taken: draw again
            }
        }
        if (name.endsWith(".lookupActiveFlows")) {
            activeFlows(random);
        } else {
            uniform(random);
        }
        long bytes = table.bytes();
        System.out.printf(Locale.ROOT, "%nNatBenchmark: %d mappings, table arrays %d bytes = %.1f bytes per flow "
                + "(capacity %d)%n", table.size(), bytes, (double) bytes / flows, table.capacity());
    }

    /** Probes uniformly at random over the mappings, originals and replies alternating. */
    private void uniform(Random random) {
        probes(PROBES);
        for (int p = 0; p < PROBES; p++) {
            probe(p, random.nextInt(flows - 1), (p & 1) == 0);
        }
    }

    /**
     * {@value #ACTIVE} flows at a time, each of {@value #PACKETS_PER_FLOW} packets alternating original and reply,
     * the next packet from a flow drawn at random among the active ones; an ended flow is replaced by a random one.
     */
    private void activeFlows(Random random) {
        probes(ACTIVE_PROBES);
        int[] flow = new int[ACTIVE];
        int[] sent = new int[ACTIVE];
        for (int a = 0; a < ACTIVE; a++) {
            flow[a] = random.nextInt(flows - 1);
            sent[a] = random.nextInt(PACKETS_PER_FLOW); // staggered, as in a capture already running
        }
        for (int p = 0; p < ACTIVE_PROBES; p++) {
            int a = random.nextInt(ACTIVE);
            probe(p, flow[a], (sent[a] & 1) == 0);
            if (++sent[a] == PACKETS_PER_FLOW) {
                flow[a] = random.nextInt(flows - 1);
                sent[a] = 0;
            }
        }
    }

    private void probes(int n) {
        probeSource = new int[n];
        probeSourcePort = new int[n];
        probeDestination = new int[n];
        probeDestinationPort = new int[n];
        probeMask = n - 1;
    }

    private void probe(int p, int i, boolean original) {
        if (original) {
            probeSource[p] = src[i];
            probeSourcePort[p] = sport[i];
            probeDestination[p] = SERVER;
            probeDestinationPort[p] = 443;
        } else {
            probeSource[p] = SERVER;
            probeSourcePort[p] = 443;
            probeDestination[p] = OUTSIDE + (i >>> 16);
            probeDestinationPort[p] = i & 0xFFFF;
        }
    }

    /** Arrays of the table's sizes at {@code flows} mappings (asked of an empty table of that capacity). */
    private void setUpCeilings() {
        MappingTable empty = new MappingTable(flows, flows);
        long bytes = empty.bytes();
        long indexBytes = empty.indexBytes();
        empty = null;
        Random random = new Random(42);
        memory = new int[(int) (bytes / 4)];
        memoryIndex = new int[(int) (indexBytes / 4)];
        memoryRecords = new int[(int) ((bytes - indexBytes) / 4)];
        recordStride = memoryRecords.length / flows;
        for (int i = 0; i < memory.length; i++) {
            memory[i] = i;
        }
        for (int i = 0; i < memoryIndex.length; i++) {
            memoryIndex[i] = random.nextInt(flows);
        }
        for (int i = 0; i < memoryRecords.length; i++) {
            memoryRecords[i] = i;
        }
        positionOne = new int[PROBES];
        positionTwo = new int[PROBES];
        for (int p = 0; p < PROBES; p++) {
            positionOne[p] = random.nextInt(memory.length);
            positionTwo[p] = random.nextInt(memoryIndex.length);
        }
        System.out.printf(Locale.ROOT, "%nNatBenchmark ceilings: one read over %d bytes; two reads: index %d bytes, "
                + "records %d bytes (a record every %d bytes)%n", bytes, indexBytes, bytes - indexBytes,
                4 * recordStride);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (table != null && table.size() != flows - 1) {
            throw new IllegalStateException("the table lost or kept mappings: " + table.size());
        }
    }

    @Benchmark
    public int lookup() {
        return find(next++ & probeMask);
    }

    @Benchmark
    public int lookupActiveFlows() {
        return find(next++ & probeMask);
    }

    @Benchmark
    public int translatedPacket() {
        int port = find(next++ & probeMask);
        table.count(hit);
        return port;
    }

    private int find(int p) {
        if (!table.find(6, probeSource[p], probeSourcePort[p], probeDestination[p], probeDestinationPort[p], hit)) {
            throw new IllegalStateException("a mapping was not found");
        }
        return hit.sourcePort;
    }

    @Benchmark
    public int ceilingOneRead() {
        return memory[positionOne[next++ & (PROBES - 1)]];
    }

    @Benchmark
    public int ceilingTwoReads() {
        return memoryRecords[memoryIndex[positionTwo[next++ & (PROBES - 1)]] * recordStride];
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
