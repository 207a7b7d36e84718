package weir.shim.pcap.flow;

/**
 * The storage of {@link FlowTracker}: one open-addressing table with linear probing, so that a flow is a slot
 * index and no object exists per flow or per packet. A slot's hot words — what a lookup compares and what every
 * packet of the flow reads or writes — sit together in one {@value #STRIDE}-long run of {@link #hot} (64 bytes:
 * one cache line, or two when the array's elements do not start on a line, which Java does not let us choose),
 * so that finding a flow in a table far larger than the caches costs one or two misses, not one per field
 * (a replay reads them ahead, {@link FlowTracker#touch}); the counters only the shell reads are apart
 * ({@link #cold}). Replaced as a whole when the table grows,
 * so that a reader on another thread (the shell's {@code shim:flows}) always sees arrays of one size.
 *
 * <p>Hot words of slot {@code s}, at {@code s * STRIDE}: the key's {@link FlowKey#meta} (protocol, IP version,
 * ports; never 0 for a flow, so 0 marks a free slot), the endpoints' addresses (aLow, bLow, aHigh, bHigh), the
 * {@link FlowState} bits (low 32) with the reauthorization epoch (high 32), the engine's flow handle (0 once the
 * flow ended), and the capture time of its last packet. An IPv4 flow's address high words would always be 0
 * (its meta says IPv4, so they need no comparing): they hold its packets after the first (bHigh) and the filter
 * that blocked it at ALE (aHigh) instead, so that an IPv4 packet reads and writes its slot's 64 bytes and
 * nothing else. An IPv6 flow keeps those two in its cold words, at {@code s * 2}. A free slot's cold words are
 * always 0 (a new table's are, and {@link #clear} keeps them so), so a new flow in a free slot does not touch
 * its cold words at all. A flow that starts again in its slot ({@link #resetCold}) clears them.
 */
final class FlowTable {
    static final int STRIDE = 8;
    private static final int META = 0;
    private static final int A_LOW = 1;
    private static final int B_LOW = 2;
    private static final int A_HIGH = 3;
    private static final int B_HIGH = 4;
    private static final int STATE_EPOCH = 5;
    private static final int HANDLE = 6;
    private static final int LAST_SEEN = 7;
    private static final long LOW = 0xFFFFFFFFL;

    final int mask;
    final long[] hot;
    final long[] cold;

    FlowTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        hot = new long[capacity * STRIDE];
        cold = new long[capacity * 2];
    }

    int capacity() {
        return mask + 1;
    }

    boolean used(int slot) {
        return hot[slot * STRIDE + META] != 0;
    }

    /** Whether slot holds the flow of {@code k}. */
    boolean holds(int slot, FlowKey k) {
        int i = slot * STRIDE;
        long[] h = hot;
        // the same meta means the same IP version: an IPv4 key's high words are 0 and the slot's hold counters
        return h[i + META] == k.meta && h[i + A_LOW] == k.aLow && h[i + B_LOW] == k.bLow
                && (k.v4 || h[i + A_HIGH] == k.aHigh && h[i + B_HIGH] == k.bHigh);
    }

    /** An IPv4 flow: its address high words hold its counters (see the class comment). */
    private boolean v4(int i) {
        return FlowKey.version(hot[i + META]) == 4;
    }

    /** Stores the key of a new flow with its first values (its cold words must be 0: see the class comment). */
    void put(int slot, FlowKey k, int state, long handle, long lastSeen) {
        int i = slot * STRIDE;
        long[] h = hot;
        h[i + META] = k.meta;
        h[i + A_LOW] = k.aLow;
        h[i + B_LOW] = k.bLow;
        h[i + A_HIGH] = k.aHigh; // 0 for IPv4: no blocking filter yet
        h[i + B_HIGH] = k.bHigh; // 0 for IPv4: no packet after the first yet
        h[i + STATE_EPOCH] = state & LOW;
        h[i + HANDLE] = handle;
        h[i + LAST_SEEN] = lastSeen;
    }

    /** Zeroes the cold words of a slot whose flow starts again (a free slot's are 0 already). */
    void resetCold(int slot) {
        cold[slot * 2] = 0;
        cold[slot * 2 + 1] = 0;
    }

    /** The hash of the flow in slot, worked out again from its key (moves and growth only: not per packet). */
    int hash(int slot) {
        int i = slot * STRIDE;
        return FlowKey.mix(hot[i + META], aHigh(slot), hot[i + A_LOW], bHigh(slot), hot[i + B_LOW]);
    }

    /** The home bucket of the flow in slot. */
    int home(int slot) {
        return hash(slot) & mask;
    }

    long meta(int slot) {
        return hot[slot * STRIDE + META];
    }

    long aHigh(int slot) {
        int i = slot * STRIDE;
        return v4(i) ? 0 : hot[i + A_HIGH];
    }

    long aLow(int slot) {
        return hot[slot * STRIDE + A_LOW];
    }

    long bHigh(int slot) {
        int i = slot * STRIDE;
        return v4(i) ? 0 : hot[i + B_HIGH];
    }

    long bLow(int slot) {
        return hot[slot * STRIDE + B_LOW];
    }

    int state(int slot) {
        return (int) hot[slot * STRIDE + STATE_EPOCH];
    }

    void setState(int slot, int state) {
        int i = slot * STRIDE + STATE_EPOCH;
        hot[i] = (hot[i] & ~LOW) | (state & LOW);
    }

    int epoch(int slot) {
        return (int) (hot[slot * STRIDE + STATE_EPOCH] >>> 32);
    }

    void setEpoch(int slot, int epoch) {
        int i = slot * STRIDE + STATE_EPOCH;
        hot[i] = (hot[i] & LOW) | ((long) epoch << 32);
    }

    long handle(int slot) {
        return hot[slot * STRIDE + HANDLE];
    }

    void setHandle(int slot, long handle) {
        hot[slot * STRIDE + HANDLE] = handle;
    }

    long lastSeen(int slot) {
        return hot[slot * STRIDE + LAST_SEEN];
    }

    void setLastSeen(int slot, long time) {
        hot[slot * STRIDE + LAST_SEEN] = time;
    }

    long packets(int slot) {
        int i = slot * STRIDE;
        return (v4(i) ? hot[i + B_HIGH] : cold[slot * 2]) + 1;
    }

    void countPacket(int slot) {
        int i = slot * STRIDE;
        if (v4(i)) {
            hot[i + B_HIGH]++;
        } else {
            cold[slot * 2]++;
        }
    }

    long blockingFilter(int slot) {
        int i = slot * STRIDE;
        return v4(i) ? hot[i + A_HIGH] : cold[slot * 2 + 1];
    }

    void setBlockingFilter(int slot, long filterId) {
        int i = slot * STRIDE;
        if (v4(i)) {
            hot[i + A_HIGH] = filterId;
        } else {
            cold[slot * 2 + 1] = filterId;
        }
    }

    void copy(int from, FlowTable to, int at) {
        System.arraycopy(hot, from * STRIDE, to.hot, at * STRIDE, STRIDE);
        to.cold[at * 2] = cold[from * 2];
        to.cold[at * 2 + 1] = cold[from * 2 + 1];
    }

    void clear(int slot) {
        java.util.Arrays.fill(hot, slot * STRIDE, slot * STRIDE + STRIDE, 0L);
        cold[slot * 2] = 0;
        cold[slot * 2 + 1] = 0;
    }

    /**
     * Removes the entry at {@code slot} by shifting later entries of its probe run back (no tombstones, so
     * lookups never slow down with churn). Returns the slot that now holds a moved entry and may need
     * another look by a sweep, or -1.
     */
    int remove(int slot) {
        int hole = slot;
        int j = slot;
        int refill = -1;
        while (true) {
            j = (j + 1) & mask;
            if (!used(j)) {
                break;
            }
            int home = home(j);
            // the entry at j may move into the hole only if its home is not cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (stays) {
                continue;
            }
            copy(j, this, hole);
            if (refill < 0) {
                refill = hole;
            }
            hole = j;
        }
        clear(hole);
        return refill;
    }
}
