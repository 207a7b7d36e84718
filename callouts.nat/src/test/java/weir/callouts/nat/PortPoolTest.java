package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The lock-free port bitmap: every port once, -1 when exhausted, freed ports come back, edges of the range. */
class PortPoolTest {

    @Test
    void handsOutEveryPortOfTheRangeExactlyOnceThenNone() {
        PortPool pool = new PortPool(65000, 65535); // 536 ports: 8 full words and a partial one
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < pool.capacity(); i++) {
            int p = pool.allocate();
            assertTrue(p >= 65000 && p <= 65535, "in range: " + p);
            assertTrue(seen.add(p), "not twice: " + p);
        }
        assertEquals(-1, pool.allocate());
        assertEquals(536, pool.inUse());
    }

    @Test
    void aFreedPortIsAllocatedAgainAndDoubleOrForeignFreesAreIgnored() {
        PortPool pool = new PortPool(1, 3);
        int a = pool.allocate();
        int b = pool.allocate();
        int c = pool.allocate();
        assertEquals(Set.of(1, 2, 3), Set.of(a, b, c));
        pool.free(b);
        pool.free(b);
        pool.free(99);
        assertEquals(2, pool.inUse());
        assertEquals(b, pool.allocate());
        assertEquals(-1, pool.allocate());
    }

    @Test
    void allocationRotatesSoAJustFreedPortIsNotTheNextOne() {
        PortPool pool = new PortPool(40000, 40009);
        int first = pool.allocate();
        pool.free(first);
        int second = pool.allocate();
        assertTrue(second != first, "rotated on from " + first);
    }

    @Test
    void concurrentAllocationsNeverShareAPort() throws Exception {
        PortPool pool = new PortPool(1024, 1024 + 4000 - 1);
        int threads = 4;
        Set<Integer>[] got = new Set[threads];
        Thread[] t = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Set<Integer> mine = new HashSet<>();
            got[i] = mine;
            t[i] = new Thread(() -> {
                for (int p; (p = pool.allocate()) >= 0;) {
                    mine.add(p);
                }
            });
            t[i].start();
        }
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (int i = 0; i < threads; i++) {
            t[i].join();
            total += got[i].size();
            all.addAll(got[i]);
        }
        assertEquals(4000, total);
        assertEquals(4000, all.size());
    }
}
