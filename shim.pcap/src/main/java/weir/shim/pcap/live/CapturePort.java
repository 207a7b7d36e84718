package weir.shim.pcap.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * One live interface through libpcap: immediate mode (a frame is handed over as soon as it arrives), a
 * capture buffer sized for bursts ({@code pcap_set_buffer_size}), non-blocking reads with
 * {@code pcap_next_ex} into one reused array, and the handle's descriptor for {@code poll}, so that a thread
 * can wait on several ports and wake only when a frame is there. Reading, sending and the drop counts
 * allocate nothing. One thread reads and sends; {@link #close} is called once, after that thread has left.
 */
public final class CapturePort implements AutoCloseable {
    /** The monitor's snapshot length: whole frames, also those the interface merged (receive offload). */
    static final int SNAPLEN = 262_144;
    /** Beyond the MTU: Ethernet header, two VLAN tags and a frame check sequence. */
    static final int LINK_OVERHEAD = 32;

    private final String name;
    private final Pointer pcap;
    private final int fd;
    private final int linkType;
    private final long interfaceIndex;
    private final int snaplen;
    private final byte[] buffer;
    private final Memory slots = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer headerSlot = slots.share(0, Native.POINTER_SIZE);
    private final Pointer dataSlot = slots.share(Native.POINTER_SIZE, Native.POINTER_SIZE);
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final int lengthOffset = 2 * NativeLong.SIZE;
    private final Memory timespec = new Memory(2L * NativeLong.SIZE);
    /** Queue management of a bridge's buffer, or null (a monitor's frames may wait: nothing waits for them). */
    private final CoDel codel;
    /** A bridge's frames read ahead of judging, sparse flows first, or null: straight from the buffer. */
    private final FlowQueue queue;
    /** The queue's slot of the frame {@link #next} returned, or -1. */
    private int current = -1;
    /** True when the frame {@link #next} returned is of a sparse flow. */
    private boolean currentSparse;
    /** Frames read into the queue but never judged, because the source stopped first. */
    private volatile long unjudged;
    /** The wall-clock time of the current turn (CoDel's "now"), nanoseconds. */
    private long turnNanos;
    private final Memory stats = new Memory(64);
    private final SendCounters sendCounters = new SendCounters();
    private final FrameSink out;
    private int originalLength;
    /** Frames read since {@link #turn()}: a turn that finds nothing waiting shows there is no queue. */
    private int readThisTurn;
    private long lastRecv;
    private long lastDrop;
    private long lastIfDrop;
    private volatile long received;
    private volatile long droppedBySocket;
    private volatile long droppedByInterface;
    private boolean closed;

    private CapturePort(String name, Pointer pcap, int fd, int linkType, int snaplen, boolean sending,
            boolean threaded, CoDel codel, int realtimePriority, int queueFrames, int sendQueueFrames) {
        this.name = name;
        this.pcap = pcap;
        this.fd = fd;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.interfaceIndex = Interfaces.index(name);
        this.buffer = new byte[snaplen];
        this.queue = sending && queueFrames > 0 ? new FlowQueue(queueFrames, snaplen, linkType) : null;
        // with a flow queue the send threads are ordinary threads: the packet thread (real-time) then reads and
        // judges as frames arrive and sends sparse flows' frames itself, while the bulk's sends, the costly
        // part, run beside it at the scheduler's discretion and can never make the kernel throttle it
        this.out = !sending ? null
                : threaded ? new SendRing(pcap, fd, snaplen, sendCounters, "weir-shim-send-" + name,
                        queue != null ? 0 : realtimePriority, queue != null, sendQueueFrames)
                : new SendBatch(pcap, fd, snaplen, sendCounters);
        this.codel = codel;
        stats.clear();
    }

    /**
     * Opens an interface for capture.
     *
     * @param option the command-line option, for the message ({@code --live}, {@code --bridge})
     * @param bridge capture only what arrives (a bridge must not see what it sends), whole frames of the
     *            interface's MTU, and send; otherwise a monitor: every direction, any frame size, no sending
     * @param settings the capture buffer ({@code pcap_set_buffer_size}) and a bridge's queue management
     * @throws CaptureException one line naming the interface and the reason
     */
    public static CapturePort open(String option, String name, boolean bridge, LiveSettings settings)
            throws CaptureException {
        String what = option + " " + name;
        String why = Libpcap.unavailable();
        if (why != null) {
            throw new CaptureException(what + ": libpcap cannot be loaded (" + why + "); install libpcap0.8");
        }
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new CaptureException(what + ": not an interface name; `ip link` lists the interfaces");
        }
        int snaplen = SNAPLEN;
        if (bridge) {
            // a bridge forwards whole frames, and the other side takes frames up to its MTU: anything larger
            // is an aggregate of the interface's receive offload and could not be sent anyway
            int mtu = Interfaces.mtu(name);
            snaplen = mtu > 0 ? Math.min(SNAPLEN, mtu + LINK_OVERHEAD) : 65_535 + LINK_OVERHEAD;
        }
        byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        Pointer p = Libpcap.pcap_create(name, errbuf);
        if (p == null) {
            throw new CaptureException(what + ": cannot capture (" + Libpcap.text(errbuf) + ")");
        }
        try {
            Libpcap.pcap_set_snaplen(p, snaplen);
            Libpcap.pcap_set_promisc(p, 1);
            Libpcap.pcap_set_timeout(p, 100);
            Libpcap.pcap_set_immediate_mode(p, 1);
            Libpcap.pcap_set_buffer_size(p, settings.bufferBytes());
            int rc = Libpcap.pcap_activate(p);
            if (rc < 0) {
                throw new CaptureException(what + ": cannot capture (" + activationError(p, rc) + ")");
            }
            if (bridge && Libpcap.pcap_setdirection(p, Libpcap.PCAP_D_IN) != 0) {
                throw new CaptureException(what + ": cannot capture only arriving frames ("
                        + Libpcap.text(Libpcap.pcap_geterr(p)) + "); a bridge needs it");
            }
            if (Libpcap.pcap_setnonblock(p, 1, errbuf) != 0) {
                throw new CaptureException(what + ": cannot read without blocking (" + Libpcap.text(errbuf) + ")");
            }
            int fd = Libpcap.pcap_get_selectable_fd(p);
            if (fd < 0) {
                throw new CaptureException(what + ": this system's libpcap offers no descriptor to wait on");
            }
            CoDel codel = bridge && settings.queueTargetNanos() > 0 && Posix.unavailable() == null
                    ? new CoDel(settings.queueTargetNanos(), settings.queueIntervalNanos()) : null;
            boolean threaded = bridge && settings.sendThreads() && SendRing.available();
            return new CapturePort(name, p, fd, Libpcap.pcap_datalink(p), Libpcap.pcap_snapshot(p), bridge,
                    threaded, codel, settings.realtimePriority(), settings.flowQueueFrames(),
                    settings.sendQueueFrames());
        } catch (CaptureException | RuntimeException | LinkageError e) {
            Libpcap.pcap_close(p);
            if (e instanceof CaptureException c) {
                throw c;
            }
            throw new CaptureException(what + ": cannot capture (" + e + ")");
        }
    }

    private static String activationError(Pointer p, int rc) {
        String m = Libpcap.text(Libpcap.pcap_geterr(p));
        if (m.isEmpty()) {
            m = Libpcap.text(Libpcap.pcap_statustostr(rc));
        }
        switch (rc) {
            case Libpcap.PCAP_ERROR_PERM_DENIED:
                return m + "; live capture needs root or CAP_NET_RAW";
            case Libpcap.PCAP_ERROR_NO_SUCH_DEVICE:
                return m + "; `ip link` lists the interfaces";
            case Libpcap.PCAP_ERROR_IFACE_NOT_UP:
                return m + "; bring it up with `ip link set IF up`";
            default:
                return m.contains("Operation not permitted") ? m + "; live capture needs root or CAP_NET_RAW" : m;
        }
    }

    /**
     * Starts a turn of reads: takes the clock that tells how long the frames read in it have waited, and on a
     * bridge with a {@link FlowQueue} reads every frame that waits (as many as the queue holds) into it.
     *
     * @throws CaptureException when the handle failed (the interface went away or down)
     */
    public void turn() throws CaptureException {
        readThisTurn = 0;
        if (codel != null) {
            Posix.clock_gettime(Posix.CLOCK_REALTIME, timespec);
            turnNanos = clong(timespec, 0) * 1_000_000_000L + clong(timespec, NativeLong.SIZE);
        }
        if (queue != null) {
            fill();
            // nothing of a bulk flow waits when a turn starts: Weir had time to spare, no standing queue
            if (codel != null && queue.bulkEmpty()) {
                codel.empty();
            }
        }
    }

    /** Reads what waits in the capture buffer into the queue, until it is empty or the queue is full. */
    private void fill() throws CaptureException {
        while (!queue.full()) {
            int rc = Libpcap.pcap_next_ex(pcap, headerSlot, dataSlot);
            if (rc == 1) {
                Pointer.nativeValue(header, word(headerSlot));
                Pointer.nativeValue(data, word(dataSlot));
                int i = queue.claim();
                int captured = Math.min(header.getInt(lengthOffset), snaplen);
                data.read(0, queue.arena(), queue.offset(i), captured);
                queue.commit(i, captured, header.getInt(lengthOffset + 4), codel == null ? 0 : arrival());
            } else if (rc == 0) {
                return;
            } else {
                throw failed(rc);
            }
        }
    }

    /** The kernel's arrival stamp of the frame in {@link #header}: a struct timeval of C longs, in ns. */
    private long arrival() {
        return clong(header, 0) * 1_000_000_000L + clong(header, NativeLong.SIZE) * 1_000L;
    }

    private CaptureException failed(int rc) {
        return new CaptureException(name + ": capture failed (" + (rc == -1
                ? Libpcap.text(Libpcap.pcap_geterr(pcap)) : "the handle was stopped") + ")");
    }

    /**
     * The next frame to judge, in {@link #buffer()} at {@link #offset()}: with a {@link FlowQueue} the next of
     * a sparse flow, else the oldest of the rest; without one the next in the capture buffer. A bridge first
     * sheds frames that queued too long (see {@link CoDel}); with a queue only bulk frames are judged by it.
     *
     * @return its captured length, or -1 when none waits
     * @throws CaptureException when the handle failed (the interface went away or down)
     */
    public int next() throws CaptureException {
        if (queue != null) {
            return nextQueued();
        }
        for (;;) {
            int rc = Libpcap.pcap_next_ex(pcap, headerSlot, dataSlot);
            if (rc == 1) {
                Pointer.nativeValue(header, word(headerSlot));
                if (codel != null && codel.drop(turnNanos - arrival(), turnNanos)) {
                    continue;
                }
                Pointer.nativeValue(data, word(dataSlot));
                int captured = Math.min(header.getInt(lengthOffset), buffer.length);
                originalLength = header.getInt(lengthOffset + 4);
                data.read(0, buffer, 0, captured);
                readThisTurn++;
                return captured;
            }
            if (rc == 0) {
                // CoDel forgets a queue that empties; but a buffer this thread has just read dry after a
                // burst still held frames that waited long: only one found empty when a turn starts means
                // Weir had time to spare, i.e. no standing queue
                if (codel != null && readThisTurn == 0) {
                    codel.empty();
                }
                return -1;
            }
            throw failed(rc);
        }
    }

    /**
     * The next frame of a sparse flow (see {@link FlowQueue}) read into the queue by {@link #turn}, as
     * {@link #next}; -1 when none waits there, or without a queue.
     */
    public int nextSparse() {
        if (queue == null) {
            return -1;
        }
        releaseCurrent();
        int i = queue.nextSparse();
        return i < 0 ? -1 : take(i, true);
    }

    /** True when a bridge reads frames ahead into a {@link FlowQueue}. */
    public boolean flowQueued() {
        return queue != null;
    }

    private void releaseCurrent() {
        if (current >= 0) {
            queue.release(current); // the caller is done with the frame it had
            current = -1;
        }
    }

    private int take(int i, boolean sparse) {
        current = i;
        currentSparse = sparse;
        originalLength = queue.originalLength(i);
        readThisTurn++;
        return queue.length(i);
    }

    private int nextQueued() throws CaptureException {
        releaseCurrent();
        int i = queue.nextSparse();
        boolean sparse = i >= 0;
        boolean refilled = false;
        while (i < 0) {
            i = queue.nextBulk();
            sparse = false;
            if (i < 0 && !refilled) {
                // read dry within a turn: take what arrived since it began, as reading straight from the
                // buffer would (a turn as long as frames keep coming, up to its bound)
                refilled = true;
                fill();
                i = queue.nextSparse();
                sparse = i >= 0;
                continue;
            }
            if (i < 0) {
                return -1;
            }
            if (codel != null && codel.drop(turnNanos - queue.stamp(i), turnNanos)) {
                queue.release(i);
                i = -1;
            }
        }
        return take(i, sparse);
    }

    /** The flow-queue bucket of the frame {@link #next} returned (0 without a queue). */
    public int bucket() {
        return current >= 0 ? queue.bucketOf(current) : 0;
    }

    /** True when the frame {@link #next} returned is of a sparse flow (nothing of it was queued). */
    public boolean sparse() {
        return current >= 0 && currentSparse;
    }

    private static long clong(Pointer p, long offset) {
        return NativeLong.SIZE == 8 ? p.getLong(offset) : p.getInt(offset);
    }

    private static long word(Pointer slot) {
        return Native.POINTER_SIZE == 8 ? slot.getLong(0) : slot.getInt(0) & 0xFFFF_FFFFL;
    }

    /** The array that holds the frame {@link #next} returned (valid until the next call), at {@link #offset}. */
    public byte[] buffer() {
        return queue != null ? queue.arena() : buffer;
    }

    /** Where in {@link #buffer()} the frame {@link #next} returned begins. */
    public int offset() {
        return current >= 0 ? queue.offset(current) : 0;
    }

    /** The length the frame had on the wire ({@code len}; more than the captured length when cut). */
    public int originalLength() {
        return originalLength;
    }

    /** Queues a frame to go out of this interface (a failure is counted, never thrown). */
    public void send(byte[] frame, int offset, int length) {
        out.add(frame, offset, length);
    }

    /**
     * Queues a frame of a flow-queue bucket to go out of this interface; a sparse flow's frame may leave ahead
     * of other flows' frames still waiting to be sent (never ahead of its own flow's).
     */
    public void send(byte[] frame, int offset, int length, int bucket, boolean sparse) {
        out.add(frame, offset, length, bucket, sparse);
    }

    /** True when this interface's send thread is too far behind to be handed bulk frames now. */
    public boolean sendBacklogged() {
        return out != null && out.backlogged();
    }

    /** Sends the sparse flows' frames queued since the last flush, now (with a send thread: only those). */
    public void flushSparse() {
        if (out != null) {
            out.flushSparse();
        }
    }

    /** Sends the queued frames. */
    public void flush() {
        if (out != null) {
            out.flush();
        }
    }

    /** True when sends go out in batches ({@code sendmmsg}). */
    public boolean batchedSends() {
        return out != null && out.batched();
    }

    /** True when a thread of this interface's own sends its frames (when traffic is heavy). */
    public boolean sendThread() {
        return out instanceof SendRing;
    }

    /** Frames its send thread sent (the others the packet thread sent itself). */
    public long sentBySendThread() {
        return out == null ? 0 : out.handedOver();
    }

    /**
     * Asks the kernel for the handle's counts ({@code pcap_stats}) and adds what changed; on the reading
     * thread only. Returns the frames newly missed (dropped unread) since the last call.
     */
    public long updateDrops() {
        if (closed || Libpcap.pcap_stats(pcap, stats) != 0) {
            return 0;
        }
        long recv = stats.getInt(0) & 0xFFFF_FFFFL;
        long drop = stats.getInt(4) & 0xFFFF_FFFFL;
        long ifDrop = stats.getInt(8) & 0xFFFF_FFFFL;
        long newDrops = ((drop - lastDrop) & 0xFFFF_FFFFL) + ((ifDrop - lastIfDrop) & 0xFFFF_FFFFL);
        received += (recv - lastRecv) & 0xFFFF_FFFFL;
        droppedBySocket += (drop - lastDrop) & 0xFFFF_FFFFL;
        droppedByInterface += (ifDrop - lastIfDrop) & 0xFFFF_FFFFL;
        lastRecv = recv;
        lastDrop = drop;
        lastIfDrop = ifDrop;
        return newDrops;
    }

    /** The kernel's counts as of the last {@link #updateDrops} (any thread). */
    public CaptureDrops drops() {
        return new CaptureDrops(name, received, droppedBySocket, droppedByInterface,
                (codel == null ? 0 : codel.shed()) + unjudged);
    }

    /** What was sent out of this interface. */
    public SendCounters sends() {
        return sendCounters;
    }

    /** The descriptor to {@code poll} for arriving frames. */
    public int fd() {
        return fd;
    }

    public String name() {
        return name;
    }

    /** The link type (LINKTYPE_/DLT_ value) of the frames. */
    public int linkType() {
        return linkType;
    }

    /** The snapshot length in effect: frames longer than it arrive cut. */
    public int snapLength() {
        return snaplen;
    }

    /** Linux's index of the interface (INTERFACE_INDEX), or -1 when it cannot be read. */
    public long interfaceIndex() {
        return interfaceIndex;
    }

    /** Closes the handle; idempotent. Only after the reading thread has left it. */
    @Override
    public void close() {
        if (!closed) {
            updateDrops();
            if (queue != null) {
                // read, never judged, never forwarded: missed, like frames shed (fails closed, and counted)
                unjudged = queue.size() - (current >= 0 ? 1 : 0);
            }
            if (out != null) {
                out.close();
            }
            closed = true;
            Libpcap.pcap_close(pcap);
        }
    }
}
