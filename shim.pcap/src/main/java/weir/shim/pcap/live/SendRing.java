package weir.shim.pcap.live;

import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Frames for one interface, handed from the packet thread to a sender thread of that interface's own: a
 * single-producer single-consumer ring of native frame slots, drained with {@code sendmmsg} (Linux). Sending
 * is where most of a bridge's time goes (the kernel's transmit path, and the receiving host's stack, which
 * runs in the sender's system call on veth), so with a thread per direction that work runs beside the packet
 * thread's reading and classifying on another core. Only bytes cross threads: flows, verdicts and counters
 * stay with the packet thread.
 *
 * <p>A hand-off costs a wake-up, which a lone ping would feel as latency; so while traffic is light (a turn
 * brings at most {@value #LIGHT} frames for this side) and the sender has sent everything handed to it, the
 * packet thread sends itself ({@link SendBatch}), and it hands frames over from the first turn that brings
 * {@value #HEAVY} or more ({@value #HEAVY_QUEUED} with a flow queue, whose bulk turns are that short, and then
 * only while they are dear to send: see {@link #HAND_OVER_NANOS}). Frames
 * keep their order: the packet thread sends only when nothing handed over is still waiting.
 *
 * <p>With a bridge's {@link FlowQueue} the packet thread also sends a sparse flow's frame itself, at once, ahead
 * of the bulk frames the sender still holds, unless a frame of its own flow is among them ({@link FlowOrder}):
 * a ping does not wait behind a TCP burst's sends. The sender is then an ordinary thread (the packet thread is
 * the real-time one, and a saturated real-time sender would run out the kernel's real-time budget and stop both),
 * and a ring that holds {@code sendQueueFrames} unsent frames makes {@link #backlogged} ask the packet thread to
 * hand over no more for now rather than wait for room inside {@link #add}: sparse flows' frames are still read,
 * judged and sent meanwhile, and the bulk waits in the flow queue, where CoDel sees how long it waits. (The ring
 * itself is a plain FIFO that CoDel never sees: with all its 1,024 slots open to the bulk a TCP sender kept it
 * full, 12 ms of frames, and the bursts that came out of it when the send thread got its CPU back made a ping's
 * tail; see the README's live-path measurements of 2026-12-07, 22:28–23:40 UTC.)
 *
 * <p>The producer publishes its position once per {@link #flush} (per turn), so a frame costs it a copy and
 * no fence. Without a flow queue a full ring makes the packet thread wait (it stops reading, and the capture
 * buffer takes the burst, or the kernel drops and counts); an empty one parks the sender. Nothing allocates once built.
 */
final class SendRing implements FrameSink {
    /** Slots of a ring of ordinary frames (1024 frames of an MTU of 1500: 1.5 MiB); fewer when frames are large. */
    static final int MAX_SLOTS = 1024;
    /** The least {@code sendQueueFrames}: a few bulk turns' frames (4 a side per turn), so hand-overs go on. */
    static final int MIN_QUEUE = 16;
    private static final int RING_BYTES = 4 << 20;
    private static final int BATCH = SendBatch.FRAMES;
    private static final int ALIGN = 16;
    private static final long FULL_WAIT_NANOS = 100_000;
    /** A turn with this many frames or fewer is light traffic: the packet thread may send them itself. */
    static final int LIGHT = 4;
    /** A turn with this many frames or more hands them to the sender thread. */
    static final int HEAVY = 16;
    /** The same, with a flow queue: a bulk turn of this many frames (its turns are short). */
    static final int HEAVY_QUEUED = 4;
    /**
     * With a flow queue, the packet thread keeps sending a heavy turn's frames itself while they are small and
     * cheap (a flood of small datagrams: ~4 µs a frame, not worth a hand-off), and hands them over once a turn
     * brings {@value #HAND_OVER_BYTES} bytes or more (full-size TCP segments: ~7 µs a frame, as the receiving
     * host's stack runs inside the send) or its frames cost it more than this on average (a TCP flow's
     * acknowledgements: small, but ~24 µs each, as each runs the sending host's transmit), which would hold up
     * the sparse flows' frames. Measured on the bridge benchmark's veth pairs.
     */
    static final long HAND_OVER_NANOS = 10_000;
    /** See {@link #HAND_OVER_NANOS}. */
    static final int HAND_OVER_BYTES = 4096;

    private final int fd;
    private final int pointer = Native.POINTER_SIZE;
    private final int messageSize = 8 * pointer;
    private final int slot;
    private final int slots;
    /** With a flow queue: the most frames handed over and not yet sent before {@link #backlogged} says so. */
    private final int limit;
    private final int mask;
    private final int largest;
    private final Memory arena;
    private final Memory iovecs;
    private final Memory messages;
    private final long messagesAddress;
    private final Pointer cursor = new Pointer(0);
    private final SendCounters counters;
    private final Thread sender;
    /** The packet thread's own sends, while traffic is light. */
    private final SendBatch direct;
    private boolean sendingDirectly = true;
    private int thisTurn;
    private int thisTurnBytes;
    private final int heavy;
    private final boolean flowQueued;
    /** With a flow queue: a moving average of what a frame the packet thread sends itself costs it, ns. */
    private long directFrameNanos;
    /** The same for the sender's frames (the sender's own; read by the packet thread). */
    private volatile long senderFrameNanos;
    /** What a sparse flow's frame may overtake. */
    private final FlowOrder order = new FlowOrder(FlowQueue.BUCKETS);

    /** Next slot the producer fills (the packet thread's own). */
    private long filled;
    /** The producer's last view of {@link #head}. */
    private long headSeen;
    /** Slots published to the sender: [head, tail) wait to be sent. */
    private volatile long tail;
    /** Next slot the sender sends. */
    private volatile long head;
    private volatile boolean senderParked;
    private volatile Thread producerParked;
    private volatile boolean stopped;

    /**
     * @param fd the interface's packet socket
     * @param largest the largest frame to send (larger ones are refused and counted, as the kernel would)
     * @param realtimePriority the send thread's SCHED_FIFO priority, as the packet thread's (0: ordinary)
     * @param flowQueued the frames come from a {@link FlowQueue}: sparse flows' frames may go ahead
     * @param queueFrames with a flow queue: the most frames the sender may hold unsent (at most its slots)
     */
    SendRing(Pointer pcap, int fd, int largest, SendCounters counters, String threadName, int realtimePriority,
            boolean flowQueued, int queueFrames) {
        this.heavy = flowQueued ? HEAVY_QUEUED : HEAVY;
        this.flowQueued = flowQueued;
        this.direct = new SendBatch(pcap, fd, largest, counters);
        this.fd = fd;
        this.counters = counters;
        this.largest = largest;
        this.slot = (Math.max(largest, 64) + ALIGN - 1) & -ALIGN;
        this.slots = Integer.highestOneBit(Math.max(BATCH, Math.min(MAX_SLOTS, RING_BYTES / slot)));
        this.mask = slots - 1;
        this.limit = Math.max(1, Math.min(slots, queueFrames));
        this.arena = new Memory((long) slot * slots);
        this.iovecs = new Memory(2L * pointer * slots);
        this.messages = new Memory((long) messageSize * slots);
        this.messagesAddress = Pointer.nativeValue(messages);
        messages.clear();
        long arenaAddress = Pointer.nativeValue(arena);
        long iovecAddress = Pointer.nativeValue(iovecs);
        for (int i = 0; i < slots; i++) {
            // each slot's message points at its own iovec, which points at its own frame slot
            putWord(iovecs, 2L * pointer * i, arenaAddress + (long) slot * i);
            long m = (long) i * messageSize;
            putWord(messages, m + 2L * pointer, iovecAddress + 2L * pointer * i);
            putWord(messages, m + 3L * pointer, 1);
        }
        this.sender = new Thread(() -> {
            // a refusal is said once, by the packet thread, which asks for the same priority
            Realtime.enter(realtimePriority);
            send();
        }, threadName);
        sender.setDaemon(true);
        sender.start();
    }

    /** True on Linux, where frames can be sent in batches from a thread of their own. */
    static boolean available() {
        return Posix.Batch.available();
    }

    private void putWord(Pointer p, long offset, long value) {
        if (pointer == 8) {
            p.setLong(offset, value);
        } else {
            p.setInt(offset, (int) value);
        }
    }

    @Override
    public void add(byte[] frame, int offset, int length) {
        add(frame, offset, length, 0, false);
    }

    @Override
    public void add(byte[] frame, int offset, int length, int bucket, boolean sparse) {
        if (length > largest) {
            counters.failed(Posix.EMSGSIZE);
            return;
        }
        thisTurn++;
        thisTurnBytes += length;
        if (sendingDirectly || sparse && order.nothingWaits(bucket, head)) {
            // light traffic, or a sparse flow's frame of which nothing waits in the ring: the packet thread sends
            direct.add(frame, offset, length);
            return;
        }
        if (direct.pending() > 0) {
            direct.flush(); // what the packet thread holds leaves before what it hands over
        }
        if (filled - headSeen == slots) {
            headSeen = head;
            if (filled - headSeen == slots) {
                awaitRoom();
                if (stopped) {
                    return;
                }
            }
        }
        int i = (int) (filled & mask);
        arena.write((long) slot * i, frame, offset, length);
        putWord(iovecs, 2L * pointer * i + pointer, length);
        order.handedOver(bucket, filled);
        filled++;
    }

    /**
     * True when the ring is full: hand over no more bulk frames for now (the packet thread then waits a moment
     * and goes on serving sparse flows, instead of waiting inside {@link #add} for room).
     */
    @Override
    public boolean backlogged() {
        if (sendingDirectly || filled - headSeen < limit) {
            return false;
        }
        headSeen = head;
        return filled - headSeen >= limit;
    }

    /** The ring is full: publish what is there and wait for the sender to make room. */
    private void awaitRoom() {
        publish();
        producerParked = Thread.currentThread();
        while (!stopped && filled - (headSeen = head) == slots) {
            LockSupport.parkNanos(this, FULL_WAIT_NANOS);
        }
        producerParked = null;
    }

    @Override
    public void flushSparse() {
        direct.flush();
    }

    @Override
    public void flush() {
        if (sendingDirectly) {
            int frames = direct.pending();
            if (flowQueued && frames > 0) {
                long t0 = System.nanoTime();
                direct.flush();
                directFrameNanos += (cost((System.nanoTime() - t0) / frames) - directFrameNanos) >> 3;
                sendingDirectly = !handOver(thisTurn, thisTurnBytes, directFrameNanos);
            } else {
                direct.flush();
                sendingDirectly = thisTurn < heavy;
            }
        } else {
            direct.flush();
            publish();
            // back to sending directly only when the sender has sent all it was given: the order stays; with a
            // flow queue also when what it sends has become cheap (see handOver)
            sendingDirectly = head == filled && (thisTurn <= LIGHT
                    || flowQueued && !handOver(thisTurn, thisTurnBytes, senderFrameNanos));
        }
        thisTurn = 0;
        thisTurnBytes = 0;
    }

    /**
     * With a flow queue: true when a turn of this many frames and bytes, whose frames cost the packet thread this
     * much each on average to send itself, should go to the send thread (see {@link #HAND_OVER_NANOS}).
     */
    /**
     * One send's cost a frame as the moving averages take it: at most twice the bound, so that one send held up
     * by an interrupt does not hand a flood of cheap frames over.
     */
    static long cost(long frameNanos) {
        return Math.min(frameNanos, 2 * HAND_OVER_NANOS);
    }

    static boolean handOver(int frames, int bytes, long averageFrameNanos) {
        return frames >= HEAVY_QUEUED && (bytes >= HAND_OVER_BYTES || averageFrameNanos >= HAND_OVER_NANOS);
    }

    private void publish() {
        if (tail != filled) {
            tail = filled;
            if (senderParked) {
                LockSupport.unpark(sender);
            }
        }
    }

    @Override
    public boolean batched() {
        return true;
    }

    /** Every frame that went through the ring was handed over; the position is published once per turn. */
    @Override
    public long handedOver() {
        return tail;
    }

    private void send() {
        while (!stopped) {
            long h = head;
            long t = tail;
            if (h == t) {
                senderParked = true;
                if (tail == h && !stopped) {
                    LockSupport.park(this);
                }
                senderParked = false;
                continue;
            }
            int start = (int) (h & mask);
            int n = (int) Math.min(Math.min(t - h, slots - start), BATCH);
            long t0 = flowQueued ? System.nanoTime() : 0;
            int sent = sendmmsg(start, n);
            if (flowQueued && sent > 0) {
                long average = senderFrameNanos;
                senderFrameNanos = average + ((cost((System.nanoTime() - t0) / sent) - average) >> 3);
            }
            head = h + sent;
            Thread waiting = producerParked;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /** Sends slots [start, start + n); returns how many were dealt with (sent or counted as failed). */
    private int sendmmsg(int start, int n) {
        Pointer.nativeValue(cursor, messagesAddress + (long) start * messageSize);
        int r = Posix.Batch.sendmmsg(fd, cursor, n, 0);
        if (r > 0) {
            counters.sent(r);
            return r;
        }
        int errno = Native.getLastError();
        if (errno == Posix.EINTR || errno == Posix.EAGAIN || errno == Posix.ENOBUFS) {
            Thread.yield(); // the socket's send buffer is full for a moment: the kernel drains it
            return 0;
        }
        counters.failed(errno);
        return 1;
    }

    /** Stops the sender (frames still waiting are not sent) and waits for it. */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(sender);
        Thread waiting = producerParked;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
