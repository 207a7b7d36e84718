package weir.engine.core.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.CalloutStatistics;
import weir.engine.api.ClassifyOut;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerData;
import weir.engine.api.Metadata;
import weir.engine.api.WfpException;
import weir.engine.core.Allocations;

/**
 * D13's time budget on a registration: every call measured, the slowest kept with their filter, layer and
 * moment, and a run of calls over the budget quarantines — without allocating and without losing a count when
 * many threads record at once.
 */
class SlowCallsTest {
    private static final long MS = 1_000_000;
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final CalloutTable table = new CalloutTable(new FlowTable());
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Registration register() {
        UUID k = UUID.randomUUID();
        table.register(k, (IncomingValues v, Metadata m, LayerData d, Filter f, Object c, ClassifyOut o) -> { },
                null);
        return table.lookup(k);
    }

    @Test
    void d13_callsOverTheBudgetInARowQuarantineAndACallWithinItEndsTheRun() {
        table.setSlowCallLimits(100, 3);
        Registration r = register();
        r.succeeded(150 * MS, 7, L);
        r.failed(new IllegalStateException("slow and wrong"), 101 * MS, 7, L); // a slow failure is slow too
        assertEquals(2, r.consecutiveSlowCalls());
        r.succeeded(100 * MS, 7, L); // exactly the budget is within it
        assertEquals(0, r.consecutiveSlowCalls());
        r.succeeded(200 * MS, 7, L);
        r.succeeded(300 * MS, 8, Layer.STREAM_V4);
        assertFalse(r.quarantined());
        assertEquals(0, r.quarantineCause());
        r.succeeded(5_000 * MS, 9, L);
        assertTrue(r.quarantined());
        assertEquals(Registration.SLOW_CALLS, r.quarantineCause());
        assertEquals(5, r.slowCalls());
        assertEquals(3, r.consecutiveSlowCalls());

        CalloutStatistics s = r.statistics();
        assertEquals(6, s.calls());
        assertEquals(5, s.slowCalls());
        assertEquals(3, s.consecutiveSlowCalls());
        CalloutStatistics.Call worst = s.slowestCalls().get(0);
        assertEquals(5_000 * MS, worst.nanos());
        assertEquals(9, worst.filterId());
        assertEquals(L, worst.layer());
        assertTrue(worst.overBudget());
        assertFalse(s.slowestCalls().get(s.slowestCalls().size() - 1).overBudget(), "100 ms is within the budget");

        table.resetQuarantine(r.key());
        assertFalse(r.quarantined());
        assertEquals(0, r.consecutiveSlowCalls());
        assertEquals(0, r.consecutiveFailures());
        assertEquals(5, r.slowCalls(), "reset clears the runs, not the history");
        assertEquals(6, r.slowestCalls().size());
    }

    @Test
    void d13_failuresAndSlownessNameTheirOwnCause() {
        table.setQuarantineThreshold(2);
        table.setSlowCallLimits(100, 3);
        Registration r = register();
        r.failed("no action", 1_000, 1, L);
        r.failed("no action", 1_000, 1, L);
        assertEquals(Registration.FAILURES, r.quarantineCause());
        // a later run of slow calls does not rename the cause of a quarantine already in force
        for (int i = 0; i < 3; i++) {
            r.succeeded(200 * MS, 1, L);
        }
        assertEquals(Registration.FAILURES, r.quarantineCause());
    }

    @Test
    void d13_noBudgetMeasuresButNeverQuarantinesForSlowness() {
        table.setSlowCallLimits(0, 1);
        Registration r = register();
        for (int i = 0; i < 10; i++) {
            r.succeeded(60_000 * MS, 1, L);
        }
        assertFalse(r.quarantined());
        assertEquals(0, r.slowCalls());
        assertEquals(60_000 * MS, r.maxNanos());
        assertEquals(60_000 * MS, r.slowestCalls().get(0).nanos());
        assertFalse(r.slowestCalls().get(0).overBudget());
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertEquals(ErrorCode.OUT_OF_BOUNDS,
                assertThrows(WfpException.class, () -> table.setSlowCallLimits(-1, 3)).error());
        assertEquals(ErrorCode.OUT_OF_BOUNDS,
                assertThrows(WfpException.class, () -> table.setSlowCallLimits(100, 0)).error());
        assertEquals(100 * MS, table.budgetNanos(), "unchanged by a refused call");
    }

