package weir.engine.core.classify;

/**
 * A decision tree over all the filters of a layer (every sublayer together) that leads a packet to the few it
 * could match. Immutable: {@link #insert} and {@link #remove} copy only the path to the leaves a filter is in
 * and share the rest with the tree they started from, so a commit that adds one filter touches a few nodes, and
 * a packet classifying meanwhile keeps the tree it started with.
 *
 * <p>Each inner node tests the top {@code m} bits of one index field ({@link IndexFields}: an unsigned integer,
 * or one half of an IPv6 address). A filter is <em>pinned</em> there when its conditions fix those bits
 * ({@link Pins}); it goes to the child of each key it allows, and a pinned filter never matches a packet of
 * another key, nor one whose field is EMPTY. The unpinned filters are either copied into every child and into an
 * {@code other} child (for keys no pinned filter has, and EMPTY), when that is cheap, or kept in a separate
 * {@code rest} subtree that every packet also visits. So a packet reaches one or more leaves; together they hold
 * every filter it could match, without duplicates, each leaf in evaluation order ({@link CompiledFilter#order});
 * arbitration merges them, which gives exactly the linear scan's result (tests check it against the linear
 * scan and the reference arbiter).
 *
 * <p>Building picks, at each node, the test that minimises the expected candidates (the unpinned filters plus
 * the size-weighted mean bucket) and stops when a test would not cut that by a quarter, at depth
 * {@value #MAX_DEPTH} or below {@value #LEAF} filters. Copies are limited to {@value #BUDGET} times the filters, and
 * a path has at most {@value #MAX_SEPARATE} separate-rest nodes, so a packet visits at most {@value #MAX_LISTS}
 * leaves. A leaf that grows past {@value #SPLIT} filters by inserts is built into a subtree of its own.
 */
final class FilterIndex {
    static final int LEAF = 16;
    static final int SPLIT = 48;
    static final int MAX_DEPTH = 10;
    static final int BUDGET = 8;
    static final int MAX_SEPARATE = 4;
    /**
     * A child table has at least this many slots per key. The key is kept in the child, so a probe that lands on
     * another key's child reads that child's line for nothing: at most a quarter full, a lookup rarely does
     * (a model of the lines a packet reads: 0.2 to 0.65 fewer of 17 to 26 than at half full).
     */
    static final int FREE = 4;
    /** The most leaves one packet can reach: 2^MAX_SEPARATE (the size of the caller's scratch). */
    static final int MAX_LISTS = 1 << MAX_SEPARATE;

    private static final CompiledFilter[] NO_FILTERS = new CompiledFilter[0];

    /**
     * One node: a leaf (filters in order) or a test with children in an open-addressing table. A leaf also keeps,
     * in one primitive array, what scanning it reads, so that it reads memory in sequence and touches a filter
     * object only when the filter matched: its columns, and per filter a row with its box by columns, its need
     * word and the end of its sublayer in the leaf ({@link LeafColumns}): as ints when every column has at most
     * 32 bits (IPv4), else as longs.
     */
    static final class Node {
        final CompiledFilter[] leaf;
        /** A leaf: how many filters it has ({@code leaf.length}, without reading that array). */
        final int length;
        /** A leaf: how many columns its rows bound. */
        final int cols;
        /** A leaf: the ints of a row ({@code 2 * cols + 4}) or longs ({@code 2 * cols + 2}). */
        final int stride;
        /** A leaf whose columns fit ints: {@link LeafColumns#narrow}; else null. */
        final int[] narrow;
        /** A leaf with wider columns: {@link LeafColumns#wide}; else null. */
        final long[] wide;
        /** A leaf: the size above which an insert tries to split it. */
        final int splitAt;
        final int field;
        final int m;
        final int slot;
        final boolean high;
        /** {@code width - m}: the key is the value shifted right by this. */
        final int shift;
        final long[] keys;
        final Node[] children;
        final int size;
        final int hashShift;
        /** Copy mode: the unpinned filters, for keys without a child and EMPTY values. */
        final Node other;
        /** Separate mode: the unpinned filters, visited by every packet besides its key's child. */
        final Node rest;
        /**
         * Its key in its parent's table, so that a lookup reads the child it lands on (which it reads next anyway)
         * rather than a separate array of keys first. Set by {@link FilterIndex#put} before the tree is published
         * (the snapshot's volatile write publishes it) and never changed after: a node already keyed differently
         * is copied ({@link #under}).
         */
        private long key;
        private boolean keyed;

