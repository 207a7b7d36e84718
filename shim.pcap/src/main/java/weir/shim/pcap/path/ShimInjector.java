package weir.shim.pcap.path;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import weir.engine.api.Direction;
import weir.engine.api.ErrorCode;
import weir.engine.api.InjectionState;
import weir.engine.api.Metadata;
import weir.engine.api.PacketInjector;
import weir.engine.api.WfpException;

/**
 * The shim's {@link PacketInjector} (WFP's clone → modify → inject): a callout that absorbed a packet hands
 * over a modified copy; after the original's walk the packet thread walks each copy through every layer of
 * its direction again (spec rule 29), with the injection handle in its metadata so that
 * {@link #state} tells the injector its own packets, and carries its verdict out in the original's place.
 *
 * <p>Copies injected on the packet thread (from classify, the usual case) go into a ring of reusable buffers:
 * no lock, no allocation once the buffers have grown to the packet sizes seen. Copies injected from other
 * threads are queued with a lock and picked up between packets. A chain of more than {@value #MAX_DEPTH}
 * injections of injections is refused: a callout that re-injects its own packets would loop forever.
 */
public final class ShimInjector implements PacketInjector {
    /** How often a packet may be injected in a chain (an injected copy absorbed and injected again, ...). */
    public static final int MAX_DEPTH = 8;
    static final int RING = 64;

    /** An injection handle: identity is what counts. */
    private record Handle(String name, long id, ShimInjector owner) {
        @Override
        public String toString() {
            return "injection handle " + id + " (" + name + ")";
        }
    }

    private record Foreign(byte[] packet, Direction direction, Object handle, Object previous, long timestamp) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Foreign> foreign = new ConcurrentLinkedQueue<>();
    private final byte[][] buffers = new byte[RING][];
    private final int[] lengths = new int[RING];
    private final Direction[] directions = new Direction[RING];
    private final Object[] handles = new Object[RING];
    private final Object[] previous = new Object[RING];
    private final long[] timestamps = new long[RING];
    private final int[] depths = new int[RING];
    private volatile Thread owner;
    private int head;
    private int count;
    private int depth;
    private long now;

    // the packet taken by next()
    private byte[] packet;
    private int length;
    private Direction direction;
    private Object handle;
    private Object previousHandle;
    private long timestamp;
    private int packetDepth;

    /** The thread that walks packets; only it injects without a lock. */
    public void setOwner(Thread thread) {
        this.owner = thread;
    }

    /** The packet thread starts a packet (depth 0 for one from the wire) at capture time {@code now}. */
    public void begin(int depth, long now) {
        this.depth = depth;
        this.now = now;
    }

    @Override
    public Object createHandle(String name) {
        return new Handle(name == null ? "" : name, ids.incrementAndGet(), this);
    }

    @Override
    public void inject(Object handle, Direction direction, byte[] packet, int offset, int length,
            Metadata metadata) {
        if (!(handle instanceof Handle h) || h.owner != this) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: " + handle
                    + " is not a handle of this injector; create one with createHandle (after the injector"
                    + " service changed, create a new one)");
        }
        if (direction == null) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the direction is missing");
        }
        check(packet, offset, length);
        Object prev = metadata == null ? null
                : metadata.injectedBy() != null ? metadata.injectedBy() : metadata.previouslyInjectedBy();
        long ts = metadata != null && metadata.timestampNanos() != 0 ? metadata.timestampNanos() : now;
        if (Thread.currentThread() != owner) {
            byte[] copy = new byte[length];
            System.arraycopy(packet, offset, copy, 0, length);
            foreign.add(new Foreign(copy, direction, handle, prev, ts));
            return;
        }
        if (depth + 1 > MAX_DEPTH) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: this packet was injected " + MAX_DEPTH
                    + " times in a chain; a callout must permit its own injected packets (PacketInjector.state)");
        }
        if (count >= RING - 1) {
            // one slot stays free: it may hold the copy being walked right now
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: " + (RING - 1)
                    + " copies of one packet are waiting already; inject fewer copies per packet");
        }
        int i = (head + count) % RING;
        byte[] buf = buffers[i];
        if (buf == null || buf.length < length) {
            buf = new byte[Math.max(length, 2048)];
            buffers[i] = buf;
        }
        System.arraycopy(packet, offset, buf, 0, length);
        lengths[i] = length;
        directions[i] = direction;
        handles[i] = handle;
        previous[i] = prev;
        timestamps[i] = ts;
        depths[i] = depth + 1;
        count++;
    }

    private static void check(byte[] packet, int offset, int length) {
        if (packet == null || offset < 0 || length < 20 || offset + length > packet.length || offset + length < 0) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the packet must be an IP packet of 20"
                    + " bytes or more inside the array (got offset " + offset + ", length " + length + ")");
        }
        int version = (packet[offset] & 0xF0) >>> 4;
        if (version != 4 && !(version == 6 && length >= 40)) {
            throw new WfpException(ErrorCode.INVALID_PARAMETER, "inject: the packet must start with an IPv4 or"
                    + " IPv6 header (first byte 0x" + Integer.toHexString(packet[offset] & 0xFF) + ")");
        }
    }

    @Override
    public InjectionState state(Object handle, Metadata metadata) {
        if (metadata == null || handle == null) {
            return InjectionState.NOT_INJECTED;
        }
        Object by = metadata.injectedBy();
        if (by == handle) {
            return InjectionState.INJECTED_BY_SELF;
        }
        if (metadata.previouslyInjectedBy() == handle) {
            return InjectionState.PREVIOUSLY_INJECTED_BY_SELF;
        }
        return by != null ? InjectionState.INJECTED_BY_OTHER : InjectionState.NOT_INJECTED;
    }

    /** Takes the next waiting copy (ring first, then other threads'); false when none waits. */
    public boolean next() {
        if (count > 0) {
            int i = head;
            head = (head + 1) % RING;
            count--;
            packet = buffers[i];
            length = lengths[i];
            direction = directions[i];
            handle = handles[i];
            previousHandle = previous[i];
            timestamp = timestamps[i];
            packetDepth = depths[i];
            handles[i] = null;
            previous[i] = null;
            return true;
        }
        Foreign f = foreign.poll();
        if (f == null) {
            return false;
        }
        packet = f.packet;
        length = f.packet.length;
        direction = f.direction;
        handle = f.handle;
        previousHandle = f.previous;
        timestamp = f.timestamp;
        packetDepth = 1;
        return true;
    }

    /** True when copies wait (cheap; for sources that idle). */
    public boolean waiting() {
        return count > 0 || !foreign.isEmpty();
    }

    public byte[] packet() {
        return packet;
    }

    public int length() {
        return length;
    }

    public Direction direction() {
        return direction;
    }

    public Object handle() {
        return handle;
    }

    public Object previousHandle() {
        return previousHandle;
    }

    public long timestamp() {
        return timestamp;
    }

    public int depth() {
        return packetDepth;
    }
}
