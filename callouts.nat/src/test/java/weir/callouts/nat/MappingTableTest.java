package weir.callouts.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The mapping table against a plain HashMap as the oracle: random creates, releases and expiries (through
 * growth and backward-shift deletion) never lose or invent a mapping in either direction, and every port comes
 * back exactly once.
 */
class MappingTableTest {
    private final List<String> returned = new ArrayList<>();
    private final java.util.Set<String> returnedSet = new java.util.HashSet<>();
    private final MappingTable.PortReturn ports = (serial, protocol, port) -> {
        returned.add(serial + "/" + port);
        returnedSet.add(serial + "/" + port);
    };

    @Test
    void bothTuplesFindTheMappingAndTellWhatThePacketBecomes() {
        MappingTable t = new MappingTable(4, 100);
        int m = t.create(6, 10, 1000, 20, 80, 99, 40000, 20, 80, false, 7, 100);
        MappingTable.Hit hit = new MappingTable.Hit();

        assertTrue(t.find(6, 10, 1000, 20, 80, hit));
        assertEquals(m, hit.mapping);
        assertEquals(MappingTable.ORIGINAL, hit.direction);
        assertEquals(99, hit.source);
        assertEquals(40000, hit.sourcePort);
        assertTrue(t.find(6, 20, 80, 99, 40000, hit));
        assertEquals(MappingTable.REPLY, hit.direction);
        assertEquals(20, hit.source);
        assertEquals(80, hit.sourcePort);
        assertEquals(10, hit.destination);
        assertEquals(1000, hit.destinationPort);
        assertFalse(t.find(17, 10, 1000, 20, 80, hit), "the protocol is part of the key");
        assertFalse(t.find(6, 10, 1001, 20, 80, hit));
    }

    @Test
    void aSecondCreateOfOneTupleNamesTheFirstAndAReplyTupleInUseClashes() {
        MappingTable t = new MappingTable(4, 100);
        int m = t.create(6, 10, 1000, 20, 80, 99, 40000, 20, 80, false, 7, 100);
        assertEquals(m, MappingTable.existing(t.create(6, 10, 1000, 20, 80, 99, 40001, 20, 80, false, 7, 100)));
        assertEquals(MappingTable.CLASH, t.create(6, 11, 1000, 20, 80, 99, 40000, 20, 80, false, 7, 100));
        assertEquals(1, t.size());
    }

    @Test
    void theLastReleaseHoldsAndReapFreesAfterTheHoldTimeOnce() {
        MappingTable t = new MappingTable(4, 100);
        int m = t.create(17, 10, 1000, 20, 53, 99, 40000, 20, 53, false, 7, 100);
        MappingTable.Hit hit = new MappingTable.Hit();
        t.find(17, 10, 1000, 20, 53, hit);
        assertTrue(t.retain(m, hit.generation));
        assertEquals(1, t.release(m, hit.generation, 110));
        assertEquals(0, t.release(m, hit.generation, 120));
        assertEquals(-1, t.release(m, hit.generation, 120), "no more references to give back");
        assertEquals(1, t.held());

        assertEquals(0, t.reap(149, 30, ports));
        assertEquals(1, t.reap(150, 30, ports));
        assertEquals(List.of("7/40000"), returned);
        assertEquals(0, t.size());
        assertFalse(t.find(17, 20, 53, 99, 40000, hit));
        assertFalse(t.retain(m, hit.generation), "a freed mapping cannot be joined");
    }

    @Test
    void packetCountsCarryPastSixteenBitsInEachDirectionApart() {
        MappingTable t = new MappingTable(4, 100);
        t.create(6, 10, 1000, 20, 80, 99, 40000, 20, 80, false, 7, 100);
        int m = t.create(6, 11, 1000, 20, 80, 99, 40001, 20, 80, false, 7, 100);
        MappingTable.Hit hit = new MappingTable.Hit();
        assertTrue(t.find(6, 11, 1000, 20, 80, hit));
        for (int i = 0; i < 200_003; i++) {
            t.count(hit);
        }
        assertTrue(t.find(6, 20, 80, 99, 40001, hit));
        for (int i = 0; i < 65_536; i++) {
            t.count(hit);
        }
        MappingTable.Row row = t.rows(10).stream().filter(r -> r.mapping() == m).findFirst().orElseThrow();
        assertEquals(200_003, row.originalPackets());
        assertEquals(65_536, row.replyPackets());
        assertEquals(99, row.newSource());
        assertEquals(40001, row.newSourcePort());
        assertEquals(20, row.newDestination());
        assertEquals(80, row.newDestinationPort());
        assertEquals(7, row.ruleSerial());
        MappingTable.Row other = t.rows(10).stream().filter(r -> r.mapping() != m).findFirst().orElseThrow();
        assertEquals(0, other.originalPackets() + other.replyPackets(), "counts stay on their own mapping");
    }

