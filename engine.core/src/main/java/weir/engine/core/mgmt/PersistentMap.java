package weir.engine.core.mgmt;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map whose {@link #plus} and {@link #minus} return a new map that shares all but one path with
 * the old one (a hash array mapped trie: 32-way nodes indexed by five bits of the key's hash at a time). The
 * committed state keeps its maps in these, so a commit that changes one filter of 10,000 copies a handful of
 * small arrays instead of the whole map, and a reader holding the old state keeps seeing exactly it. Reads go
 * through the ordinary {@link Map} interface; the mutators of {@link Map} throw.
 */
final class PersistentMap<K, V> extends AbstractMap<K, V> {
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Node(0, new Object[0]), 0);

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** The map itself when it is one, else a persistent copy of it. */
    static <K, V> PersistentMap<K, V> of(Map<K, V> m) {
        if (m instanceof PersistentMap<K, V> p) {
            return p;
        }
        PersistentMap<K, V> p = empty();
        for (Map.Entry<K, V> e : m.entrySet()) {
            p = p.plus(e.getKey(), e.getValue());
        }
        return p;
    }

    /** This map with {@code key} mapped to {@code value}. */
    PersistentMap<K, V> plus(K key, V value) {
        Objects.requireNonNull(key, "key");
        boolean[] added = new boolean[1];
        Node r = root.plus(new Leaf(key, value, hash(key)), 0, added);
        return new PersistentMap<>(r, added[0] ? size + 1 : size);
    }

    /** Below this many entries {@link #plusAll} simply adds them one by one. */
    private static final int BULK = 16;

    /**
     * This map with every entry of {@code entries} added, as {@link #plus} one by one would give it, but built in
     * one pass (a commit of thousands of filters): the entries are sorted into the trie's 32 ways level by
     * level, and each new node is made once, instead of a path copied per entry. Shares the rest of this map.
     */
    PersistentMap<K, V> plusAll(Map<? extends K, ? extends V> entries) {
        if (entries.size() < BULK) {
            PersistentMap<K, V> m = this;
            for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
                m = m.plus(e.getKey(), e.getValue());
            }
            return m;
        }
        Leaf[] ls = new Leaf[entries.size()];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
            K k = Objects.requireNonNull(e.getKey(), "key");
            ls[i++] = new Leaf(k, e.getValue(), hash(k));
        }
        return plusAll(ls, ls.length);
    }

    /** This map with every entry of {@code adds} added, later ones winning over earlier ones of the same key. */
    PersistentMap<K, V> plusAll(Adds<K, V> adds) {
        return plusAll(adds.leaves, adds.count);
    }

    private PersistentMap<K, V> plusAll(Leaf[] ls, int count) {
        if (count < BULK) {
            Node r = root;
            boolean[] a = new boolean[1];
            int n = size;
            for (int i = 0; i < count; i++) {
                a[0] = false;
                r = r.plus(ls[i], 0, a);
                if (a[0]) {
                    n++;
                }
            }
            return new PersistentMap<>(r, n);
        }
        int[] added = new int[1];
        Node r = (Node) build(root, ls, 0, count, 0, added, new Leaf[count]);
        return new PersistentMap<>(r, size + added[0]);
    }

    /**
     * Entries collected for one {@link #plusAll(Adds)}, without a map of their own: a commit that adds thousands
     * of filters would otherwise fill a LinkedHashMap per index only to read it once.
     */
    static final class Adds<K, V> {
        private Leaf[] leaves;
        private int count;

        Adds(int expected) {
            leaves = new Leaf[Math.max(4, expected)];
        }

        void add(K key, V value) {
            Objects.requireNonNull(key, "key");
            if (count == leaves.length) {
                leaves = java.util.Arrays.copyOf(leaves, 2 * count);
            }
            leaves[count++] = new Leaf(key, value, hash(key));
        }

        int size() {
            return count;
        }
    }

    /**
     * The slot {@code existing} (null, a Leaf, a Collision or a Node whose entries are indexed at {@code shift})
     * with {@code ls[from, to)} added; counts the new keys into {@code added[0]}. Reorders that part of {@code ls}.
     */
    private static Object build(Object existing, Leaf[] ls, int from, int to, int shift, int[] added,
            Leaf[] scratch) {
        if (to - from <= 4 || shift > 30 || !(existing == null || existing instanceof Node) || oneHash(ls, from, to)) {
            Object o = existing;
            for (int i = from; i < to; i++) {
                o = insert(o, ls[i], shift, added);
            }
            return o;
        }
        // a stable sort of the entries by their index at this level
        int[] start = new int[33];
        for (int i = from; i < to; i++) {
            start[index(ls[i].hash, shift) + 1]++;
        }
        for (int b = 0; b < 32; b++) {
            start[b + 1] += start[b];
        }
        int[] fill = java.util.Arrays.copyOf(start, 32);
        for (int i = from; i < to; i++) {
            scratch[from + fill[index(ls[i].hash, shift)]++] = ls[i];
        }
        System.arraycopy(scratch, from, ls, from, to - from);
        Node base = (Node) existing;
        Object[] slots = new Object[32];
        int bitmap = 0;
        int count = 0;
        for (int b = 0; b < 32; b++) {
            int bit = 1 << b;
            Object old = base != null && (base.bitmap & bit) != 0
                    ? base.slots[Integer.bitCount(base.bitmap & (bit - 1))]
                    : null;
            Object now = build(old, ls, from + start[b], from + start[b + 1], shift + 5, added, scratch);
            if (now != null) {
                bitmap |= bit;
                slots[count++] = now;
            }
        }
        return new Node(bitmap, java.util.Arrays.copyOf(slots, count));
    }

    private static boolean oneHash(Leaf[] ls, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (ls[i].hash != ls[from].hash) {
                return false;
            }
        }
        return true;
    }

    /** One entry added to a slot whose entries are indexed at {@code shift} (as {@link Node#plus} does). */
    private static Object insert(Object o, Leaf leaf, int shift, int[] added) {
        if (o == null) {
            added[0]++;
            return leaf; // the usual case of a bulk build: no flag to allocate
        }
        boolean[] a = new boolean[1];
        Object r;
        if (o instanceof Node n) {
            r = n.plus(leaf, shift, a);
        } else if (o instanceof Leaf l) {
            if (l.key.equals(leaf.key)) {
                r = leaf;
            } else {
                a[0] = true;
                r = pair(l, leaf, shift);
            }
        } else {
            Collision c = (Collision) o;
            if (c.hash == leaf.hash) {
                r = withLeaf(c, leaf, a);
            } else {
                a[0] = true;
                r = pair(c, c.hash, leaf, shift);
            }
        }
        if (a[0]) {
            added[0]++;
        }
        return r;
    }

    /** This map without {@code key} (itself when the key is not there). */
    PersistentMap<K, V> minus(Object key) {
        if (key == null) {
            return this;
        }
        Object r = root.minus(key, hash(key), 0);
        if (r == root) {
            return this;
        }
        Node n = r == null ? empty().root : r instanceof Node node ? node : new Node(1 << index(((Leaf) r).hash, 0),
                new Object[] {r});
        return new PersistentMap<>(n, size - 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        Leaf l = root.find(key, hash(key), 0);
        return l == null ? null : (V) l.value;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && root.find(key, hash(key), 0) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Walk<>(root);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    private static int index(int hash, int shift) {
        return (hash >>> shift) & 31;
    }

    /** One key and its value. */
    private static final class Leaf implements Map.Entry<Object, Object> {
        final Object key;
        final Object value;
        final int hash;

        Leaf(Object key, Object value, int hash) {
            this.key = key;
            this.value = value;
            this.hash = hash;
        }

        @Override
        public Object getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object v) {
            throw new UnsupportedOperationException("a persistent map does not change");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /** Keys whose whole hashes are equal, in a list. */
    private static final class Collision {
        final int hash;
        final Leaf[] leaves;

        Collision(int hash, Leaf[] leaves) {
            this.hash = hash;
            this.leaves = leaves;
        }
    }

    /** A 32-way node: a bit per occupied index, and per bit a Leaf, a Collision or a Node, in index order. */
    private static final class Node {
        final int bitmap;
        final Object[] slots;

        Node(int bitmap, Object[] slots) {
            this.bitmap = bitmap;
            this.slots = slots;
        }

        Leaf find(Object key, int hash, int shift) {
            Node n = this;
            while (true) {
                int bit = 1 << index(hash, shift);
                if ((n.bitmap & bit) == 0) {
                    return null;
                }
                Object s = n.slots[Integer.bitCount(n.bitmap & (bit - 1))];
                if (s instanceof Leaf l) {
                    return l.key.equals(key) ? l : null;
                }
                if (s instanceof Collision c) {
                    for (Leaf l : c.leaves) {
                        if (l.key.equals(key)) {
                            return l;
                        }
                    }
                    return null;
                }
                n = (Node) s;
                shift += 5;
            }
        }

        Node plus(Leaf leaf, int shift, boolean[] added) {
            int bit = 1 << index(leaf.hash, shift);
            int pos = Integer.bitCount(bitmap & (bit - 1));
            if ((bitmap & bit) == 0) {
                added[0] = true;
                Object[] s = new Object[slots.length + 1];
                System.arraycopy(slots, 0, s, 0, pos);
                s[pos] = leaf;
                System.arraycopy(slots, pos, s, pos + 1, slots.length - pos);
                return new Node(bitmap | bit, s);
            }
            Object old = slots[pos];
            Object now;
            if (old instanceof Node n) {
                now = n.plus(leaf, shift + 5, added);
            } else if (old instanceof Leaf l) {
                if (l.key.equals(leaf.key)) {
                    now = leaf;
                } else {
                    added[0] = true;
                    now = pair(l, leaf, shift + 5);
                }
            } else {
                Collision c = (Collision) old;
                if (c.hash == leaf.hash) {
                    now = withLeaf(c, leaf, added);
                } else {
                    added[0] = true;
                    now = pair(c, c.hash, leaf, shift + 5);
                }
            }
            Object[] s = slots.clone();
            s[pos] = now;
            return new Node(bitmap, s);
        }

        /**
         * This node without the key: itself when the key is not there, null when nothing is left, a lone Leaf or
         * Collision when only that is left (the parent takes it in), else the new node.
         */
        Object minus(Object key, int hash, int shift) {
            int bit = 1 << index(hash, shift);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int pos = Integer.bitCount(bitmap & (bit - 1));
            Object old = slots[pos];
            Object now;
            if (old instanceof Leaf l) {
                if (!l.key.equals(key)) {
                    return this;
                }
                now = null;
            } else if (old instanceof Collision c) {
                now = withoutLeaf(c, key);
                if (now == c) {
                    return this;
                }
            } else {
                now = ((Node) old).minus(key, hash, shift + 5);
                if (now == old) {
                    return this;
                }
            }
            if (now == null) {
                if (slots.length == 1) {
                    return null;
                }
                Object[] s = new Object[slots.length - 1];
                System.arraycopy(slots, 0, s, 0, pos);
                System.arraycopy(slots, pos + 1, s, pos, slots.length - pos - 1);
                if (s.length == 1 && !(s[0] instanceof Node) && shift > 0) {
                    return s[0];
                }
                return new Node(bitmap & ~bit, s);
            }
            if (slots.length == 1 && !(now instanceof Node) && shift > 0) {
                return now;
            }
            Object[] s = slots.clone();
            s[pos] = now;
            return new Node(bitmap, s);
        }
    }

    /** Two entries with different hashes below {@code shift}: in one node, or deeper while their bits agree. */
    private static Object pair(Leaf a, Leaf b, int shift) {
        if (a.hash == b.hash) {
            return new Collision(a.hash, new Leaf[] {a, b});
        }
        return pair(a, a.hash, b, shift);
    }

    private static Node pair(Object a, int ha, Leaf b, int shift) {
        int ia = index(ha, shift);
        int ib = index(b.hash, shift);
        if (ia == ib) {
            return new Node(1 << ia, new Object[] {pair(a, ha, b, shift + 5)});
        }
        return new Node((1 << ia) | (1 << ib), ia < ib ? new Object[] {a, b} : new Object[] {b, a});
    }

    private static Collision withLeaf(Collision c, Leaf leaf, boolean[] added) {
        for (int i = 0; i < c.leaves.length; i++) {
            if (c.leaves[i].key.equals(leaf.key)) {
                Leaf[] ls = c.leaves.clone();
                ls[i] = leaf;
                return new Collision(c.hash, ls);
            }
        }
        added[0] = true;
        Leaf[] ls = java.util.Arrays.copyOf(c.leaves, c.leaves.length + 1);
        ls[c.leaves.length] = leaf;
        return new Collision(c.hash, ls);
    }

    /** The collision without the key: itself if absent, the remaining Leaf if one is left. */
    private static Object withoutLeaf(Collision c, Object key) {
        for (int i = 0; i < c.leaves.length; i++) {
            if (c.leaves[i].key.equals(key)) {
                if (c.leaves.length == 2) {
                    return c.leaves[1 - i];
                }
                Leaf[] ls = new Leaf[c.leaves.length - 1];
                System.arraycopy(c.leaves, 0, ls, 0, i);
                System.arraycopy(c.leaves, i + 1, ls, i, ls.length - i);
                return new Collision(c.hash, ls);
            }
        }
        return c;
    }

    /** Depth-first over the trie. */
    private static final class Walk<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Object[][] stack = new Object[8][];
        private final int[] at = new int[8];
        private int depth;
        private Leaf[] collision;
        private int inCollision;
        private Leaf next;

        Walk(Node root) {
            stack[0] = root.slots;
            advance();
        }

        private void advance() {
            next = null;
            if (collision != null) {
                if (inCollision < collision.length) {
                    next = collision[inCollision++];
                    return;
                }
                collision = null;
            }
            while (depth >= 0) {
                Object[] s = stack[depth];
                if (at[depth] == s.length) {
                    depth--;
                    continue;
                }
                Object o = s[at[depth]++];
                if (o instanceof Leaf l) {
                    next = l;
                    return;
                }
                if (o instanceof Collision c) {
                    collision = c.leaves;
                    inCollision = 1;
                    next = c.leaves[0];
                    return;
                }
                depth++;
                stack[depth] = ((Node) o).slots;
                at[depth] = 0;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Leaf l = next;
            advance();
            return (Map.Entry<K, V>) (Map.Entry<?, ?>) l;
        }
    }
}