        /** A leaf without the layer's fields (tests): its rows are longs. */
        Node(CompiledFilter[] leaf, int splitAt) {
            this(leaf, splitAt, null);
        }

        /** A leaf of these filters (in order) at a layer with these index fields. */
        Node(CompiledFilter[] leaf, int splitAt, IndexFields fields) {
            this.leaf = leaf;
            int n = leaf.length;
            this.length = n;
            int[] ends = new int[n];
            int end = n;
            for (int i = n - 1; i >= 0; i--) {
                CompiledFilter f = leaf[i];
                if (i + 1 < n && (f.order >>> LayerOrder.SUB_SHIFT) != (leaf[i + 1].order >>> LayerOrder.SUB_SHIFT)) {
                    end = i + 1;
                }
                ends[i] = end;
            }
            int[] columns = LeafColumns.columns(leaf);
            this.cols = columns.length;
            if (LeafColumns.fitsInts(columns, fields)) {
                this.narrow = LeafColumns.narrow(leaf, columns, ends);
                this.wide = null;
                this.stride = 2 * cols + 4;
            } else {
                this.narrow = null;
                this.wide = LeafColumns.wide(leaf, columns, ends);
                this.stride = 2 * cols + 2;
            }
            this.splitAt = splitAt;
            this.field = -1;
            this.m = 0;
            this.slot = 0;
            this.high = false;
            this.shift = 0;
            this.keys = null;
            this.children = null;
            this.size = 0;
            this.hashShift = 0;
            this.other = null;
            this.rest = null;
        }

        /** The same leaf (sharing its arrays, which never change), not yet keyed. */
        private Node(Node leafNode) {
            this.leaf = leafNode.leaf;
            this.length = leafNode.length;
            this.cols = leafNode.cols;
            this.stride = leafNode.stride;
            this.narrow = leafNode.narrow;
            this.wide = leafNode.wide;
            this.splitAt = leafNode.splitAt;
            this.field = -1;
            this.m = 0;
            this.slot = 0;
            this.high = false;
            this.shift = 0;
            this.keys = null;
            this.children = null;
            this.size = 0;
            this.hashShift = 0;
            this.other = null;
            this.rest = null;
        }

        Node(Node test, long[] keys, Node[] children, int size, Node other, Node rest) {
            this(test.field, test.m, test.slot, test.high, test.shift, keys, children, size, other, rest);
        }

        /** The index of the leaf's first filter in a later sublayer than its i-th, or its length (packet path). */
        int subLayerEnd(int i) {
            int at = cols + i * stride + 2 * cols;
            return narrow != null ? narrow[at + 1] : (int) (wide[at] >>> 32);
        }

        /** The leaf's i-th filter's {@link CompiledFilter#order} (packet path: from its row). */
        long order(int i) {
            int at = cols + i * stride + 2 * cols;
            int[] d = narrow;
            return d != null ? ((long) d[at + 2] << 32) | (d[at + 3] & 0xFFFF_FFFFL) : wide[at + 1];
        }

