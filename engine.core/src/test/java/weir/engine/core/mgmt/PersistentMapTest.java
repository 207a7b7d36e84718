package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The persistent map behaves as a HashMap would, and an old version never changes when a new one is made. */
class PersistentMapTest {
    /** A key whose hash collides on purpose: 1 in 16 share a hash with another. */
    record Key(int id) {
        @Override
        public int hashCode() {
            return id / 16 * 1_000_003;
        }
    }

    @Test
    void randomPutsAndRemovesAgreeWithAHashMapAndOldVersionsStayAsTheyWere() {
        Random r = new Random(14);
        PersistentMap<Object, Integer> p = PersistentMap.empty();
        Map<Object, Integer> m = new HashMap<>();
        List<PersistentMap<Object, Integer>> versions = new ArrayList<>();
        List<Map<Object, Integer>> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Object k = r.nextBoolean() ? (Object) new Key(r.nextInt(3000)) : (Object) (long) r.nextInt(3000);
            if (r.nextInt(3) == 0) {
                p = p.minus(k);
                m.remove(k);
            } else {
                int v = r.nextInt();
                p = p.plus(k, v);
                m.put(k, v);
            }
            if (i % 997 == 0) {
                versions.add(p);
                expected.add(new HashMap<>(m));
            }
            if (i % 101 == 0) {
                assertEquals(m.size(), p.size());
                assertEquals(m, p);
            }
        }
        assertEquals(m, p);
        assertEquals(m.hashCode(), p.hashCode());
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(expected.get(i), versions.get(i), "version " + i + " is as it was");
        }
        for (Object k : m.keySet()) {
            assertTrue(p.containsKey(k));
            assertEquals(m.get(k), p.get(k));
        }
        // removing everything leaves an empty map
        for (Object k : new HashSet<>(m.keySet())) {
            p = p.minus(k);
        }
        assertEquals(0, p.size());
        assertTrue(p.isEmpty());
        assertFalse(p.entrySet().iterator().hasNext());
    }

    /**
     * plusAll (a commit's many adds in one pass) gives what plus one by one gives: on empty and filled maps,
     * batches of every size around its thresholds, colliding hashes, replaced keys, removals afterwards; and the
     * map it started from stays as it was.
     */
    @Test
    void plusAllIsPlusOneByOne() {
        Random r = new Random(41);
        for (int round = 0; round < 200; round++) {
            PersistentMap<Object, Integer> start = PersistentMap.empty();
            Map<Object, Integer> startCopy = new HashMap<>();
            int before = round % 4 == 0 ? 0 : r.nextInt(2000);
            for (int i = 0; i < before; i++) {
                Object k = r.nextBoolean() ? (Object) new Key(r.nextInt(4000)) : (Object) (long) r.nextInt(4000);
                int v = r.nextInt();
                start = start.plus(k, v);
                startCopy.put(k, v);
            }
            int n = round < 40 ? round : r.nextInt(round % 3 == 0 ? 20_000 : 500);
            Map<Object, Integer> batch = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                batch.put(r.nextBoolean() ? (Object) new Key(r.nextInt(4000)) : (Object) (long) r.nextInt(4000),
                        r.nextInt());
            }
            PersistentMap<Object, Integer> one = start;
            for (Map.Entry<Object, Integer> e : batch.entrySet()) {
                one = one.plus(e.getKey(), e.getValue());
            }
            PersistentMap<Object, Integer> all = start.plusAll(batch);
            Map<Object, Integer> expected = new HashMap<>(startCopy);
            expected.putAll(batch);
            assertEquals(expected.size(), all.size(), "round " + round);
            assertEquals(expected, all, "round " + round);
            assertEquals(one, all, "round " + round);
            assertEquals(startCopy, start, "round " + round + ": the map it started from");
            int size = 0;
            for (Map.Entry<Object, Integer> e : all.entrySet()) {
                assertEquals(expected.get(e.getKey()), e.getValue());
                size++;
            }
            assertEquals(expected.size(), size, "iteration visits each entry once");
            // and it stays a working persistent map
            for (Object k : new ArrayList<>(batch.keySet()).subList(0, batch.size() / 2)) {
                all = all.minus(k);
                expected.remove(k);
            }
            assertEquals(expected, all, "round " + round + " after removals");
        }
    }

    @Test
    void iterationVisitsEveryEntryOnce() {
        PersistentMap<UUID, Integer> p = PersistentMap.empty();
        for (int i = 0; i < 5000; i++) {
            p = p.plus(new UUID(i, i * 31L), i);
        }
        Set<Integer> seen = new HashSet<>();
        for (Map.Entry<UUID, Integer> e : p.entrySet()) {
            assertTrue(seen.add(e.getValue()), "twice: " + e);
            assertEquals(e.getValue(), p.get(e.getKey()));
        }
        assertEquals(5000, seen.size());
    }

    @Test
    void absentKeysAndReplacements() {
        PersistentMap<String, String> p = PersistentMap.<String, String>empty().plus("a", "1");
        assertSame(p, p.minus("b"), "removing an absent key changes nothing");
        assertSame(p, p.minus(null));
        assertNull(p.get("b"));
        assertNull(p.get(null));
        PersistentMap<String, String> q = p.plus("a", "2");
        assertEquals(1, q.size());
        assertEquals("2", q.get("a"));
        assertEquals("1", p.get("a"));
        assertThrows(UnsupportedOperationException.class, () -> q.put("c", "3"));
        assertThrows(UnsupportedOperationException.class, () -> q.entrySet().iterator().next().setValue("x"));
        assertEquals(Map.of("a", "1", "z", "9"), PersistentMap.of(Map.of("a", "1", "z", "9")));
    }
}
