package weir.callouts.nat;

/**
 * The storage of {@link MappingTable} at one size: a hot record of {@value #HOT} ints per mapping (protocol and
 * state, both tuples as the packets carry them, the low halves of the packet counts), a cold line of
 * {@value #COLD} ints (time, the high halves of the counts, the rule, list link), and an open-addressing index
 * with linear probing over {@code int}s, three slots per mapping (so at most 2/3 full), each slot
 * {@code tag(9 bits) | (mapping + 1)(22 bits) | direction(1 bit)}: most slots of another key are passed over on
 * the tag alone, without touching the mapping. Deletion shifts later entries of a run back (no tombstones).
 * Replaced as a whole when the table grows. Reads here may see a change half made: the table's seqlock tells the
 * reader to read again.
 *
 * <p>A hit reads two cache lines, the index slot's and the record's, and no more: records are 32 bytes, two to a
 * 64-byte line, and start {@value #HOT_BASE} ints into the array so that none straddles two lines (HotSpot's
 * {@code int[]} header is 16 bytes, and a large array is humongous in G1, so it starts at a region's start: the
 * first record sits at byte 64). Without this, every second record straddled two lines. With another header
 * size only the alignment is lost, nothing else. Both tuples are stored the way a packet carries them
 * (the reply tuple is the translated one reversed), so a slot's direction picks the tuple to compare and the
 * other tuple, reversed, is what the packet becomes: no branch on the direction. A translated packet's count
 * goes to the same line (16 bits per direction there, the carry to the cold line once in 65,536 packets), so a
 * translated packet's table work touches those two lines only.
 *
 * <p>Why not one line per lookup: a packet of either direction must find, in the line it hashes to, its whole
 * key (13 bytes, no false match allowed in a firewall) and its translation (6 bytes), so each direction needs
 * its own ~24-byte entry with the mapping's number: 48 bytes per flow before load factor, plus the mapping's
 * state (references, time, counts, rule, list link, ~20 bytes): over 64 bytes per flow at any load an open
 * table can have. The record held once and indexed twice (60 bytes per flow) costs the second line.
 */
final class MappingArrays {
    /** Ints before the first record: 16 bytes of array header + 48 = 64, so records never straddle lines. */
    static final int HOT_BASE = 12;
    static final int HOT = 8;
    static final int META = 0;
    /** Tuple {@code d} (0 original, 1 reply) is at {@code TUPLE + 3 * d}: source, destination, ports. */
    static final int TUPLE = 1;
    static final int ORIGINAL_SOURCE = 1;
    static final int ORIGINAL_DESTINATION = 2;
    /** Source port in the high 16 bits, destination port in the low 16 (for ICMP echo: the identifier twice). */
    static final int ORIGINAL_PORTS = 3;
    /** The reply tuple: the translated tuple reversed (source = new destination, and so on). */
    static final int REPLY_SOURCE = 4;
    static final int REPLY_DESTINATION = 5;
    static final int REPLY_PORTS = 6;
    /** Low 16 bits of the packets counted in the original direction, and (high half) in the reply direction. */
    static final int PACKETS = 7;

