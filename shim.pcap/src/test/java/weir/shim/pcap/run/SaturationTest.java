package weir.shim.pcap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A saturated packet thread spends 800 ms of each second real-time and 200 ms at nice -20, so it never runs out
 * the kernel's real-time budget (950 ms a second); a thread that waits for frames stays real-time.
 */
class SaturationTest {
    private static final long W = Saturation.WINDOW_NANOS;

    @Test
    void aSaturatedThreadIsEasedForTwoWindowsAfterEightAndNeverRunsMoreThan800MsOfASecondRealTime() {
        int state = 0;
        StringBuilder pattern = new StringBuilder();
        for (int window = 0; window < 50; window++) {
            pattern.append(Saturation.eased(state) ? 'e' : 'F');
            state = Saturation.next(state, 0, W); // busy the whole window
        }
        assertEquals("FFFFFFFFeeFFFFFFFFeeFFFFFFFFeeFFFFFFFFeeFFFFFFFFee", pattern.toString());
        // any ten consecutive windows (any second) hold at most eight real-time ones
        for (int i = 0; i + 10 <= pattern.length(); i++) {
            long fifo = pattern.substring(i, i + 10).chars().filter(c -> c == 'F').count();
            assertTrue(fifo <= 8, "real-time windows in a second from " + i + ": " + fifo);
        }
    }

    @Test
    void aWindowInWhichTheThreadWaitedEndsTheCount() {
        int state = 0;
        for (int i = 0; i < 7; i++) {
            state = Saturation.next(state, W * 9 / 100, W); // waited 9%: busy (a thread at 91% would run out 95%)
        }
        assertEquals(7, state);
        state = Saturation.next(state, W / 10, W); // waited 10%: not saturated
        assertEquals(0, state);
        assertFalse(Saturation.eased(state));
    }

    @Test
    void anEasedThreadComesBackAfterTwoWindowsWhateverItDid() {
        assertEquals(-2, Saturation.next(-1, W, W));
        assertEquals(0, Saturation.next(-2, 0, W));
        assertTrue(Saturation.eased(-1));
        assertTrue(Saturation.eased(-2));
    }

    @Test
    void anEmptyWindowIsNotBusy() {
        assertEquals(0, Saturation.next(5, 0, 0));
    }
}