    /**
     * Lookups read without a lock beside another thread that creates, frees (moving entries of the readers'
     * mappings back) and grows the table: the mappings no one touches are always found, both ways, with their
     * own translation, and no reader fails. A smoke test of the optimistic read path: the windows in which a
     * reader without the seqlock would miss are nanoseconds, and on a 2-core machine this test did not catch
     * the validation taken out.
     */
    @Test
    void lookupsBesideChangesAndGrowthAlwaysFindTheUntouchedMappings() throws Exception {
        MappingTable t = new MappingTable(2, 64);
        int stable = 24;
        int server = 0xC633_6407;
        for (int i = 0; i < stable; i++) {
            assertTrue(t.create(6, 0x0A00_0000 + i, 1000 + i, server, 443, 0xC000_0201, 20_000 + i, server, 443,
                    false, 1, 100) >= 0);
        }
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();
        Runnable reader = () -> {
            MappingTable.Hit hit = new MappingTable.Hit();
            Random r = new Random(Thread.currentThread().getId());
            long n = 0;
            while (!done.get() && failure.get() == null) {
                int i = r.nextInt(stable);
                if (!t.find(6, 0x0A00_0000 + i, 1000 + i, server, 443, hit) || hit.source != 0xC000_0201
                        || hit.sourcePort != 20_000 + i || hit.destination != server || hit.destinationPort != 443
                        || hit.direction != MappingTable.ORIGINAL) {
                    failure.compareAndSet(null, "original of " + i);
                }
                if (!t.find(6, server, 443, 0xC000_0201, 20_000 + i, hit) || hit.destination != 0x0A00_0000 + i
                        || hit.destinationPort != 1000 + i || hit.source != server || hit.sourcePort != 443
                        || hit.direction != MappingTable.REPLY) {
                    failure.compareAndSet(null, "reply of " + i);
                }
                n += 2;
            }
            lookups.addAndGet(n);
        };
        Thread[] readers = {new Thread(reader, "reader-1"), new Thread(reader, "reader-2")};
        for (Thread th : readers) {
            th.start();
        }
        try {
            MappingTable.Hit hit = new MappingTable.Hit();
            // a small table, so that every free shifts entries of the readers' mappings back (backward-shift
            // deletion) and grows under the readers (32 -> 64), then churns: create, release, free (hold time 0)
            for (int k = 0; k < 16; k++) {
                assertTrue(t.create(17, 0xAC10_0000 + k, 5000, server, 53, 0xC000_02FE, k & 0xFFFF, server, 53 + (k >>> 16),
                        false, 2, 100) >= 0);
            }
            for (int k = 0; k < 500_000 && failure.get() == null; k++) {
                int src = 0x0B00_0000 + k;
                int m = t.create(17, src, 5000, server, 53, 0xC000_02FD, k & 0xFFFF, server, 53 + (k >>> 16), false,
                        3, 100);
                assertTrue(m >= 0);
                assertTrue(t.find(17, src, 5000, server, 53, hit));
                assertEquals(0, t.release(m, hit.generation, 100));
                assertEquals(1, t.reap(100, 0, (serial, protocol, port) -> { }));
            }
        } finally {
            done.set(true);
            for (Thread th : readers) {
                th.join(120_000);
            }
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() > 0, "the readers ran");
        assertEquals(stable + 16, t.size());
    }

    @Test
    void randomOperationsAgreeWithAHashMap() {
        Random random = new Random(13);
        MappingTable t = new MappingTable(2, 5000);
        Map<String, int[]> oracle = new HashMap<>();
        Map<Integer, String> byMapping = new HashMap<>();
        MappingTable.Hit hit = new MappingTable.Hit();
        int now = 1000;
        int nextPort = 1;
        for (int step = 0; step < 60_000; step++) {
            now += random.nextInt(3) == 0 ? 1 : 0;
            int op = random.nextInt(10);
            if (op < 5) {
                int src = random.nextInt(200);
                int sport = random.nextInt(50);
                String key = src + ":" + sport;
                int port = nextPort++ & 0xFFFF;
                if (oracle.containsKey(key) && returnedSet.contains("1/" + oracle.get(key)[1])) {
                    oracle.remove(key); // freed by a reap since
                }
                int m = t.create(6, src, sport, 7, 80, 99, port, 7, 80, false, 1, now);
                if (oracle.containsKey(key)) {
                    assertTrue(MappingTable.existing(m) >= 0 || m == MappingTable.CLASH, key);
                } else if (m >= 0) {
                    oracle.put(key, new int[] {m, port});
                    byMapping.put(m, key);
                    assertTrue(t.find(6, src, sport, 7, 80, hit));
                    assertTrue(t.release(m, hit.generation, now) == 0);
                }
            } else {
                t.reap(now, 5, ports);
            }
            if (step % 997 == 0) {
                // every mapping the table still has is found both ways; freed ones are gone
                for (Map.Entry<String, int[]> e : new ArrayList<>(oracle.entrySet())) {
                    String[] k = e.getKey().split(":");
                    int src = Integer.parseInt(k[0]);
                    int sport = Integer.parseInt(k[1]);
                    boolean there = t.find(6, src, sport, 7, 80, hit);
                    boolean freed = returnedSet.contains("1/" + e.getValue()[1]);
                    assertEquals(!freed, there, e.getKey());
                    if (there) {
                        assertTrue(t.find(6, 7, 80, 99, e.getValue()[1], hit), "reply of " + e.getKey());
                        assertEquals(MappingTable.REPLY, hit.direction);
                        assertEquals(src, hit.destination);
                    } else {
                        oracle.remove(e.getKey());
                    }
                }
            }
        }
        assertEquals(returned.size(), returned.stream().distinct().count(), "each port given back once");
        assertTrue(t.capacity() > 2, "it grew");
    }
}