        /**
         * Loads the packet's value of each of the leaf's columns into {@code values} from {@code at} (as the rows
         * keep bounds: an int's value for {@link #narrow}, a long's XOR-ed for {@link #wide}) and returns the
         * columns the packet has no value for, as bits (packet path).
         */
        int load(PacketValues pv, long[] values, int at) {
            boolean[] present = pv.present;
            int absent = 0;
            int[] d = narrow;
            if (d != null) {
                long[] bits = pv.bits;
                for (int c = 0; c < cols; c++) {
                    int s = d[c] >>> 1;
                    if (!present[s]) {
                        absent |= 1 << c;
                    }
                    values[at + c] = LeafColumns.toIntValue(bits[s]);
                }
                return absent;
            }
            long[] w = wide;
            for (int c = 0; c < cols; c++) {
                int code = (int) w[c];
                int s = code >>> 1;
                if (!present[s]) {
                    absent |= 1 << c;
                }
                values[at + c] = ((code & 1) != 0 ? pv.high[s] : pv.bits[s]) ^ Long.MIN_VALUE;
            }
            return absent;
        }

        /**
         * Whether the leaf's i-th filter matches the packet whose values {@link #load} put at {@code at} (packet
         * path): its bound in each column in turn, then the values it needs but the packet lacks, then its program.
         */
        boolean matches(int i, long[] values, int at, int absent, PacketValues pv) {
            int w;
            int[] d = narrow;
            if (d != null) {
                int o = cols + i * stride;
                for (int c = 0; c < cols; c++, o += 2) {
                    long v = values[at + c];
                    if (v < d[o] || v > d[o + 1]) {
                        return false;
                    }
                }
                w = d[o];
            } else {
                long[] b = wide;
                int o = cols + i * stride;
                for (int c = 0; c < cols; c++, o += 2) {
                    long v = values[at + c];
                    if (v < b[o] || v > b[o + 1]) {
                        return false;
                    }
                }
                w = (int) b[o];
            }
            return (w & absent) == 0 && (w >= 0 || leaf[i].conditions.matches(pv));
        }

        /**
         * The first of the leaf's filters from {@code i} on that matches the packet (as {@link #matches}), or the
         * leaf's length (packet path: one sequential read of the rows).
         */
        int next(int i, long[] values, int at, int absent, PacketValues pv) {
            int n = length;
            int[] d = narrow;
            if (d == null) {
                while (i < n && !matches(i, values, at, absent, pv)) {
                    i++;
                }
                return i;
            }
            int cs = cols;
            int st = stride;
            for (int o = cs + i * st; i < n; i++, o += st) {
                int c = 0;
                while (c < cs) {
                    long v = values[at + c];
                    if (v < d[o + 2 * c] || v > d[o + 2 * c + 1]) {
                        break;
                    }
                    c++;
                }
                if (c == cs) {
                    int w = d[o + 2 * cs];
                    if ((w & absent) == 0 && (w >= 0 || leaf[i].conditions.matches(pv))) {
                        return i;
                    }
                }
            }
            return n;
        }

        Node(int field, int m, int slot, boolean high, int shift, long[] keys, Node[] children, int size, Node other,
                Node rest) {
            this.leaf = null;
            this.length = 0;
            this.cols = 0;
            this.stride = 0;
            this.narrow = null;
            this.wide = null;
            this.splitAt = 0;
            this.field = field;
            this.m = m;
            this.slot = slot;
            this.high = high;
            this.shift = shift;
            this.keys = keys;
            this.children = children;
            this.size = size;
            this.hashShift = 64 - Integer.numberOfTrailingZeros(keys.length);
            this.other = other;
            this.rest = rest;
        }

        int home(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> hashShift);
        }

        /** The child of a key, or null (packet path: one array read and the child itself a probe). */
        Node child(long key) {
            Node[] cs = children;
            int mask = cs.length - 1;
            for (int i = home(key);; i = (i + 1) & mask) {
                Node c = cs[i];
                if (c == null || c.key == key) {
                    return c;
                }
            }
        }

        /** Its key in its parent's table (tests: CacheLinesTest follows the walk). */
        long keyOf() {
            return key;
        }

