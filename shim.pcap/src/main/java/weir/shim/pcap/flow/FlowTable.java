package weir.shim.pcap.flow;

/**
 * The storage of {@link FlowTracker}: parallel primitive arrays of one open-addressing table with linear
 * probing, so that a flow is a slot index and no object exists per flow or per packet. Replaced as a whole
 * when the table grows, so that a reader on another thread (the shell's {@code shim:flows}) always sees
 * arrays of one size.
 */
final class FlowTable {
    final int mask;
    /** Per slot: the home bucket's hash, 0 when the slot is free (hashes are made non-zero). */
    final int[] hash;
    /** Per slot: protocol, IP version and both ports (see {@link FlowKey#meta}). */
    final long[] meta;
    final long[] aHigh;
    final long[] aLow;
    final long[] bHigh;
    final long[] bLow;
    /** The engine's flow handle, 0 once the flow ended. */
    final long[] handle;
    /** Capture time of the flow's last packet, nanoseconds. */
    final long[] lastSeen;
    final long[] packets;
    /** The filter that blocked the flow at ALE, for the summary and {@code shim:flows}. */
    final long[] blockingFilter;
    /** {@link FlowState} bits. */
    final int[] state;
    /** The reauthorization epoch of the flow's ALE auth layer when it was last authorized. */
    final int[] epoch;

    FlowTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        hash = new int[capacity];
        meta = new long[capacity];
        aHigh = new long[capacity];
        aLow = new long[capacity];
        bHigh = new long[capacity];
        bLow = new long[capacity];
        handle = new long[capacity];
        lastSeen = new long[capacity];
        packets = new long[capacity];
        blockingFilter = new long[capacity];
        state = new int[capacity];
        epoch = new int[capacity];
    }

    int capacity() {
        return mask + 1;
    }

    boolean used(int slot) {
        return hash[slot] != 0;
    }

    void copy(int from, FlowTable to, int at) {
        to.hash[at] = hash[from];
        to.meta[at] = meta[from];
        to.aHigh[at] = aHigh[from];
        to.aLow[at] = aLow[from];
        to.bHigh[at] = bHigh[from];
        to.bLow[at] = bLow[from];
        to.handle[at] = handle[from];
        to.lastSeen[at] = lastSeen[from];
        to.packets[at] = packets[from];
        to.blockingFilter[at] = blockingFilter[from];
        to.state[at] = state[from];
        to.epoch[at] = epoch[from];
    }

    void clear(int slot) {
        hash[slot] = 0;
        meta[slot] = 0;
        aHigh[slot] = 0;
        aLow[slot] = 0;
        bHigh[slot] = 0;
        bLow[slot] = 0;
        handle[slot] = 0;
        lastSeen[slot] = 0;
        packets[slot] = 0;
        blockingFilter[slot] = 0;
        state[slot] = 0;
        epoch[slot] = 0;
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
            if (hash[j] == 0) {
                break;
            }
            int home = hash[j] & mask;
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