    @Test
    void theSlowestCallsAreKeptWithTheirFilterLayerAndMoment() {
        Registration r = register();
        Instant before = Instant.now().minusMillis(1);
        Random random = new Random(11);
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            long nanos = 1 + random.nextInt(1_000_000);
            long filter = 1 + random.nextInt(50);
            Layer layer = Layer.values()[random.nextInt(Layer.values().length)];
            all.add(new long[] {nanos, filter, layer.ordinal()});
            r.succeeded(nanos, filter, layer);
        }
        Instant after = Instant.now().plusMillis(1);
        all.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
        List<CalloutStatistics.Call> kept = r.slowestCalls();
        assertEquals(SlowestCalls.SIZE, kept.size());
        for (int i = 0; i < kept.size(); i++) {
            CalloutStatistics.Call c = kept.get(i);
            assertEquals(all.get(i)[0], c.nanos(), "rank " + i);
            // equal durations may swap places; the filter and layer go with the duration
            long[] match = all.stream().filter(a -> a[0] == c.nanos() && a[1] == c.filterId()
                    && a[2] == c.layer().ordinal()).findFirst().orElse(null);
            assertTrue(match != null, "call " + c + " was never made");
            assertFalse(c.at().isBefore(before) || c.at().isAfter(after), c.at().toString());
        }
        assertEquals(all.get(0)[0], r.maxNanos());
    }

    @Test
    void concurrentCallsLoseNoCountAndKeepTheTrueSlowest() throws Exception {
        int threads = 8;
        int perThread = 50_000;
        table.setSlowCallLimits(100, Integer.MAX_VALUE);
        Registration r = register();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    long nanos = durationOf(thread, i, threads);
                    if ((i & 1) == 0) {
                        r.succeeded(nanos, thread + 1, L);
                    } else {
                        r.failed("x", nanos, thread + 1, L);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        long total = (long) threads * perThread;
        assertEquals(total, r.calls());
        assertEquals(total / 2, r.errors());
        long over = 0;
        List<Long> every = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                long n = durationOf(t, i, threads);
                every.add(n);
                if (n > 100 * MS) {
                    over++;
                }
            }
        }
        assertTrue(over > 0 && over < total, "the test's durations straddle the budget");
        assertEquals(over, r.slowCalls());
        every.sort(Comparator.reverseOrder());
        List<CalloutStatistics.Call> kept = r.slowestCalls();
        assertEquals(SlowestCalls.SIZE, kept.size());
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(every.get(i).longValue(), kept.get(i).nanos(), "rank " + i);
            long thread = kept.get(i).filterId() - 1;
            assertEquals(0, (kept.get(i).nanos() - 1 - thread * 1_000) % (threads * 1_000L),
                    "the filter recorded with a duration is the one that made that call");
        }
    }

    /** Distinct durations, interleaved across threads, from 1 ns up to 400 ms. */
    private static long durationOf(int thread, int i, int threads) {
        return 1 + ((long) i * threads + thread) * 1_000;
    }

    @Test
    void recordingAllocatesNothingEvenWhenEveryCallIsTheSlowestYet() {
        table.setSlowCallLimits(1, Integer.MAX_VALUE);
        Registration r = register();
        long[] next = {1};
        long bytes = Allocations.during(() -> {
            for (int i = 0; i < 10_000; i++) {
                long n = next[0]++ * 1_000; // ever slower: each call replaces a kept one; later ones are over budget
                if ((i & 1) == 0) {
                    r.succeeded(n, i, L);
                } else {
                    r.failed("no action", n, i, L);
                }
            }
        });
        assertEquals(0, bytes, "bytes allocated while recording calls");
        assertTrue(r.slowCalls() > 0);
    }
}
