package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
import weir.engine.api.Direction;
import weir.engine.api.InjectionState;
import weir.engine.api.Callout;
import weir.engine.api.ClassifyOut;
import weir.engine.api.Condition;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.Value;
import weir.shim.pcap.Corpus;
import weir.shim.pcap.RealEngine;
import weir.shim.pcap.live.LiveSettings;
import weir.shim.pcap.path.LocalAddresses;
import weir.shim.pcap.path.ShimInjector;
import weir.shim.pcap.path.ReauthWatch;

/**
 * Bridge mode for real: Weir (in this JVM, with the real engine) bridges two network namespaces that the test
 * makes and removes. Ping crosses the bridge, and stops crossing it when an ICMP BLOCK filter is added;
 * TCP with nc crosses it; a port blocked at ALE_AUTH_CONNECT does not connect; the end of a TCP connection
 * runs the flowDelete of a callout that holds a context on its flow; a callout that absorbs the echo
 * requests and injects copies gets its copies across in their place. Skipped with one line without root,
 * iproute2, libpcap, or the tool a test execs (ping; nc and ethtool). {@link BridgeSendThreadsTest} runs the
 * same with a send thread per interface.
 */
class BridgeTest {
    @TempDir
    Path dir;

    private Netns net;
    private RealEngine engine;
    private ShimRun run;
    private final List<Object> deleted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void bridge() throws Exception {
        Corpus.assumeLibpcap();
        org.junit.jupiter.api.Assumptions.assumeTrue(Netns.run("ping", "-V") == 0, "bridge tests need ping");
        net = Netns.create();
        engine = new RealEngine();
        run = ShimRun.open(1, new BridgeSource(net.insidePort, net.outsidePort, settings()), LocalAddresses.none(),
                engine.classifier(), engine.flowContexts(), new ReauthWatch(), ShimSettings.defaults());
        run.start(() -> { }, r -> { });
    }

    /** How the bridge captures and sends (the default: the packet thread sends too). */
    LiveSettings settings() {
        return LiveSettings.defaults().withSendThreads(false);
    }

    @AfterEach
    void teardown() {
        if (run != null) {
            run.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private boolean ping() throws Exception {
        return net.in(net.nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", Netns.B_ADDRESS).exit() == 0;
    }

    @Test
    void pingCrossesTheBridgeUntilAnIcmpBlockFilter() throws Exception {
        Tools.assume("ping");
        assertTrue(ping(), "ping from A to B across the bridge");
        assertEquals(settings().sendThreads(), run.source().details().get("send_threads"));
        assertTrue(run.counters().permittedCount() > 0);
        assertEquals(0, run.counters().droppedCount());
        // from A is outbound: the echo requests meet OUTBOUND_TRANSPORT_V4
        engine.add(Filter.of("no icmp out", Layer.OUTBOUND_TRANSPORT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(1))));
        assertTrue(!ping(), "ping blocked");
        assertTrue(run.counters().droppedCount() >= 3, run.counters().droppedCount() + " dropped");
        assertEquals(ShimRun.State.RUNNING, run.state(), run.failure());
    }

    /**
     * The threads that move frames run SCHED_FIFO at the configured priority (the packet thread, and each send
     * thread when there are send threads but no flow queue: with a flow queue the send threads are ordinary, so
     * that a saturated sender cannot run out the real-time budget); nothing else of Weir's does. As root, the
     * kernel's own view.
     */
    @Test
    void packetAndSendThreadsRunRealTime() throws Exception {
        Tools.assume("ping");
        assertTrue(ping(), "ping from A to B across the bridge");
        int priority = settings().realtimePriority();
        assertEquals("SCHED_FIFO " + priority, run.source().details().get("packet_thread"));
        int fifo = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).strip();
                String stat = Files.readString(task.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                int policy = Integer.parseInt(f[41 - 3]);
                if (policy != 0) {
                    assertTrue(comm.startsWith("weir-shim-"), comm + " runs with policy " + policy);
                    assertEquals(1, policy, comm);
                    assertEquals(priority, Integer.parseInt(f[40 - 3]), comm);
                    fifo++;
                }
            }
        }
        // Linux shows 15 characters of a thread's name: "weir-shim-bridg" is the packet thread
        // (and the drop watcher, which stays ordinary), "weir-shim-send-" a send thread
        boolean realtimeSenders = settings().sendThreads() && settings().flowQueueFrames() == 0;
        assertEquals(realtimeSenders ? 3 : 1, fifo, "threads running SCHED_FIFO");
    }

