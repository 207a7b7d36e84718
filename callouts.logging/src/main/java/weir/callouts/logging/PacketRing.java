package weir.callouts.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last N packets the callout saw, in preallocated primitive slots (the packet path allocates nothing).
 * Lock-free: a reader may see a slot being rewritten; this is a diagnostic view, not an audit log.
 */
final class PacketRing {
    private final long[] time;
    private final long[] flow;
    private final int[] layerId;
    private final int[] length;
    private final long[] filterId;
    private final AtomicLong next = new AtomicLong();

    PacketRing(int capacity) {
        time = new long[capacity];
        flow = new long[capacity];
        layerId = new int[capacity];
        length = new int[capacity];
        filterId = new long[capacity];
    }

    void add(long nanos, long flowHandle, int layer, int bytes, long filter) {
        int i = (int) (next.getAndIncrement() % time.length);
        time[i] = nanos;
        flow[i] = flowHandle;
        layerId[i] = layer;
        length[i] = bytes;
        filterId[i] = filter;
    }

    long count() {
        return next.get();
    }

    /** The newest {@code max} entries, newest first, as text lines. */
    List<String> newest(int max) {
        List<String> out = new ArrayList<>();
        long n = next.get();
        for (long k = n - 1; k >= 0 && k >= n - time.length && out.size() < max; k--) {
            int i = (int) (k % time.length);
            out.add(String.format("#%d layer=%d flow=%d filter=%d bytes=%d", k, layerId[i], flow[i], filterId[i],
                    length[i]));
        }
        return out;
    }
}
