package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weir.engine.api.ActionType;
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
import weir.shim.pcap.path.ReauthWatch;

/**
 * The bridge's flow queue on real interfaces (namespaces the test makes and removes): a burst of one flow
 * (300 echo requests) waits in the capture buffer while a callout holds the packet thread up, then one UDP
 * datagram of another flow arrives behind it. With the flow queue the datagram is judged (and so sent)
 * before the burst's backlog; in arrival order ({@code flowQueueFrames=0}) after all of it, which shows the
 * test can tell the two apart. Every frame of both flows is judged once either way. Skipped with one line
 * without root, iproute2, ping, bash or libpcap.
 */
class BridgeFlowQueueTest {
    private static final int BURST = 300;

    @TempDir
    Path dir;

    private Netns net;
    private RealEngine engine;
    private ShimRun run;
    private Thread thread;

    @AfterEach
    void teardown() throws InterruptedException {
        if (run != null) {
            run.close();
        }
        if (thread != null) {
            thread.join(10_000);
        }
        if (engine != null) {
            engine.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aSparseFlowsFrameOvertakesABurstWithTheFlowQueue() throws Exception {
        int before = echoesJudgedBeforeTheDatagram(LiveSettings.DEFAULT_FLOW_QUEUE_FRAMES);
        assertTrue(before < BURST / 4, "the datagram was judged after " + before + " of " + BURST
                + " echo requests that arrived before it");
    }

    @Test
    void withSendThreadsASparseFlowsFrameOvertakesTheBurstToo() throws Exception {
        int before = echoesJudgedBeforeTheDatagram(LiveSettings.DEFAULT_FLOW_QUEUE_FRAMES, true);
        assertTrue(before < BURST / 4, "the datagram was judged after " + before + " of " + BURST
                + " echo requests that arrived before it");
    }

    @Test
    void withTheSmallestSendQueueTheBurstWaitsInTheFlowQueueAndTheSparseFrameStillOvertakes() throws Exception {
        // sendQueueFrames at its least: the send thread holds 16 of the burst at a time, the rest waits in the
        // flow queue (none lost: the helper counts every echo request judged once), and the datagram still
        // goes ahead of them
        int before = echoesJudgedBeforeTheDatagram(LiveSettings.DEFAULT_FLOW_QUEUE_FRAMES, true, 1);
        assertTrue(before < BURST / 4, "the datagram was judged after " + before + " of " + BURST
                + " echo requests that arrived before it");
    }

    @Test
    void inArrivalOrderTheSameFrameWaitsBehindTheBurst() throws Exception {
        int before = echoesJudgedBeforeTheDatagram(0);
        assertTrue(before >= BURST * 9 / 10, "the datagram was judged after " + before + " of " + BURST
                + " echo requests");
    }

    /** How many of the burst's echo requests were judged before the UDP datagram that arrived after them. */
    private int echoesJudgedBeforeTheDatagram(int flowQueueFrames) throws Exception {
        return echoesJudgedBeforeTheDatagram(flowQueueFrames, false);
    }

    private int echoesJudgedBeforeTheDatagram(int flowQueueFrames, boolean sendThreads) throws Exception {
        return echoesJudgedBeforeTheDatagram(flowQueueFrames, sendThreads, LiveSettings.DEFAULT_SEND_QUEUE_FRAMES);
    }

    private int echoesJudgedBeforeTheDatagram(int flowQueueFrames, boolean sendThreads, int sendQueueFrames)
            throws Exception {
        // CoDel off: the burst waits a second, and none of it may be shed whatever the machine's load
        LiveSettings settings = LiveSettings.of(LiveSettings.DEFAULT_BUFFER_MIB, 0,
                LiveSettings.DEFAULT_QUEUE_INTERVAL_MILLIS, sendThreads, LiveSettings.DEFAULT_REALTIME_PRIORITY,
                flowQueueFrames, sendQueueFrames);
        assertEquals(Math.max(16, sendQueueFrames), settings.sendQueueFrames(), "bounded below by one batch's worth");
        Corpus.assumeLibpcap();
        Assumptions.assumeTrue(Netns.run("ping", "-V") == 0, "flow queue tests need ping");
        Assumptions.assumeTrue(Netns.run("bash", "-c", "true") == 0, "flow queue tests need bash (/dev/udp)");
        net = Netns.create();
        engine = new RealEngine();
        BridgeSource source = new BridgeSource(net.insidePort, net.outsidePort, settings);
        run = ShimRun.open(1, source, LocalAddresses.none(), engine.classifier(), engine.flowContexts(),
                new ReauthWatch(), ShimSettings.defaults());
        thread = new Thread(run::runHere, "flow-queue-test-bridge");
        thread.setDaemon(true);
        thread.start();

        // echo requests from A: the first holds the packet thread up for a second, all are counted
        CountDownLatch held = new CountDownLatch(1);
        AtomicInteger echoes = new AtomicInteger();
        AtomicInteger echoesAtDatagram = new AtomicInteger(-1);
        Callout icmp = new Callout() {
            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                echoes.incrementAndGet();
                if (held.getCount() > 0) {
                    held.countDown();
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (out.hasWriteRight()) {
                    out.setActionType(ActionType.CONTINUE);
                }
            }
        };
        Callout udp = new Callout() {
            @Override
            public void classify(IncomingValues values, Metadata metadata, LayerData layerData, Filter filter,
                    Object flowContext, ClassifyOut out) {
                echoesAtDatagram.compareAndSet(-1, echoes.get());
                if (out.hasWriteRight()) {
                    out.setActionType(ActionType.CONTINUE);
                }
            }
        };
        engine.add(Filter.of("count echoes", Layer.OUTBOUND_TRANSPORT_V4,
                FilterAction.calloutInspection(engine.register(icmp, Layer.OUTBOUND_TRANSPORT_V4)))
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(1))));
        engine.add(Filter.of("note the datagram", Layer.OUTBOUND_TRANSPORT_V4,
                FilterAction.calloutInspection(engine.register(udp, Layer.OUTBOUND_TRANSPORT_V4)))
                .withConditions(Condition.equal(Field.IP_PROTOCOL, Value.uint8(17))));

        Process burst = net.start(net.nsA, dir.resolve("burst.txt"), "ping", "-f", "-q", "-l", Integer.toString(BURST),
                "-c", Integer.toString(BURST), "-s", "1000", "-W", "1", Netns.B_ADDRESS);
        assertTrue(held.await(10, TimeUnit.SECONDS), "the first echo request was judged");
        // the preloaded burst is sent at once; the datagram goes after it, while the thread is still held up
        Thread.sleep(300);
        Netns.Result sent = net.in(net.nsA, "bash", "-c", "echo weir > /dev/udp/" + Netns.B_ADDRESS + "/9999");
        assertEquals(0, sent.exit(), sent.output());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((echoesAtDatagram.get() < 0 || echoes.get() < BURST) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        burst.waitFor(30, TimeUnit.SECONDS);
        assertTrue(echoesAtDatagram.get() >= 0, "the datagram was judged");
        assertEquals(BURST, echoes.get(), "every echo request was judged once (none shed: a burst, not a queue)");
        return echoesAtDatagram.get();
    }
}
