package weir.callouts.nat;

/**
 * The storage of {@link MappingTable} at one size: a hot line of {@value #HOT} ints per mapping (protocol and
 * state, both tuples, the rule), a cold line of {@value #COLD} ints (time, packets each way, list link), and
 * an open-addressing index with linear probing over {@code int}s, three slots per mapping (so at most 2/3
 * full), each slot {@code tag(9 bits) | (mapping + 1)(22 bits) | direction(1 bit)}: most slots of another key
 * are passed over on the tag alone, without touching the mapping. Deletion shifts later entries of a run back
 * (no tombstones). Replaced as a whole when the table grows. Reads here may see a change half made: the
 * table's seqlock tells the reader to read again.
 */
final class MappingArrays {
    static final int HOT = 8;
    static final int META = 0;
    static final int ORIGINAL_SOURCE = 1;
    static final int ORIGINAL_DESTINATION = 2;
    /** Source port in the high 16 bits, destination port in the low 16 (for ICMP echo: the identifier twice). */
    static final int ORIGINAL_PORTS = 3;
    static final int NEW_SOURCE = 4;
    static final int NEW_DESTINATION = 5;
    static final int NEW_PORTS = 6;
    /** The {@link NatRule#serial} that made it: where its allocated port goes back to. */
    static final int RULE = 7;

    static final int COLD = 4;
    /** Capture time in seconds: of creation while active, of release while held. */
    static final int TIME = 0;
    static final int ORIGINAL_PACKETS = 1;
    static final int REPLY_PACKETS = 2;
    /** The next mapping in the held list (or in the free list), +1; 0 for none. */
    static final int NEXT = 3;

    // META bits: protocol 0-7, flags 8-12, flow references 13-19, generation 20-31
    static final int INBOUND = 1 << 8;
    static final int LIVE = 1 << 9;
    static final int HELD = 1 << 10;
    static final int IN_HELD_LIST = 1 << 11;
    /** Released again while still in the held list (at an older place): goes to the back when reached. */
    static final int REQUEUE = 1 << 12;
    static final int REFS_SHIFT = 13;
    static final int REFS_MAX = 0x7F;
    static final int REFS_MASK = REFS_MAX << REFS_SHIFT;
    static final int GEN_SHIFT = 20;

    final int capacity;
    final int[] hot;
    final int[] cold;
    final int[] index;
    final int slots;

    MappingArrays(int capacity) {
        this.capacity = capacity;
        hot = new int[capacity * HOT];
        cold = new int[capacity * COLD];
        slots = Math.max(16, capacity * 3);
        index = new int[slots];
    }

    /** A copy at a larger {@code capacity}, its index rebuilt from the {@code used} mappings. */
    MappingArrays grown(int newCapacity, int used) {
        MappingArrays a = new MappingArrays(newCapacity);
        System.arraycopy(hot, 0, a.hot, 0, hot.length);
        System.arraycopy(cold, 0, a.cold, 0, cold.length);
        for (int m = 0; m < used; m++) {
            int at = m * HOT;
            int meta = a.hot[at + META];
            if ((meta & LIVE) == 0) {
                continue;
            }
            int protocol = meta & 0xFF;
            int op = a.hot[at + ORIGINAL_PORTS];
            int np = a.hot[at + NEW_PORTS];
            insert(a, hash(protocol, a.hot[at + ORIGINAL_SOURCE], op >>> 16, a.hot[at + ORIGINAL_DESTINATION],
                    op & 0xFFFF), m, MappingTable.ORIGINAL);
            insert(a, hash(protocol, a.hot[at + NEW_DESTINATION], np & 0xFFFF, a.hot[at + NEW_SOURCE],
                    np >>> 16), m, MappingTable.REPLY);
        }
        return a;
    }

    /** The slot value of the key's entry in the index, 0 if absent. Reads may be torn: the caller validates. */
    static int probe(MappingArrays a, long h, int protocol, int source, int ports, int destination) {
        int[] index = a.index;
        int[] hot = a.hot;
        int slots = a.slots;
        int tag = tag(h);
        int i = home(h, slots);
        for (int n = 0; n < slots; n++) {
            int v = index[i];
            if (v == 0) {
                return 0;
            }
            if ((v >>> 23) == tag) {
                int m = (v >>> 1 & 0x3F_FFFF) - 1;
                if (m >= 0 && m < a.capacity && matches(hot, m * HOT, v & 1, protocol, source, ports, destination)) {
                    return v;
                }
            }
            if (++i == slots) {
                i = 0;
            }
        }
        return 0;
    }

