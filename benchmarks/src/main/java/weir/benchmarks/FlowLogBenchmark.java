package weir.benchmarks;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

import weir.callouts.logging.FlowLog;
import weir.callouts.logging.FlowLogCallouts;
import weir.callouts.logging.FlowLogConfig;
import weir.callouts.logging.LoggingCommands;
import weir.callouts.logging.SummaryLevel;
import weir.engine.api.Callout;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.callout.FlowTable;
import weir.engine.core.classify.ClassifierImpl;
import weir.engine.core.classify.Weights;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;

/**
 * What the flow log costs (weir.callouts.logging's README, "Figures"). The engine classifies outbound TCP packets
 * of 1,024 open flows at OUTBOUND_TRANSPORT_V4, round robin, and {@code packet} measures one classification:
 * with {@code log=none} no filter calls anything (the baseline), with {@code noop} an inspection filter calls a
 * callout that does nothing (the engine's part), with {@code flows} the flow log's inspection
 * filter counts each packet into its flow's record, with {@code packets} it also queues a per-packet record
 * (dropped and counted when the writer is behind). {@code flow} measures a flow's whole life as the shim lives
 * it: open, its first packet (the record is made and associated), close with FIN (two flowDeletes, the record
 * queued for the writer). Run with {@code -prof gc}: a packet allocates nothing; a flow its record and a few
 * small objects of the engine's and the queue's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FlowLogBenchmark {
    private static final int FLOWS = 1024;
    private static final Layer LAYER = Layer.OUTBOUND_TRANSPORT_V4;
    private static final UUID OUTBOUND_V4 = UUID.fromString("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a03");
    private static final UUID INBOUND_V4 = UUID.fromString("7c1f0b52-3a7d-4e0e-9c55-0d2f6c8e1a01");

    /**
     * none: no callout (baseline); noop: an inspection callout that does nothing (what the engine's call of a
     * callout costs); flows: the flow log, one record per flow; packets: and one per packet.
     */
    @Param({"none", "noop", "flows", "packets"})
    public String log;

    private Path data;
    private FlowTable flows;
    private ClassifierImpl classifier;
    private FlowLog flowLog;
    private IncomingValues[] values;
    private Metadata[] metadata;
    private Verdict verdict;
    private final LayerData frame = new Frame();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = Files.createTempDirectory("weir-flowlog-bench");
        flows = new FlowTable();
        CalloutTable callouts = new CalloutTable(flows);
        classifier = new ClassifierImpl(callouts, flows, new NetEventLog(), new EngineStatistics());
        List<Filter> filters = new ArrayList<>();
        if (log.equals("noop")) {
            register(callouts, OUTBOUND_V4, new Noop());
            Filter f = Filter.of("does nothing", LAYER, FilterAction.calloutInspection(OUTBOUND_V4));
            filters.add(f.withIds(UUID.randomUUID(), Layer.SUBLAYER_UNIVERSAL, 1,
                    Weights.effectiveWeight(LAYER, f.weight(), f.conditions())));
        } else if (!log.equals("none")) {
            flowLog = new FlowLog(data, new Config(log.equals("packets")), flows, null);
            register(callouts, INBOUND_V4, new FlowLogCallouts.InboundV4(flowLog));
            register(callouts, OUTBOUND_V4, new FlowLogCallouts.OutboundV4(flowLog));
            Filter f = Filter.of("flow log", LAYER, FilterAction.calloutInspection(OUTBOUND_V4));
            filters.add(f.withIds(UUID.randomUUID(), Layer.SUBLAYER_UNIVERSAL, 1,
                    Weights.effectiveWeight(LAYER, f.weight(), f.conditions())));
        }
        classifier.publish(LAYER, List.of(SubLayer.of(Layer.SUBLAYER_UNIVERSAL, "universal", 0x8000)), filters);
        values = new IncomingValues[FLOWS];
        metadata = new Metadata[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            values[i] = packet(40000 + i);
            metadata[i] = classifier.newMetadata().setFlowHandle(flows.openFlow())
                    .setTimestampNanos(1_767_225_600_000_000_000L);
        }
        verdict = classifier.newVerdict();
        for (int i = 0; i < FLOWS; i++) {
            classifier.classify(LAYER, values[i], metadata[i], frame, verdict); // each flow's record exists
        }
    }

    private static void register(CalloutTable callouts, UUID key, Callout c) {
        callouts.register(key, c, null);
    }

    private IncomingValues packet(int localPort) {
        IncomingValues v = classifier.newIncomingValues(LAYER);
        v.set(Field.IP_PROTOCOL, Value.uint8(6));
        v.set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"));
        v.set(Field.IP_LOCAL_PORT, Value.uint16(localPort));
        v.set(Field.IP_REMOTE_ADDRESS, Value.address("192.0.2.10"));
        v.set(Field.IP_REMOTE_PORT, Value.uint16(443));
        return v;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (flowLog != null) {
            LoggingCommands.Status s = (LoggingCommands.Status) new LoggingCommands(flowLog).status();
            System.out.println("\nflow log: " + s.recordsWritten() + " flow records written, " + s.recordsDropped()
                    + " dropped; " + s.packetRecordsWritten() + " packet records written, "
                    + s.packetRecordsDropped() + " dropped (the writer keeps what it can; the packet path never waits)");
            flowLog.deactivate();
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One packet of an open flow through the engine at OUTBOUND_TRANSPORT_V4. */
    @Benchmark
    public long packet() {
        int i = next++ & (FLOWS - 1);
        classifier.classify(LAYER, values[i], metadata[i], frame, verdict);
        return verdict.filterId();
    }

    /** A flow's life: open, first packet (the record starts), FIN (the record is queued for the writer). */
    @Benchmark
    public long flow() {
        int i = next++ & (FLOWS - 1);
        long handle = flows.openFlow();
        Metadata m = metadata[i];
        long old = m.flowHandle();
        m.setFlowHandle(handle);
        classifier.classify(LAYER, values[i], m, frame, verdict);
        flows.closeFlow(handle, FlowEndReason.FIN);
        m.setFlowHandle(old);
        return handle;
    }

    /** An inspection callout that only answers CONTINUE. */
    private static final class Noop implements Callout {
        @Override
        public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                Object flowContext, weir.engine.api.ClassifyOut out) {
            if (out.hasWriteRight()) {
                out.setActionType(weir.engine.api.ActionType.CONTINUE);
            }
        }
    }

    /** A 60-byte TCP segment with ACK set, as the shim holds one (Ethernet, IPv4, TCP). */
    private static final class Frame implements LayerData {
        private final byte[] bytes = new byte[60];

        Frame() {
            bytes[14 + 20 + 13] = 0x10;
        }

        @Override
        public byte[] array() {
            return bytes;
        }

        @Override
        public int offset() {
            return 0;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public int networkOffset() {
            return 14;
        }

        @Override
        public int transportOffset() {
            return 34;
        }

        @Override
        public int payloadOffset() {
            return 54;
        }
    }

    /** The flow log's settings, as ConfigAdmin would give them. */
    private record Config(boolean packetRecords) implements FlowLogConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return FlowLogConfig.class;
        }

        @Override
        public String file() {
            return "";
        }

        @Override
        public int rotationSizeMb() {
            return 1; // a benchmark's lines are not worth keeping: 2 MiB of disk at most
        }

        @Override
        public int rotationCount() {
            return 1;
        }

        @Override
        public SummaryLevel summaryLogLevel() {
            return SummaryLevel.OFF;
        }

        @Override
        public int queueSize() {
            return 16384;
        }
    }
}
