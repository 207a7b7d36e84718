package weir.callouts.nat;

import static weir.callouts.nat.MappingArrays.COLD;
import static weir.callouts.nat.MappingArrays.GEN_SHIFT;
import static weir.callouts.nat.MappingArrays.HELD;
import static weir.callouts.nat.MappingArrays.INBOUND;
import static weir.callouts.nat.MappingArrays.IN_HELD_LIST;
import static weir.callouts.nat.MappingArrays.LIVE;
import static weir.callouts.nat.MappingArrays.META;
import static weir.callouts.nat.MappingArrays.NEXT;
import static weir.callouts.nat.MappingArrays.PACKETS;
import static weir.callouts.nat.MappingArrays.PACKETS_HIGH;
import static weir.callouts.nat.MappingArrays.REPLY_DESTINATION;
import static weir.callouts.nat.MappingArrays.REPLY_PORTS;
import static weir.callouts.nat.MappingArrays.REPLY_SOURCE;
import static weir.callouts.nat.MappingArrays.ORIGINAL_DESTINATION;
import static weir.callouts.nat.MappingArrays.ORIGINAL_PORTS;
import static weir.callouts.nat.MappingArrays.ORIGINAL_SOURCE;
import static weir.callouts.nat.MappingArrays.REFS_MASK;
import static weir.callouts.nat.MappingArrays.REFS_MAX;
import static weir.callouts.nat.MappingArrays.REFS_SHIFT;
import static weir.callouts.nat.MappingArrays.REQUEUE;
import static weir.callouts.nat.MappingArrays.RULE;
import static weir.callouts.nat.MappingArrays.TIME;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The NAT mappings (netfilter's conntrack entries for NAT, spec §8), in primitive arrays: no object per
 * mapping and none per lookup. A mapping is found by the tuple of either direction: its original tuple (the
 * flow's first packet) and its reply tuple (the translated tuple reversed).
 *
 * <p>Storage, 60 bytes per mapping at the largest size: a hot record of 8 ints, two to a cache line and never
 * straddling two (protocol and state, both tuples, the low halves of the packet counts), a cold line of 4 ints
 * (time, the counts' high halves, the rule, the held-list link) and an index of 3 ints per mapping: open
 * addressing with linear probing over {@code int}s, each slot the mapping's number, the direction and 9 bits of
 * the key's hash (most misses end without touching the mapping), at most 2/3 full. A hit reads the index slot's
 * line and the record's line; {@link MappingArrays} says why one line per lookup does not fit in 64 bytes.
 *
 * <p>Concurrency: lookups (every packet) take no lock and never wait; they read optimistically and check a
 * sequence number (a seqlock, as {@link java.util.concurrent.locks.StampedLock#tryOptimisticRead} does), and
 * read again in the rare case that a change happened meanwhile. Changes (a flow's first packet, a flow's end,
 * expiry) are serialized by a CAS gate held for the few hundred nanoseconds a change takes; nothing is
 * allocated or called out while it is held. Growing builds new arrays beside the old ones, which stay valid
 * for readers until the new ones are published.
 */
public final class MappingTable {
    /** The most mappings a table can hold: numbers must fit the 22 bits an index slot has for them. */
    public static final int MAX_CAPACITY = (1 << 22) - 2;

    /** {@link Hit#direction}: the packet has the mapping's original tuple, or its reply tuple. */
    public static final int ORIGINAL = 0;
    public static final int REPLY = 1;

    /** What {@link #create} answers besides a mapping number. */
    public static final int FULL = -1;
    /** Another mapping has this reply tuple already (an outside address and port in use twice). */
    public static final int CLASH = -2;

    private static final VarHandle VERSION;
    private static final VarHandle GATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VERSION = l.findVarHandle(MappingTable.class, "version", int.class);
            GATE = l.findVarHandle(MappingTable.class, "gate", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A port (or identifier) that a released mapping gives back. */
    public interface PortReturn {
        void free(int ruleSerial, int protocol, int port);
    }

    /** A lookup's answer, filled in place (one per classifying thread). */
    public static final class Hit {
        public int mapping;
        public int generation;
        public int direction;
        /** The tuple the packet is rewritten to. */
        public int source;
        public int sourcePort;
        public int destination;
        public int destinationPort;
        /** True when the mapping was made by an inbound packet (port forward, inbound static). */
        public boolean inbound;
    }

    private final int maxCapacity;
    private volatile MappingArrays arrays;
    @SuppressWarnings("unused") // through VERSION
    private volatile int version;
    @SuppressWarnings("unused") // through GATE
    private volatile int gate;
    // guarded by the gate
    private int size;
    private int freeHead;
    private int used;
    private int heldHead;
    private int heldTail;
    private int held;

    /**
     * @param initialCapacity mappings before the first growth
     * @param maxCapacity the bound: {@link #create} answers {@link #FULL} beyond it
     */
    public MappingTable(int initialCapacity, int maxCapacity) {
        if (maxCapacity < 1 || maxCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("maxCapacity must be in 1.." + MAX_CAPACITY + ": " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        this.arrays = new MappingArrays(Math.max(1, Math.min(initialCapacity, maxCapacity)));
    }

    // ---- lookups: no lock, no allocation ----

    /**
     * Finds the mapping a packet with this tuple belongs to and fills {@code hit} with what the packet becomes.
     * False when none has the tuple in either direction.
     */
    public boolean find(int protocol, int source, int sourcePort, int destination, int destinationPort, Hit hit) {
        int ports = sourcePort << 16 | destinationPort;
        long h = MappingArrays.hash(protocol, source, ports, destination);
        while (true) {
            int v1 = (int) VERSION.getAcquire(this);
            if ((v1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            boolean found = MappingArrays.lookup(arrays, h, protocol, source, ports, destination, hit);
            VarHandle.acquireFence();
            if ((int) VERSION.getOpaque(this) == v1) {
                return found;
            }
        }
    }

    /**
     * Counts a translated packet on its mapping, in the record's line that {@link #find} has just read (plain
     * writes: a lost count under a race is acceptable).
     */
    public void count(Hit hit) {
        MappingArrays a = arrays;
        int m = hit.mapping;
        if (m >= 0 && m < a.capacity) {
            MappingArrays.count(a, m, hit.direction & 1);
        }
    }

    // ---- changes: behind the gate ----

    /**
     * Makes a mapping with one flow reference. Returns its number; or, when another thread made one for the
     * same original tuple a moment earlier, {@code -(number + 3)} (see {@link #existing}); or {@link #CLASH};
     * or {@link #FULL}.
     */
    public int create(int protocol, int source, int sourcePort, int destination, int destinationPort,
            int newSource, int newSourcePort, int newDestination, int newDestinationPort, boolean inbound,
            int ruleSerial, int nowSeconds) {
        int ports = sourcePort << 16 | destinationPort;
        // the reply tuple: the translated one reversed, as the replies carry it
        int replyPorts = newDestinationPort << 16 | newSourcePort;
        long h = MappingArrays.hash(protocol, source, ports, destination);
        long rh = MappingArrays.hash(protocol, newDestination, replyPorts, newSource);
        lock();
        try {
            MappingArrays a = arrays;
            int first = MappingArrays.probe(a, h, protocol, source, ports, destination);
            if (first != 0) {
                return -((first >>> 1 & 0x3F_FFFF) - 1) - 3;
            }
            if (MappingArrays.probe(a, rh, protocol, newDestination, replyPorts, newSource) != 0) {
                return CLASH;
            }
            if (freeHead == 0 && used == a.capacity) {
                if (a.capacity >= maxCapacity) {
                    return FULL;
                }
                a = grow(a);
            }
            int m;
            if (freeHead != 0) {
                m = freeHead - 1;
                freeHead = a.cold[m * COLD + NEXT];
            } else {
                m = used++;
            }
            int at = MappingArrays.at(m);
            int[] hot = a.hot;
            int generation = (hot[at + META] >>> GEN_SHIFT) + 1 & 0xFFF;
            begin();
            hot[at + META] = protocol & 0xFF | LIVE | (inbound ? INBOUND : 0) | 1 << REFS_SHIFT
                    | generation << GEN_SHIFT;
            hot[at + ORIGINAL_SOURCE] = source;
            hot[at + ORIGINAL_DESTINATION] = destination;
            hot[at + ORIGINAL_PORTS] = ports;
            hot[at + REPLY_SOURCE] = newDestination;
            hot[at + REPLY_DESTINATION] = newSource;
            hot[at + REPLY_PORTS] = replyPorts;
            hot[at + PACKETS] = 0;
            int c = m * COLD;
            a.cold[c + TIME] = nowSeconds;
            a.cold[c + PACKETS_HIGH] = 0;
            a.cold[c + RULE] = ruleSerial;
            a.cold[c + NEXT] = 0;
            MappingArrays.insert(a, h, m, ORIGINAL);
            MappingArrays.insert(a, rh, m, REPLY);
            end();
            size++;
            return m;
        } finally {
            unlock();
        }
    }

    /** The mapping number in a {@link #create} answer that named an existing mapping, or -1. */
    public static int existing(int created) {
        return created <= -3 ? -created - 3 : -1;
    }

    /**
     * One more flow holds the mapping (its reply flow, or a new flow on a held mapping's tuple). False when it
     * is gone or was replaced ({@code generation} no longer matches).
     */
    public boolean retain(int mapping, int generation) {
        lock();
        try {
            MappingArrays a = arrays;
            if (mapping < 0 || mapping >= a.capacity) {
                return false;
            }
            int at = MappingArrays.at(mapping);
            int meta = a.hot[at + META];
            if ((meta & LIVE) == 0 || meta >>> GEN_SHIFT != generation) {
                return false;
            }
            int refs = (meta & REFS_MASK) >>> REFS_SHIFT;
            if (refs == REFS_MAX) {
                return false;
            }
            if ((meta & HELD) != 0) {
                held--;
            }
            // a revived mapping may still be in the held list: reap skips it while it is not held
            a.hot[at + META] = meta & ~(REFS_MASK | HELD) | (refs + 1) << REFS_SHIFT;
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * A flow holding the mapping ended (flowDelete). The last one starts the hold time; {@link #reap} frees it
     * once that has passed. Returns the flows still holding it (0: it is held now), or -1 when the mapping is
     * gone or was replaced.
     */
    public int release(int mapping, int generation, int nowSeconds) {
        lock();
        try {
            MappingArrays a = arrays;
            if (mapping < 0 || mapping >= a.capacity) {
                return -1;
            }
            int at = MappingArrays.at(mapping);
            int meta = a.hot[at + META];
            if ((meta & LIVE) == 0 || meta >>> GEN_SHIFT != generation || (meta & REFS_MASK) == 0) {
                return -1;
            }
            int refs = ((meta & REFS_MASK) >>> REFS_SHIFT) - 1;
            meta = meta & ~REFS_MASK | refs << REFS_SHIFT;
            if (refs == 0) {
                meta |= HELD;
                held++;
                a.cold[mapping * COLD + TIME] = nowSeconds;
                if ((meta & IN_HELD_LIST) == 0) {
                    meta |= IN_HELD_LIST;
                    append(a, mapping);
                } else {
                    meta |= REQUEUE;
                }
            }
            a.hot[at + META] = meta;
            return refs;
        } finally {
            unlock();
        }
    }

    /**
     * Frees the held mappings whose hold time has passed as of {@code nowSeconds} (capture time), giving their
     * ports back. Returns how many were freed. Cheap when none are due: it looks at the oldest only.
     */
    public int reap(int nowSeconds, int holdSeconds, PortReturn ports) {
        if (held == 0) {
            return 0; // a racy peek: the next call sees it
        }
        lock();
        try {
            return reapLocked(nowSeconds, holdSeconds, ports);
        } finally {
            unlock();
        }
    }

    /** Frees every mapping (the callout stops), giving every port back. */
    public void clear(PortReturn ports) {
        lock();
        try {
            MappingArrays a = arrays;
            for (int m = 0; m < used; m++) {
                if ((a.hot[MappingArrays.at(m) + META] & LIVE) != 0) {
                    free(a, m, ports);
                }
            }
            heldHead = 0;
            heldTail = 0;
            held = 0;
        } finally {
            unlock();
        }
    }

    /**
     * The held list is in release order, so reaping stops at the first mapping not yet due. A mapping released
     * again while still in the list (revived by a new flow, then ended) sits at an older place: it goes to the
     * back once, which keeps the list nearly in order at O(1) per release.
     */
    private int reapLocked(int nowSeconds, int holdSeconds, PortReturn ports) {
        MappingArrays a = arrays;
        int freed = 0;
        while (heldHead != 0) {
            int m = heldHead - 1;
            int c = m * COLD;
            int at = MappingArrays.at(m);
            int meta = a.hot[at + META];
            boolean isHeld = (meta & (HELD | LIVE)) == (HELD | LIVE);
            if (isHeld && (meta & REQUEUE) == 0) {
                long age = Integer.toUnsignedLong(nowSeconds) - Integer.toUnsignedLong(a.cold[c + TIME]);
                if (age < holdSeconds) {
                    break;
                }
            }
            heldHead = a.cold[c + NEXT];
            a.cold[c + NEXT] = 0;
            if (heldHead == 0) {
                heldTail = 0;
            }
            if (isHeld && (meta & REQUEUE) != 0) {
                a.hot[at + META] = meta & ~REQUEUE;
                append(a, m);
                continue;
            }
            a.hot[at + META] = meta & ~(IN_HELD_LIST | REQUEUE);
            if (isHeld) {
                held--;
                free(a, m, ports);
                freed++;
            }
        }
        return freed;
    }

    private void append(MappingArrays a, int m) {
        a.cold[m * COLD + NEXT] = 0;
        if (heldTail == 0) {
            heldHead = m + 1;
        } else {
            a.cold[(heldTail - 1) * COLD + NEXT] = m + 1;
        }
        heldTail = m + 1;
    }

    /** Removes a mapping's two index entries and puts it on the free list. Behind the gate. */
    private void free(MappingArrays a, int m, PortReturn ports) {
        int at = MappingArrays.at(m);
        int[] hot = a.hot;
        int meta = hot[at + META];
        int protocol = meta & 0xFF;
        long h = MappingArrays.entryHash(a, m, ORIGINAL);
        long rh = MappingArrays.entryHash(a, m, REPLY);
        begin();
        MappingArrays.remove(a, h, m, ORIGINAL);
        MappingArrays.remove(a, rh, m, REPLY);
        // the generation stays: the next mapping in this place counts on from it
        hot[at + META] = meta & (0xFFF << GEN_SHIFT);
        end();
        int c = m * COLD;
        a.cold[c + NEXT] = freeHead;
        freeHead = m + 1;
        size--;
        // the new source port: the reply tuple's destination port
        ports.free(a.cold[c + RULE], protocol, hot[at + REPLY_PORTS] & 0xFFFF);
    }

    /** Doubles the arrays (up to the bound) beside the old ones; readers keep using the old until published. */
    private MappingArrays grow(MappingArrays old) {
        MappingArrays a = old.grown((int) Math.min(maxCapacity, Math.max(16L, old.capacity * 2L)), used);
        // readers that took the old arrays saw a consistent (unchanged) picture; the new one is complete too
        arrays = a;
        return a;
    }

    private void lock() {
        while (!GATE.weakCompareAndSetAcquire(this, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlock() {
        GATE.setRelease(this, 0);
    }

    /** Starts an in-place change: readers that overlap it read again. */
    private void begin() {
        VERSION.setOpaque(this, (int) VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    private void end() {
        VERSION.setRelease(this, (int) VERSION.getOpaque(this) + 1);
    }

    // ---- views (allocate; not for the packet path) ----

    /** Mappings in the table (active and held). */
    public int size() {
        return size;
    }

    /** Mappings held after their flows ended, waiting out the hold time. */
    public int held() {
        return held;
    }

    public int capacity() {
        return arrays.capacity;
    }

    public int maxCapacity() {
        return maxCapacity;
    }

    /** Bytes of the arrays now (hot, cold and index lines). */
    public long bytes() {
        MappingArrays a = arrays;
        return 4L * (a.hot.length + a.cold.length + a.index.length);
    }

    /** Bytes of the index alone (part of {@link #bytes}): what a lookup reads before the mapping's record. */
    public long indexBytes() {
        return 4L * arrays.index.length;
    }

    /** Mappings (active and held) made by the rule with this serial: one pass behind the gate, no allocation. */
    public int countByRule(int ruleSerial) {
        int n = 0;
        lock();
        try {
            MappingArrays a = arrays;
            for (int m = 0; m < used; m++) {
                if ((a.hot[MappingArrays.at(m) + META] & LIVE) != 0 && a.cold[m * COLD + RULE] == ruleSerial) {
                    n++;
                }
            }
        } finally {
            unlock();
        }
        return n;
    }

    /** One mapping as the shell shows it. */
    public record Row(int mapping, int protocol, boolean inbound, int source, int sourcePort, int destination,
            int destinationPort, int newSource, int newSourcePort, int newDestination, int newDestinationPort,
            int ruleSerial, int flows, boolean held, int timeSeconds, long originalPackets, long replyPackets) {
    }

    /** Up to {@code limit} mappings in the order they sit in the table (behind the gate, briefly). */
    public java.util.List<Row> rows(int limit) {
        java.util.List<Row> out = new java.util.ArrayList<>();
        lock();
        try {
            MappingArrays a = arrays;
            for (int m = 0; m < used && out.size() < limit; m++) {
                int at = MappingArrays.at(m);
                int[] hot = a.hot;
                int meta = hot[at + META];
                if ((meta & LIVE) == 0) {
                    continue;
                }
                int op = hot[at + ORIGINAL_PORTS];
                int rp = hot[at + REPLY_PORTS];
                int c = m * COLD;
                out.add(new Row(m, meta & 0xFF, (meta & INBOUND) != 0, hot[at + ORIGINAL_SOURCE], op >>> 16,
                        hot[at + ORIGINAL_DESTINATION], op & 0xFFFF, hot[at + REPLY_DESTINATION], rp & 0xFFFF,
                        hot[at + REPLY_SOURCE], rp >>> 16, a.cold[c + RULE], (meta & REFS_MASK) >>> REFS_SHIFT,
                        (meta & HELD) != 0, a.cold[c + TIME], MappingArrays.packets(a, m, ORIGINAL),
                        MappingArrays.packets(a, m, REPLY)));
            }
        } finally {
            unlock();
        }
        return out;
    }
}
