package weir.callouts.nat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outside ports (or ICMP identifiers) of one source NAT rule and protocol: a bitmap claimed with CAS, so
 * allocating on the packet path takes no lock. A rotating start point spreads allocations over the range, so a
 * port just released is not handed out again at once (the peer may still hold the old connection).
 */
final class PortPool {
    private final int low;
    private final int size;
    private final AtomicLongArray used;
    private final AtomicInteger next = new AtomicInteger();

    PortPool(int low, int high) {
        this.low = low;
        this.size = high - low + 1;
        this.used = new AtomicLongArray((size + 63) >>> 6);
    }

    /** A free port, now taken; -1 when every port of the range is in use. */
    int allocate() {
        int words = used.length();
        int start = Math.floorMod(next.getAndIncrement(), size);
        int w = start >>> 6;
        // first the word holding the start point (bits from the start on), then every word once round
        for (int n = 0; n <= words; n++, w = w + 1 == words ? 0 : w + 1) {
            long valid = validBits(w);
            if (n == 0) {
                valid &= -1L << (start & 63);
            }
            long v = used.get(w);
            long free = ~v & valid;
            while (free != 0) {
                long bit = Long.lowestOneBit(free);
                if (used.compareAndSet(w, v, v | bit)) {
                    return low + (w << 6) + Long.numberOfTrailingZeros(bit);
                }
                v = used.get(w);
                free = ~v & valid;
            }
        }
        return -1;
    }

    /** Gives a port back; a port not taken is ignored. */
    void free(int port) {
        int i = port - low;
        if (i < 0 || i >= size) {
            return;
        }
        int w = i >>> 6;
        long bit = 1L << (i & 63);
        long v = used.get(w);
        while ((v & bit) != 0 && !used.compareAndSet(w, v, v & ~bit)) {
            v = used.get(w);
        }
    }

    /** Ports taken now. */
    int inUse() {
        int n = 0;
        for (int w = 0; w < used.length(); w++) {
            n += Long.bitCount(used.get(w));
        }
        return n;
    }

    int capacity() {
        return size;
    }

    /** The bits of word {@code w} that stand for ports of the range (the last word may be partial). */
    private long validBits(int w) {
        int rest = size - (w << 6);
        return rest >= 64 ? -1L : (1L << rest) - 1;
    }
}
