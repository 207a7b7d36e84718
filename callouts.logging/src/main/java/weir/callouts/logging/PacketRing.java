package weir.callouts.logging;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The per-packet records on their way to the writer thread: a bounded ring of preallocated slots that many
 * packet threads fill and one writer empties (D. Vyukov's bounded queue: a sequence number per slot says whose
 * turn it is). Offering claims a slot with one compare-and-set, writes primitives into it and publishes it:
 * no lock, no allocation, never a wait. When the writer is behind and the ring is full, the record is refused
 * and the caller counts it as dropped.
 */
final class PacketRing {
    private final int mask;
    private final AtomicLongArray sequence;
    private final AtomicLong tail = new AtomicLong();
    private final FlowRecord[] flow;
    private final int[] layer;
    private final long[] time;
    private final int[] bytes;
    private final int[] flags;
    /** The writer's position; only the writer thread touches it. */
    private long head;

    /** @param capacity rounded up to a power of two */
    PacketRing(int capacity) {
        int n = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        mask = n - 1;
        sequence = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            sequence.set(i, i);
        }
        flow = new FlowRecord[n];
        layer = new int[n];
        time = new long[n];
        bytes = new int[n];
        flags = new int[n];
    }

    /** From any packet thread; false when the ring is full. */
    boolean offer(FlowRecord f, int layerOrdinal, long t, int length, int tcpFlags) {
        long pos;
        int i;
        while (true) {
            pos = tail.get();
            i = (int) pos & mask;
            long seq = sequence.get(i);
            if (seq == pos) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    break;
                }
            } else if (seq < pos) {
                return false; // the writer has not emptied this slot yet: full
            }
            // another thread took this position first: try the next one
        }
        flow[i] = f;
        layer[i] = layerOrdinal;
        time[i] = t;
        bytes[i] = length;
        flags[i] = tcpFlags;
        sequence.lazySet(i, pos + 1); // publishes the slot's fields to the writer
        return true;
    }

    /** Writer thread only: whether a published record is waiting. */
    boolean ready() {
        return sequence.get((int) head & mask) == head + 1;
    }

    /** Writer thread only, after {@link #ready}: the next record goes to {@code sink}, then its slot is freed. */
    void take(Sink sink) {
        int i = (int) head & mask;
        sink.packet(flow[i], layer[i], time[i], bytes[i], flags[i]);
        flow[i] = null;
        sequence.lazySet(i, head + mask + 1);
        head++;
    }

    /** Where {@link #take} hands a record. */
    interface Sink {
        void packet(FlowRecord flow, int layerOrdinal, long time, int bytes, int tcpFlags);
    }
}