    static final int COLD = 4;
    /** Capture time in seconds: of creation while active, of release while held. */
    static final int TIME = 0;
    /** The counts' high 16 bits, original direction low, reply direction high. */
    static final int PACKETS_HIGH = 1;
    /** The {@link NatRule#serial} that made it: where its allocated port goes back to. */
    static final int RULE = 2;
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
        hot = new int[HOT_BASE + capacity * HOT];
        cold = new int[capacity * COLD];
        slots = Math.max(16, capacity * 3);
        index = new int[slots];
    }

    /** Where mapping {@code m}'s hot record starts in {@link #hot}. */
    static int at(int m) {
        return HOT_BASE + m * HOT;
    }

    /** A copy at a larger {@code capacity}, its index rebuilt from the {@code used} mappings. */
    MappingArrays grown(int newCapacity, int used) {
        MappingArrays a = new MappingArrays(newCapacity);
        System.arraycopy(hot, 0, a.hot, 0, hot.length);
        System.arraycopy(cold, 0, a.cold, 0, cold.length);
        for (int m = 0; m < used; m++) {
            if ((a.hot[at(m) + META] & LIVE) != 0) {
                insert(a, entryHash(a, m, MappingTable.ORIGINAL), m, MappingTable.ORIGINAL);
                insert(a, entryHash(a, m, MappingTable.REPLY), m, MappingTable.REPLY);
            }
        }
        return a;
    }

    /** The hash of mapping {@code m}'s tuple in {@code direction}, as a packet with that tuple hashes. */
    static long entryHash(MappingArrays a, int m, int direction) {
        int at = at(m);
        int[] hot = a.hot;
        int k = at + TUPLE + 3 * direction;
        return hash(hot[at + META] & 0xFF, hot[k], hot[k + 2], hot[k + 1]);
    }

    /** The slot value of the key's entry in the index, 0 if absent. Reads may be torn: the caller validates. */
    static int probe(MappingArrays a, long h, int protocol, int source, int ports, int destination) {
        int[] index = a.index;
        int[] hot = a.hot;
        int slots = a.slots;
        int capacity = a.capacity;
        int tag = tag(h);
        int i = home(h, slots);
        for (int n = 0; n < slots; n++) {
            int v = index[i];
            if (v == 0) {
                return 0;
            }
            if ((v >>> 23) == tag) {
                int m = (v >>> 1 & 0x3F_FFFF) - 1;
                if (m >= 0 && m < capacity && matches(hot, at(m), v & 1, protocol, source, ports, destination)) {
                    return v;
                }
            }
            if (++i == slots) {
                i = 0;
            }
        }
        return 0;
    }

    /** Whether the record at {@code at} is live and has this key as its tuple in {@code direction}. */
    static boolean matches(int[] hot, int at, int direction, int protocol, int source, int ports,
            int destination) {
        int k = at + TUPLE + 3 * direction;
        // non-short-circuit: one branch on the whole comparison, the record's line is read anyway
        return (hot[at + META] & (LIVE | 0xFF)) == (LIVE | protocol & 0xFF) & hot[k] == source
                & hot[k + 1] == destination & hot[k + 2] == ports;
    }

    /**
     * Finds the key's entry and fills {@code hit} with what the packet becomes (the other direction's tuple
     * reversed) in the same pass: the record's line is read once, and no number is decoded twice (a lookup is
     * bound by memory latency; the fewer instructions it takes, the more lookups the core overlaps). Reads may
     * be torn: the caller validates, and a {@code hit} filled by a torn read is filled again.
     */
    static boolean lookup(MappingArrays a, long h, int protocol, int source, int ports, int destination,
            MappingTable.Hit hit) {
        int[] index = a.index;
        int[] hot = a.hot;
        int slots = a.slots;
        int capacity = a.capacity;
        int tag = tag(h);
        int key = LIVE | protocol & 0xFF;
        int i = home(h, slots);
        for (int n = 0; n < slots; n++) {
            int v = index[i];
            if (v == 0) {
                return false;
            }
            if ((v >>> 23) == tag) {
                int m = (v >>> 1 & 0x3F_FFFF) - 1;
                int direction = v & 1;
                int at = at(m);
                int k = at + TUPLE + 3 * direction;
                int meta;
                // non-short-circuit: one branch on the whole comparison, the record's line is read anyway
                if (m >= 0 && m < capacity && ((meta = hot[at + META]) & (LIVE | 0xFF)) == key
                        & hot[k] == source & hot[k + 1] == destination & hot[k + 2] == ports) {
                    int other = at + (TUPLE + 3) - 3 * direction;
                    int translated = hot[other + 2];
                    hit.mapping = m;
                    hit.generation = meta >>> GEN_SHIFT;
                    hit.direction = direction;
                    hit.inbound = (meta & INBOUND) != 0;
                    hit.source = hot[other + 1];
                    hit.sourcePort = translated & 0xFFFF;
                    hit.destination = hot[other];
                    hit.destinationPort = translated >>> 16;
                    return true;
                }
            }
            if (++i == slots) {
                i = 0;
            }
        }
        return false;
    }

    /**
     * Counts one packet in {@code direction} on the record's line: 16 bits there, the carry to the cold line.
     * Plain writes: a count lost to a race is acceptable.
     */
    static void count(MappingArrays a, int m, int direction) {
        int p = at(m) + PACKETS;
        int shift = direction << 4;
        int v = a.hot[p];
        if ((v >>> shift & 0xFFFF) == 0xFFFF) {
            a.hot[p] = v & ~(0xFFFF << shift);
            a.cold[m * COLD + PACKETS_HIGH] += 1 << shift;
        } else {
            a.hot[p] = v + (1 << shift);
        }
    }

    /** Packets counted in {@code direction}, up to 2^32 - 1. */
    static long packets(MappingArrays a, int m, int direction) {
        int shift = direction << 4;
        int low = a.hot[at(m) + PACKETS] >>> shift & 0xFFFF;
        int high = a.cold[m * COLD + PACKETS_HIGH] >>> shift & 0xFFFF;
        return (long) high << 16 | low;
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
            int home = home(entryHash(a, (v >>> 1 & 0x3F_FFFF) - 1, v & 1), slots);
            // the entry at j may move into the hole only if its home is not cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                index[hole] = v;
                hole = j;
            }
        }
        index[hole] = 0;
    }

    /** A packet's key hash: {@code ports} is the source port in the high 16 bits, the destination's low. */
    static long hash(int protocol, int source, int ports, int destination) {
        long a = (long) source << 32 | (destination & 0xFFFF_FFFFL);
        long b = (long) protocol << 32 | (ports & 0xFFFF_FFFFL);
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
