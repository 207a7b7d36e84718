package weir.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "a bad --policy must stop everything": with each kind of source, run again and again, Weir exits 2
 * with the file's FILE:LINE:COL lines before the source opens anything: no output file, no summary, no packet
 * socket on the interface, no packet forwarded. Each namespace test first shows, with a good policy, that the
 * same set-up does capture and forward, so that its "nothing happened" means something.
 */
class BadPolicyStopsEverythingIT {
    private static final int ROUNDS = 3;
    private static final String BAD = """
            {
              "filters": [
                { "name": "a", "layer": "INBOUND_TRANSPORT_V5", "action": "PERMIT" }
              ]
            }
            """;
    private static final String GOOD = """
            { "filters": [ { "name": "ok", "layer": "INBOUND_TRANSPORT_V4", "action": "PERMIT" } ] }
            """;

    @TempDir
    Path dir;
    private Path bad;
    private List<String> badLines;

    @BeforeEach
    void policies() throws IOException {
        bad = Files.writeString(dir.resolve("bad.json"), BAD).toAbsolutePath();
        Files.writeString(dir.resolve("good.json"), GOOD);
        badLines = List.of(bad + ":3:29: unknown layer 'INBOUND_TRANSPORT_V5' (did you mean INBOUND_TRANSPORT_V4?)",
                "weir: policy " + bad + ": 1 error; nothing was imported");
    }

    /** Exit 2, exactly the policy's lines on standard error, nothing on standard output (no summary). */
    private void assertRefused(Weir.Result r) {
        assertEquals(2, r.exit(), r.toString());
        assertEquals(badLines, r.errLines(), r.toString());
        assertEquals("", r.out(), "no summary, nothing on standard output: " + r);
    }

    @Test
    void replayInBatchModeWritesNothing() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            Weir.Result r = Weir.run(dir, "--policy", "bad.json", "--replay", ReplayIT.demo("demo.pcap").toString(),
                    "--local", "10.0.0.2", "--permitted", "p.pcap", "--dropped", "d.pcap", "--batch");
            assertRefused(r);
            assertFalse(Files.exists(dir.resolve("p.pcap")), "round " + i + ": no permitted file");
            assertFalse(Files.exists(dir.resolve("d.pcap")), "round " + i + ": no dropped file");
        }
        // the same command with a good policy writes both files: the refusal above is the policy's doing
        Weir.Result ok = Weir.run(dir, "--policy", "good.json", "--replay", ReplayIT.demo("demo.pcap").toString(),
                "--local", "10.0.0.2", "--permitted", "p.pcap", "--dropped", "d.pcap", "--batch");
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(Files.size(dir.resolve("p.pcap")) > 24, ok.toString());
        assertEquals(List.of("weir: policy " + dir.resolve("good.json").toAbsolutePath()
                + ": 1 filter, 0 sublayers, 0 providers, 0 callouts imported"), ok.errLines(),
                "the imported line is on standard error: " + ok);
        assertTrue(ok.out().startsWith("Weir offline: "), "standard output is the summary only: " + ok);
    }

    @Test
    void replayWithTheShellOpenWritesNothing() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            try (Weir weir = Weir.start(dir, "--policy", "bad.json", "--replay",
                    ReplayIT.demo("demo.pcap").toString(), "--permitted", "p.pcap")) {
                // standard input stays open: the bad policy alone ends Weir
                assertRefused(weir.awaitExit(Weir.EXIT));
            }
            assertFalse(Files.exists(dir.resolve("p.pcap")), "round " + i + ": no permitted file");
        }
    }

    @Test
    void liveCaptureNeverOpensTheInterface() throws Exception {
        try (Netns ns = Netns.create()) {
            int ifindex = Netns.ifindex(ns.insidePort);
            // control: with a good policy the monitor opens a packet socket on the interface (then it is killed:
            // this part only shows that the watch below sees a capture when there is one)
            try (Weir weir = Weir.start(dir, "--policy", "good.json", "--live", ns.insidePort, "--batch")) {
                assertTrue(awaitSocket(ifindex, weir), "the monitor opened no packet socket on " + ns.insidePort
                        + "\n" + weir.out() + weir.err());
            }
            for (int i = 0; i < ROUNDS; i++) {
                Watch watch = Watch.start(ifindex);
                Weir.Result r = Weir.run(dir, "--policy", "bad.json", "--live", ns.insidePort, "--batch");
                watch.stop();
                assertRefused(r);
                assertEquals(0, watch.most(), "round " + i + ": a packet socket was bound to " + ns.insidePort);
            }
        }
    }

    @Test
    void bridgeForwardsNothing() throws Exception {
        try (Netns ns = Netns.create()) {
            Assumptions.assumeTrue(Netns.run("ping", "-V") == 0, "this test needs ping");
            String bridge = ns.insidePort + "," + ns.outsidePort;
            // control: with a good policy, ping crosses Weir's bridge
            try (Weir weir = Weir.start(dir, "--policy", "good.json", "--bridge", bridge, "--batch")) {
                boolean crossed = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!crossed && System.nanoTime() < deadline && weir.process().isAlive()) {
                    crossed = ns.in(ns.nsA, "ping", "-c", "1", "-W", "1", Netns.B_ADDRESS).exit() == 0;
                }
                assertTrue(crossed, "ping crossed the bridge with a good policy\n" + weir.out() + weir.err());
            }
            int a = Netns.ifindex(ns.insidePort);
            int b = Netns.ifindex(ns.outsidePort);
            for (int i = 0; i < ROUNDS; i++) {
                Path pingLog = dir.resolve("ping-" + i + ".txt");
                // pings all through Weir's start and refusal (and a little after): not one gets an answer
                Process ping = ns.start(ns.nsA, pingLog, "ping", "-i", "0.05", "-W", "1", Netns.B_ADDRESS);
                Watch watchA = Watch.start(a);
                Watch watchB = Watch.start(b);
                Weir.Result r = Weir.run(dir, "--policy", "bad.json", "--bridge", bridge, "--batch");
                watchA.stop();
                watchB.stop();
                Thread.sleep(300);
                Netns.run("kill", "-INT", Long.toString(ping.pid())); // SIGINT: ping prints its statistics
                assertTrue(ping.waitFor(10, TimeUnit.SECONDS), "ping ended");
                assertRefused(r);
                assertEquals(0, watchA.most() + watchB.most(), "round " + i + ": a packet socket was opened");
                String stats = Files.readString(pingLog);
                Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(stats);
                assertTrue(m.find(), stats);
                assertTrue(Integer.parseInt(m.group(1)) > 5, "ping ran while Weir refused: " + stats);
                assertEquals("0", m.group(2), "round " + i + ": a ping crossed: " + stats);
            }
        }
    }

    /** Waits until a packet socket is bound to the interface, or Weir ended, or a minute passed. */
    private static boolean awaitSocket(int ifindex, Weir weir) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && weir.process().isAlive()) {
            if (Netns.packetSockets(ifindex) > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Samples the packet sockets on one interface every few milliseconds, keeping the most seen. */
    private static final class Watch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger most = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        static Watch start(int ifindex) {
            Watch w = new Watch();
            Thread t = new Thread(() -> {
                while (w.running.get()) {
                    w.most.accumulateAndGet(Netns.packetSockets(ifindex), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "packet-socket-watch");
            t.setDaemon(true);
            t.start();
            w.threads.add(t);
            return w;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
        }

        int most() {
            return most.get();
        }
    }
}
