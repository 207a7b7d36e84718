package weir.shim.pcap.live;

/**
 * A bridge's frames read ahead of judging, in two queues, so that a frame of a sparse flow (a ping, a
 * keystroke, a DNS query) does not wait behind a bulk flow's backlog. Measured on the bridge benchmark
 * ({@code --hops}, 2026-12-07): under a full-rate TCP flow a ping waited 13 ms at p99 between mA's tap and
 * mB, none of it in the kernel's backlog or for a CPU: it sat in the capture buffer behind the TCP sender's
 * burst (hundreds of frames, each costing Weir ~10 µs to judge and send, most of it the receiving host's
 * stack run in the send call). Reading a frame out of libpcap's ring costs a fraction of a microsecond, so
 * Weir reads what waits into this queue first and then judges and sends it in this order: first the frames
 * whose flow had nothing queued when they arrived ("sparse"), then the rest in arrival order ("bulk"), as
 * fq_codel gives new flows precedence (RFC 8290). A flow's frames keep their order: a frame goes to the
 * sparse queue only when no frame of its flow (of its bucket of the flow hash) is queued, and the sparse
 * queue is served first. Flows are hashed on addresses, protocol and ports (no ports for fragments, so a
 * datagram's fragments stay together); two flows in one bucket share its order, never reorder. Frames of
 * other link types than Ethernet all share one bucket: plain arrival order.
 *
 * <p>One per interface of a bridge, used by its packet thread only; preallocated, nothing allocates once
 * built.
 */
final class FlowQueue {
    static final int BUCKETS = 1024;
    /** The arena's largest size: frames beyond it (a jumbo MTU) leave fewer slots. */
    static final int MAX_BYTES = 16 << 20;
    private static final int ALIGN = 16;
    private static final int NONE = -1;

    private final int slot;
    private final int capacity;
    private final boolean ethernet;
    private final byte[] arena;
    private final int[] length;
    private final int[] original;
    private final long[] stamp;
    private final int[] bucketOf;
    private final int[] free;
    private int freeTop;
    private final int[] sparse;
    private final int[] bulk;
    private int sparseHead;
    private int sparseCount;
    private int bulkHead;
    private int bulkCount;
    private final int[] queued = new int[BUCKETS];

    /**
     * @param frames slots wanted (fewer when the arena would exceed {@value #MAX_BYTES} bytes)
     * @param largest the largest frame (the capture's snapshot length)
     * @param linkType the frames' link type: flows are told apart in Ethernet frames only
     */
    FlowQueue(int frames, int largest, int linkType) {
        this.slot = (Math.max(largest, 64) + ALIGN - 1) & -ALIGN;
        this.capacity = Math.max(1, Math.min(frames, MAX_BYTES / slot));
        this.ethernet = linkType == 1;
        this.arena = new byte[slot * capacity];
        this.length = new int[capacity];
        this.original = new int[capacity];
        this.stamp = new long[capacity];
        this.bucketOf = new int[capacity];
        this.free = new int[capacity];
        this.sparse = new int[capacity];
        this.bulk = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeTop = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Frames queued (both queues). */
    int size() {
        return capacity - freeTop;
    }

    boolean full() {
        return freeTop == 0;
    }

    /** A free slot to read a frame into (its bytes at {@link #offset}); only when not {@link #full}. */
    int claim() {
        return free[freeTop - 1];
    }

    /** The slot {@link #claim} gave now holds a frame: it joins the sparse or the bulk queue. */
    void commit(int i, int captured, int originalLength, long stampNanos) {
        freeTop--;
        length[i] = captured;
        original[i] = originalLength;
        stamp[i] = stampNanos;
        int b = ethernet ? bucket(arena, i * slot, captured) : 0;
        bucketOf[i] = b;
        if (queued[b]++ == 0) {
            sparse[(sparseHead + sparseCount++) % capacity] = i;
        } else {
            bulk[(bulkHead + bulkCount++) % capacity] = i;
        }
    }

    /** The next sparse frame's slot, taken off its queue, or -1. */
    int nextSparse() {
        if (sparseCount == 0) {
            return NONE;
        }
        int i = sparse[sparseHead];
        sparseHead = (sparseHead + 1) % capacity;
        sparseCount--;
        return i;
    }

    /** The next bulk frame's slot, taken off its queue, or -1. */
    int nextBulk() {
        if (bulkCount == 0) {
            return NONE;
        }
        int i = bulk[bulkHead];
        bulkHead = (bulkHead + 1) % capacity;
        bulkCount--;
        return i;
    }

    boolean bulkEmpty() {
        return bulkCount == 0;
    }

    /** The frame in a taken slot was dealt with: the slot is free again. */
    void release(int i) {
        queued[bucketOf[i]]--;
        free[freeTop++] = i;
    }

    byte[] arena() {
        return arena;
    }

    int offset(int i) {
        return i * slot;
    }

    int length(int i) {
        return length[i];
    }

    int originalLength(int i) {
        return original[i];
    }

    int bucketOf(int i) {
        return bucketOf[i];
    }

    long stamp(int i) {
        return stamp[i];
    }

    /** The flow's bucket: a hash of addresses, protocol and (unless a fragment) ports; 0 when not IP. */
    static int bucket(byte[] f, int at, int len) {
        int p = at + 12;
        int end = at + len;
        int type = p + 2 <= end ? u16(f, p) : 0;
        for (int tags = 0; tags < 2 && (type == 0x8100 || type == 0x88a8) && p + 6 <= end; tags++) {
            p += 4;
            type = u16(f, p);
        }
        p += 2;
        int h = type;
        int l4 = -1;
        int protocol = 0;
        if (type == 0x0800 && p + 20 <= end) {
            protocol = f[p + 9] & 0xFF;
            h = h * 31 + i32(f, p + 12);
            h = h * 31 + i32(f, p + 16);
            boolean fragment = (u16(f, p + 6) & 0x3FFF) != 0; // more fragments, or an offset
            if (!fragment) {
                l4 = p + (f[p] & 0x0F) * 4;
            }
        } else if (type == 0x86DD && p + 40 <= end) {
            protocol = f[p + 6] & 0xFF;
            for (int k = 8; k < 40; k += 4) {
                h = h * 31 + i32(f, p + k);
            }
            l4 = p + 40;
        }
        h = h * 31 + protocol;
        // TCP, UDP, UDP-Lite, SCTP: ports; other protocols are one flow per address pair
        if (l4 >= 0 && l4 + 4 <= end && (protocol == 6 || protocol == 17 || protocol == 136 || protocol == 132)) {
            h = h * 31 + i32(f, l4);
        }
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return h & (BUCKETS - 1);
    }

    private static int u16(byte[] f, int p) {
        return (f[p] & 0xFF) << 8 | (f[p + 1] & 0xFF);
    }

    private static int i32(byte[] f, int p) {
        return (f[p] & 0xFF) << 24 | (f[p + 1] & 0xFF) << 16 | (f[p + 2] & 0xFF) << 8 | (f[p + 3] & 0xFF);
    }
}