        /** This node as the child of key {@code k}: itself, keyed, or a copy when it is some other key's child. */
        Node under(long k) {
            if (keyed) {
                if (key == k) {
                    return this;
                }
                Node c = leaf != null ? new Node(this) : new Node(this, keys, children, size, other, rest);
                return c.under(k);
            }
            key = k;
            keyed = true;
            return this;
        }
    }

    private final Node root;
    private final IndexFields fields;
    /** False: the reference mode, one leaf in evaluation order (a linear scan), never split. */
    final boolean split;

    private FilterIndex(Node root, IndexFields fields, boolean split) {
        this.root = root;
        this.fields = fields;
        this.split = split;
    }

    /**
     * Puts the leaves the packet reaches into {@code lists} (at most {@link #MAX_LISTS}, each in order, together
     * disjoint) and returns how many (packet path: no allocation).
     */
    int collect(PacketValues pv, Node[] lists) {
        return collect(root, pv, lists, 0);
    }

    private static int collect(Node n, PacketValues pv, Node[] lists, int k) {
        while (n.leaf == null) {
            Node next = null;
            int s = n.slot;
            if (pv.present[s]) {
                long key = (n.high ? pv.high[s] : pv.bits[s]) >>> n.shift;
                next = n.child(key);
            }
            if (n.rest != null) {
                if (next != null) {
                    k = collect(next, pv, lists, k);
                }
                n = n.rest;
            } else {
                n = next != null ? next : n.other;
            }
        }
        if (n.length > 0) {
            lists[k++] = n;
        }
        return k;
    }

    // ---- shape (diagnostics, tests) ----

    /** The root (tests). */
    Node root() {
        return root;
    }

    /** The tree's shape: nodes, leaves, separate-rest nodes, filter entries in leaves (copies counted). */
    record Shape(int nodes, int leaves, int separateNodes, long positions, int depth) {
    }

    Shape shape() {
        long[] c = new long[5];
        count(root, c, 0);
        return new Shape((int) c[0], (int) c[1], (int) c[2], c[3], (int) c[4]);
    }

    /** Whether the index is more than one leaf (a tree was worth building). */
    boolean isTree() {
        return root.leaf == null;
    }

    private static void count(Node n, long[] c, int depth) {
        c[0]++;
        c[4] = Math.max(c[4], depth);
        if (n.leaf != null) {
            c[1]++;
            c[3] += n.leaf.length;
            return;
        }
        if (n.rest != null) {
            c[2]++;
            count(n.rest, c, depth + 1);
        } else {
            count(n.other, c, depth + 1);
        }
        for (Node child : n.children) {
            if (child != null) {
                count(child, c, depth + 1);
            }
        }
    }

    // ---- building ----

    static FilterIndex empty(IndexFields fields, boolean split) {
        return new FilterIndex(new Node(NO_FILTERS, SPLIT, fields), fields, split);
    }

    /** The index of these filters, which are in evaluation order. */
    static FilterIndex build(CompiledFilter[] ordered, IndexFields fields, boolean split) {
        if (!split) {
            return new FilterIndex(new Node(ordered, Integer.MAX_VALUE, fields), fields, false);
        }
        IndexBuilder b = new IndexBuilder(fields, ordered.length * BUDGET);
        return new FilterIndex(b.node(ordered, 0, 0), fields, true);
    }

    // ---- changes (path copying) ----

    /** This index with {@code f} added ({@code f} is not in it). */
    FilterIndex insert(CompiledFilter f) {
        return new FilterIndex(insert(root, f, 0, 0), fields, split);
    }

    /** This index without {@code f} (the very object that is in it). */
    FilterIndex remove(CompiledFilter f) {
        return new FilterIndex(remove(root, f), fields, split);
    }

    private Node insert(Node n, CompiledFilter f, int depth, int separate) {
        if (n.leaf != null) {
            CompiledFilter[] grown = Leaves.with(n.leaf, f);
            if (!split || grown.length <= n.splitAt || depth >= MAX_DEPTH) {
                return new Node(grown, n.splitAt, fields);
            }
            IndexBuilder b = new IndexBuilder(fields, grown.length * BUDGET);
            Node built = b.node(grown, depth, separate);
            return built.leaf != null ? new Node(grown, 2 * grown.length, fields) : built;
        }
        long[] ks = new long[Pins.MAX_VALUES];
        int nk = f.pins.keys(n.field, n.m, fields.width[n.field], ks);
        boolean copyMode = n.rest == null;
        int below = copyMode ? separate : separate + 1;
        if (nk < 0) {
            if (!copyMode) {
                return new Node(n, n.keys, n.children, n.size, null, insert(n.rest, f, depth + 1, below));
            }
            Node[] children = n.children.clone();
            for (int i = 0; i < children.length; i++) {
                if (children[i] != null) {
                    children[i] = insert(children[i], f, depth + 1, below).under(n.keys[i]);
                }
            }
            return new Node(n, n.keys, children, n.size, insert(n.other, f, depth + 1, below), null);
        }
        long[] keys = n.keys;
        Node[] children = n.children;
        int size = n.size;
        boolean copied = false;
        for (int j = 0; j < nk; j++) {
            long key = ks[j];
            Node c = n.child(key);
            Node updated;
            if (c != null) {
                updated = insert(c, f, depth + 1, below);
            } else if (copyMode) {
                updated = insert(n.other, f, depth + 1, below);
            } else {
                updated = new Node(new CompiledFilter[] {f}, SPLIT, fields);
            }
            if (c == null && FREE * (size + 1) > keys.length) {
                long[] bk = new long[keys.length * 2];
                Node[] bc = new Node[keys.length * 2];
                rehash(keys, children, bk, bc);
                keys = bk;
                children = bc;
                copied = true;
            } else if (!copied) {
                keys = keys.clone();
                children = children.clone();
                copied = true;
            }
            put(keys, children, key, updated);
            if (c == null) {
                size++;
            }
        }
        return new Node(n, keys, children, size, n.other, n.rest);
    }

    private Node remove(Node n, CompiledFilter f) {
        if (n.leaf != null) {
            CompiledFilter[] shrunk = Leaves.without(n.leaf, f);
            return shrunk == n.leaf ? n : new Node(shrunk, n.splitAt, fields);
        }
        long[] ks = new long[Pins.MAX_VALUES];
        int nk = f.pins.keys(n.field, n.m, fields.width[n.field], ks);
        boolean copyMode = n.rest == null;
        if (nk < 0) {
            if (!copyMode) {
                return new Node(n, n.keys, n.children, n.size, null, remove(n.rest, f));
            }
            Node[] children = n.children.clone();
            for (int i = 0; i < children.length; i++) {
                if (children[i] != null) {
                    children[i] = remove(children[i], f).under(n.keys[i]);
                }
            }
            return new Node(n, n.keys, children, n.size, remove(n.other, f), null);
        }
        long[] keys = n.keys.clone();
        Node[] children = n.children.clone();
        int size = n.size;
        for (int j = 0; j < nk; j++) {
            Node c = n.child(ks[j]);
            if (c == null) {
                continue;
            }
            Node updated = remove(c, f);
            if (!copyMode && updated.leaf != null && updated.leaf.length == 0) {
                // a key no filter has any more: drop it, so that keys that come and go do not pile up
                long[] bk = new long[keys.length];
                Node[] bc = new Node[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    if (children[i] != null && keys[i] != ks[j]) {
                        put(bk, bc, keys[i], children[i]);
                    }
                }
                keys = bk;
                children = bc;
                size--;
            } else {
                put(keys, children, ks[j], updated);
            }
        }
        return new Node(n, keys, children, size, n.other, n.rest);
    }

    /** Sets the child of a key in an open-addressing table (replacing the key's child if it has one). */
    static void put(long[] keys, Node[] children, long key, Node child) {
        int mask = keys.length - 1;
        int shift = 64 - Integer.numberOfTrailingZeros(keys.length);
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);; i = (i + 1) & mask) {
            if (children[i] == null || keys[i] == key) {
                keys[i] = key;
                children[i] = child.under(key);
                return;
            }
        }
    }

    private static void rehash(long[] keys, Node[] children, long[] bk, Node[] bc) {
        for (int i = 0; i < keys.length; i++) {
            if (children[i] != null) {
                put(bk, bc, keys[i], children[i]);
            }
        }
    }
}