    @Test
    void tcpCrossesTheBridgeABlockedPortDoesNotAndFlowEndsRunFlowDelete() throws Exception {
        Tools.assume("nc");
        Tools.assume("ethtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(net.softwareChecksums(),
                "bridge TCP tests need ethtool (veth checksum offload off); install ethtool");
        engine.add(Filter.of("no 8081", Layer.ALE_AUTH_CONNECT_V4, FilterAction.block())
                .withConditions(Condition.equal(Field.IP_REMOTE_PORT, Value.uint16(8081))));
        Callout holder = new Callout() {
            private int id;

            @Override
            public void registered(int calloutId) {
                id = calloutId;
            }

            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                if (flowContext == null && metadata.flowHandle() != 0) {
                    engine.flows.associate(metadata.flowHandle(), filter.layer(), id, "flow " + metadata.flowHandle());
                }
                if (out.hasWriteRight()) {
                    out.setActionType(ActionType.CONTINUE);
                }
            }

            @Override
            public void flowDelete(Layer layer, int calloutId, Object flowContext) {
                deleted.add(flowContext);
            }
        };
        engine.add(Filter.of("hold tcp flows", Layer.ALE_FLOW_ESTABLISHED_V4,
                FilterAction.calloutInspection(engine.register(holder, Layer.ALE_FLOW_ESTABLISHED_V4)))
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(6))));
        Path received = dir.resolve("received.txt");
        net.start(net.nsB, received, "nc", "-l", "8080");
        net.start(net.nsB, dir.resolve("other.txt"), "nc", "-l", "8081");
        Thread.sleep(300); // the listeners bind (a connect before that is refused, and the test would retry)
        Netns.Result sent = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            sent = net.in(net.nsA, "sh", "-c", "echo hello-over-weir | nc -N -w 3 " + Netns.B_ADDRESS + " 8080");
            if (sent.exit() == 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(0, sent.exit(), sent.output());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.readString(received).contains("hello-over-weir") || deleted.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "within 5000 ms: received '" + Files.readString(received)
                    + "', flowDelete calls " + deleted);
            Thread.sleep(20);
        }
        assertEquals(1, deleted.size(), "the connection's end released its context once: " + deleted);
        Netns.Result blocked = net.in(net.nsA, "nc", "-z", "-w", "2", Netns.B_ADDRESS, "8081");
        assertNotEquals(0, blocked.exit(), "port 8081 is blocked at ALE_AUTH_CONNECT: " + blocked.output());
        assertTrue(run.counters().droppedCount() > 0);
    }

    @Test
    void aCalloutsInjectedCopiesCrossTheBridgeInTheAbsorbedOriginalsPlace() throws Exception {
        ShimInjector injector = run.injector();
        Object handle = injector.createHandle("bridge test");
        List<InjectionState> seen = new CopyOnWriteArrayList<>();
        Callout copier = new Callout() {
            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                InjectionState state = injector.state(handle, metadata);
                seen.add(state);
                if (state == InjectionState.INJECTED_BY_SELF) {
                    out.setActionType(ActionType.PERMIT);
                    return;
                }
                byte[] a = layerData.array();
                int ip = layerData.networkOffset();
                int length = ((a[ip + 2] & 0xFF) << 8) | (a[ip + 3] & 0xFF);
                injector.inject(handle, Direction.OUTBOUND, Arrays.copyOfRange(a, ip, ip + length), 0, length,
                        metadata);
                out.setActionType(ActionType.BLOCK);
                out.setAbsorb();
                out.clearWriteRight();
            }
        };
        engine.add(Filter.of("copy echo requests", Layer.OUTBOUND_TRANSPORT_V4,
                FilterAction.calloutTerminating(engine.register(copier, Layer.OUTBOUND_TRANSPORT_V4)))
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(1))));
        assertTrue(ping(), "the copies of the echo requests reach B (the originals were absorbed)");
        // an absorbed original whose copy passed counts as permitted, as that copy (permitted_as_copies)
        assertTrue(run.counters().replacedCount() >= 3, run.counters().replacedCount() + " absorbed and replaced");
        assertEquals(0, run.counters().absorbedCount(), "no original was absorbed without its copy passing");
        assertTrue(run.counters().injectedPermittedCount() >= 3, run.counters().injectedPermittedCount()
                + " injected copies permitted");
        assertTrue(seen.contains(InjectionState.NOT_INJECTED) && seen.contains(InjectionState.INJECTED_BY_SELF),
                seen.toString());
    }
}
