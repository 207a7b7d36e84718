package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.Classifier;
import weir.engine.api.Field;
import weir.engine.api.FilterEngine;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Value;
import weir.engine.api.Verdict;

/**
 * wfp:events for a replay of an old capture: events carry the packet's time and the time Weir recorded them;
 * {@code --since 5m} counts back on the wall clock (it finds what a replay just did), {@code --since INSTANT}
 * compares with the packet's time. {@code --follow} prints events as they are recorded until the piped
 * input ends.
 */
@ExtendWith(ServiceExtension.class)
class EventsIT {
    /** 2020-01-01T00:00:00Z: a capture's time, long before the test runs. */
    private static final long CAPTURE_NANOS = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

    @InjectService(timeout = 5000)
    CommandProcessor processor;
    @InjectService(timeout = 5000)
    FilterEngine engine;
    @InjectService(timeout = 5000)
    Classifier classifier;
    private Gogo gogo;
    private String filter;

    @BeforeEach
    void open() throws Exception {
        gogo = new Gogo(processor);
        filter = gogo.print("wfp:filter-add --no-format --layer INBOUND_TRANSPORT_V4 --action BLOCK --name 'no telnet'"
                + " 'local.port == 23'").split("\t")[0];
    }

    @AfterEach
    void close() {
        gogo.close();
        CleanEngine.clean(engine);
    }

    /** A blocked packet from a capture of 2020, {@code port} as its remote port. */
    private void replayed(int port) {
        IncomingValues v = classifier.newIncomingValues(Layer.INBOUND_TRANSPORT_V4)
                .set(Field.IP_PROTOCOL, Value.uint8(6))
                .set(Field.IP_LOCAL_ADDRESS, Value.address("10.0.0.2"))
                .set(Field.IP_REMOTE_ADDRESS, Value.address("198.51.100.7"))
                .set(Field.IP_LOCAL_PORT, Value.uint16(23))
                .set(Field.IP_REMOTE_PORT, Value.uint16(port));
        Verdict out = classifier.newVerdict();
        classifier.classify(Layer.INBOUND_TRANSPORT_V4, v,
                classifier.newMetadata().setTimestampNanos(CAPTURE_NANOS + port * 1_000_000L), null, out);
        assertTrue(out.isBlock());
    }

    @Test
    void sinceAnAgeFindsWhatAReplayJustDidSinceAnInstantComparesThePacketsTime() throws Exception {
        replayed(40001);
        List<String> recent = gogo.print("wfp:events --no-format --since 5m --filter " + filter).lines().toList();
        assertEquals(1, recent.size(), "recorded within the last five minutes, though captured in 2020: " + recent);
        String[] e = recent.get(0).split("\t", -1);
        assertTrue(e[0].startsWith("2020-01-01T00:00:40.001Z"), "TIME is the packet's: " + e[0]);
        Instant recorded = Instant.parse(e[10]);
        assertTrue(recorded.isAfter(Instant.now().minusSeconds(300)), "RECORDED is when Weir saw it: " + e[10]);
        assertEquals("", gogo.print("wfp:events --no-format --since 2021-01-01T00:00:00Z --filter " + filter),
                "an instant selects by the packet's own time");
        assertEquals(1, gogo.print("wfp:events --no-format --since 2019-12-31T00:00:00Z --filter " + filter)
                .lines().count());
        String table = gogo.print("wfp:events --filter " + filter);
        assertTrue(table.lines().findFirst().orElse("").endsWith("RECORDED"), table);
        assertTrue(gogo.print("wfp:events --help").contains("--since 5m selects by RECORDED"));
    }

    @Test
    void followPrintsEventsAsTheyAreRecordedUntilThePipedInputEnds() throws Exception {
        replayed(40001); // before the follow: not shown without --since
        AtomicReference<String> input = new AtomicReference<>("open");
        gogo.session().put(".weir.input", (Supplier<String>) input::get);
        CompletableFuture<Object> follow = CompletableFuture.supplyAsync(() -> {
            try {
                return gogo.run("wfp:events --follow --filter " + filter);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitOut(out -> out.startsWith("TIME "), "the header (the follow has subscribed)");
        replayed(40002);
        replayed(40003);
        String shown = awaitOut(out -> out.contains(":40003"), "the two new events");
        List<String> lines = shown.lines().toList();
        assertEquals(3, lines.size(), shown);
        assertTrue(lines.get(1).contains("198.51.100.7:40002") && lines.get(2).contains("198.51.100.7:40003"),
                "oldest first, one line each: " + shown);
        assertFalse(shown.contains(":40001"), "the follow starts now: " + shown);
        assertEquals(lines.get(0).indexOf("LAYER"), lines.get(1).indexOf("INBOUND_TRANSPORT_V4"),
                "rows printed apart line up under the header");
        assertFalse(follow.isDone(), "it goes on while the input is open");
        input.set("ended");
        assertNull(follow.get(10, TimeUnit.SECONDS), "it ends with the input, and prints nothing more");
    }

    @Test
    void followWithSinceShowsTheEventsBeforeItFirst() throws Exception {
        replayed(40001);
        gogo.session().put(".weir.input", (Supplier<String>) () -> "ended");
        // the input has ended already: the backlog is printed, and the follow ends at once
        gogo.run("wfp:events --follow --no-format --since 5m --filter " + filter);
        List<String> lines = gogo.takeOut().lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("198.51.100.7:40001\tinbound"), lines.get(0));
    }

    private String awaitOut(java.util.function.Predicate<String> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.test(gogo.out())) {
            assertTrue(System.nanoTime() < deadline, "within 20 s: " + what + "\n" + gogo.out());
            Thread.sleep(20);
        }
        return gogo.out();
    }
}