    static boolean matches(int[] hot, int at, int direction, int protocol, int source, int ports,
            int destination) {
        int meta = hot[at + META];
        if ((meta & LIVE) == 0 || (meta & 0xFF) != protocol) {
            return false;
        }
        if (direction == MappingTable.ORIGINAL) {
            return hot[at + ORIGINAL_SOURCE] == source && hot[at + ORIGINAL_DESTINATION] == destination
                    && hot[at + ORIGINAL_PORTS] == ports;
        }
        int np = hot[at + NEW_PORTS];
        return hot[at + NEW_DESTINATION] == source && hot[at + NEW_SOURCE] == destination
                && (np << 16 | np >>> 16) == ports;
    }

    static void fill(MappingArrays a, int slotValue, MappingTable.Hit hit) {
        int m = (slotValue >>> 1 & 0x3F_FFFF) - 1;
        int at = m * HOT;
        int[] hot = a.hot;
        int meta = hot[at + META];
        hit.mapping = m;
        hit.generation = meta >>> GEN_SHIFT;
        hit.direction = slotValue & 1;
        hit.inbound = (meta & INBOUND) != 0;
        if (hit.direction == MappingTable.ORIGINAL) {
            int np = hot[at + NEW_PORTS];
            hit.source = hot[at + NEW_SOURCE];
            hit.sourcePort = np >>> 16;
            hit.destination = hot[at + NEW_DESTINATION];
            hit.destinationPort = np & 0xFFFF;
        } else {
            int op = hot[at + ORIGINAL_PORTS];
            hit.source = hot[at + ORIGINAL_DESTINATION];
            hit.sourcePort = op & 0xFFFF;
            hit.destination = hot[at + ORIGINAL_SOURCE];
            hit.destinationPort = op >>> 16;
        }
    }

    static void insert(MappingArrays a, long h, int m, int direction) {
        int[] index = a.index;
        int i = home(h, a.slots);
        while (index[i] != 0) {
            if (++i == a.slots) {
                i = 0;
            }
        }
        index[i] = tag(h) << 23 | (m + 1) << 1 | direction;
    }

    /** Removes one index entry by shifting later entries of its run back (no tombstones). */
    static void remove(MappingArrays a, long h, int m, int direction) {
        int[] index = a.index;
        int slots = a.slots;
        int want = tag(h) << 23 | (m + 1) << 1 | direction;
        int i = home(h, slots);
        int n = 0;
        while (index[i] != want) {
            if (index[i] == 0 || ++n > slots) {
                return;
            }
            if (++i == slots) {
                i = 0;
            }
        }
        int hole = i;
        int j = i;
        while (true) {
            if (++j == slots) {
                j = 0;
            }
            int v = index[j];
            if (v == 0) {
                break;
            }
            int home = homeOfSlot(a, v);
            // the entry at j may move into the hole only if its home is not cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                index[hole] = v;
                hole = j;
            }
        }
        index[hole] = 0;
    }

    static int homeOfSlot(MappingArrays a, int v) {
        int m = (v >>> 1 & 0x3F_FFFF) - 1;
        int at = m * HOT;
        int[] hot = a.hot;
        int protocol = hot[at + META] & 0xFF;
        long h;
        if ((v & 1) == MappingTable.ORIGINAL) {
            int op = hot[at + ORIGINAL_PORTS];
            h = hash(protocol, hot[at + ORIGINAL_SOURCE], op >>> 16, hot[at + ORIGINAL_DESTINATION], op & 0xFFFF);
        } else {
            int np = hot[at + NEW_PORTS];
            h = hash(protocol, hot[at + NEW_DESTINATION], np & 0xFFFF, hot[at + NEW_SOURCE], np >>> 16);
        }
        return home(h, a.slots);
    }


    static long hash(int protocol, int source, int sourcePort, int destination, int destinationPort) {
        long a = (long) source << 32 | (destination & 0xFFFF_FFFFL);
        long b = (long) protocol << 32 | (long) sourcePort << 16 | destinationPort;
        long h = a * 0x9E37_79B9_7F4A_7C15L + b;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        h ^= h >>> 32;
        return h;
    }

    /** The home slot: Lemire's multiply-shift range reduction (any number of slots, no modulo). */
    static int home(long h, int slots) {
        return (int) (((h & 0xFFFF_FFFFL) * slots) >>> 32);
    }

    static int tag(long h) {
        return (int) (h >>> 55) & 0x1FF;
    }
}
