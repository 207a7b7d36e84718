package weir.shim.pcap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * CoDel on a bridge's capture buffer, on a simulated clock (RFC 8289's behaviour): bursts that drain within
 * an interval pass, a standing queue is shed from at a rate rising with the square root of the drops, and a
 * queue that falls below the target or empties stops the shedding.
 */
class CoDelTest {
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long TARGET = 500 * US;
    private static final long INTERVAL = 10 * MS;

    @Test
    void framesBelowTheTargetAreNeverDropped() {
        CoDel c = new CoDel(TARGET, INTERVAL);
        for (long now = 0; now < 10_000 * MS; now += 100 * US) {
            assertFalse(c.drop(TARGET - 1, now));
        }
        assertEquals(0, c.shed());
    }

    @Test
    void aBurstShorterThanTheIntervalPasses() {
        CoDel c = new CoDel(TARGET, INTERVAL);
        // 9 ms of frames that waited 5 ms (a burst, or a pause of the packet thread), then the queue is gone
        for (long now = 0; now < 9 * MS; now += 10 * US) {
            assertFalse(c.drop(5 * MS, now), "at " + now);
        }
        c.empty();
        for (long now = 9 * MS; now < 30 * MS; now += 10 * US) {
            assertFalse(c.drop(100 * US, now));
        }
        assertEquals(0, c.shed());
    }

    @Test
    void aStandingQueueIsShedAtARateRisingWithTheSquareRootOfTheDrops() {
        CoDel c = new CoDel(TARGET, INTERVAL);
        List<Long> drops = new ArrayList<>();
        for (long now = 0; now < 200 * MS; now += 10 * US) {
            if (c.drop(2 * MS, now)) {
                drops.add(now);
            }
        }
        // the first drop one interval after the delay first stood above the target
        assertEquals(INTERVAL, drops.get(0), 10 * US);
        // then interval/sqrt(n) apart: 10, 7.07, 5.77, 5, 4.47 ms ...
        for (int n = 1; n < 6; n++) {
            double expected = INTERVAL / Math.sqrt(n);
            assertEquals(expected, drops.get(n) - drops.get(n - 1), 10 * US, "gap before drop " + (n + 1));
        }
        assertEquals(drops.size(), c.shed());
    }

    @Test
    void theSheddingStopsWhenTheDelayFallsBelowTheTargetOrTheQueueEmpties() {
        CoDel c = new CoDel(TARGET, INTERVAL);
        long now = 0;
        while (!c.drop(2 * MS, now)) {
            now += 10 * US;
        }
        assertFalse(c.drop(100 * US, now + 10 * US), "below the target: no drop, the dropping state ends");
        // standing again: a new interval must pass before the next drop
        assertFalse(c.drop(2 * MS, now + 20 * US));
        assertFalse(c.drop(2 * MS, now + 20 * US + INTERVAL / 2));
        assertTrue(c.drop(2 * MS, now + 30 * US + INTERVAL));
        c.empty();
        assertFalse(c.drop(2 * MS, now + 40 * US + INTERVAL), "an empty queue starts over");
    }

    @Test
    void aTargetOfZeroSwitchesItOff() {
        CoDel c = new CoDel(0, INTERVAL);
        for (long now = 0; now < 1_000 * MS; now += 100 * US) {
            assertFalse(c.drop(10_000 * MS, now));
        }
    }
}
