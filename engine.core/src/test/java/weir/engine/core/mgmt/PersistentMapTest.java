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
