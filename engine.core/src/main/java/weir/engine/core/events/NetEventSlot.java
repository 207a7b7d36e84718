package weir.engine.core.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

import weir.engine.api.ConditionFlag;
import weir.engine.api.Direction;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventType;
import weir.engine.api.Value;

/**
 * One preallocated, mutable ring entry, written on the packet path with primitives only. A seqlock keeps
 * readers from seeing half an event: the writer claims the slot (a CAS, so two writers never mix), sets
 * {@code seq} to -1, writes, then publishes the event's sequence number; a reader accepts what it read
 * only if {@code seq} was the same before and after.
 */
final class NetEventSlot {
    private static final VarHandle BUSY;
    private static final VarHandle SEQ;
    private static final Layer[] LAYERS = Layer.values();
    private static final Direction[] DIRECTIONS = Direction.values();

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(NetEventSlot.class, "busy", int.class);
            SEQ = MethodHandles.lookup().findVarHandle(NetEventSlot.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through BUSY
    private volatile int busy;
    volatile long seq = -1;

    private long timeNanos;
    /** Wall clock when recorded: differs from the packet's time in a replay (see NetEvent). */
    private long recordedMillis;
    private boolean allow;
    private int layer;
    private long filterId;
    private boolean vetoed;
    private boolean loopback;
    private int protocol;
    private int direction;
    private boolean hasLocal;
    private long localHigh;
    private long localLow;
    private boolean hasRemote;
    private long remoteHigh;
    private long remoteLow;
    private int localPort;
    private int remotePort;

    /** Writes an event; false when another writer holds the slot (the event is dropped, not torn). */
    boolean write(long sequence, NetEventType type, Layer l, long filter, boolean veto, IncomingValues v, Metadata m) {
        if (!BUSY.compareAndSet(this, 0, 1)) {
            return false;
        }
        // a seqlock's writer needs no full fence (a volatile write's): -1 before the fields, the new number after
        SEQ.setOpaque(this, -1L);
        VarHandle.storeStoreFence();
        int i = l.ordinal();
        long ts = m == null ? 0 : m.timestampNanos();
        long now = System.currentTimeMillis();
        recordedMillis = now;
        timeNanos = ts != 0 ? ts : now * 1_000_000L;
        allow = type == NetEventType.CLASSIFY_ALLOW;
        layer = i;
        filterId = filter;
        vetoed = veto;
        boolean v6 = l.ipVersion() == IpVersion.V6;
        int s = HeaderSlots.LOCAL_ADDRESS[i];
        hasLocal = s >= 0 && !v.isEmpty(s);
        localHigh = hasLocal && v6 ? v.getHigh(s) : 0;
        localLow = hasLocal ? (v6 ? v.getLow(s) : v.getLong(s)) : 0;
        s = HeaderSlots.REMOTE_ADDRESS[i];
        hasRemote = s >= 0 && !v.isEmpty(s);
        remoteHigh = hasRemote && v6 ? v.getHigh(s) : 0;
        remoteLow = hasRemote ? (v6 ? v.getLow(s) : v.getLong(s)) : 0;
        localPort = intOf(v, HeaderSlots.LOCAL_PORT[i], -1);
        remotePort = intOf(v, HeaderSlots.REMOTE_PORT[i], -1);
        protocol = intOf(v, HeaderSlots.PROTOCOL[i], HeaderSlots.IMPLIED_PROTOCOL[i]);
        int d = intOf(v, HeaderSlots.DIRECTION[i], -1);
        if (d < 0 && m != null && m.packetDirection() != null) {
            d = m.packetDirection().code();
        }
        direction = d >= 0 ? d : HeaderSlots.IMPLIED_DIRECTION[i];
        loopback = (intOf(v, HeaderSlots.FLAGS[i], 0) & ConditionFlag.IS_LOOPBACK.code()) != 0;
        SEQ.setRelease(this, sequence);
        BUSY.setRelease(this, 0);
        return true;
    }

    private static int intOf(IncomingValues v, int slot, int absent) {
        return slot >= 0 && !v.isEmpty(slot) ? (int) v.getLong(slot) : absent;
    }

    /** The event with sequence number {@code sequence}, or null if the slot holds another (or is being written). */
    NetEvent read(long sequence) {
        if (seq != sequence) {
            return null;
        }
        long t = timeNanos;
        long rec = recordedMillis;
        boolean a = allow;
        int l = layer;
        long f = filterId;
        boolean ve = vetoed;
        boolean lb = loopback;
        int p = protocol;
        int d = direction;
        boolean hl = hasLocal;
        long lh = localHigh;
        long ll = localLow;
        boolean hr = hasRemote;
        long rh = remoteHigh;
        long rl = remoteLow;
        int lp = localPort;
        int rp = remotePort;
        VarHandle.acquireFence();
        if (seq != sequence) {
            return null;
        }
        Layer layer = LAYERS[l];
        boolean v6 = layer.ipVersion() == IpVersion.V6;
        return new NetEvent(Instant.ofEpochSecond(0, t), a ? NetEventType.CLASSIFY_ALLOW : NetEventType.CLASSIFY_DROP,
                layer, f, layer.ipVersion(), p, address(hl, v6, lh, ll), lp, address(hr, v6, rh, rl), rp,
                d >= 0 && d < DIRECTIONS.length ? DIRECTIONS[d] : null, ve, lb, Instant.ofEpochMilli(rec));
    }

    /** Copies a published event into this slot under a new ring (resize; no writers race on a fresh ring's copy). */
    boolean copyFrom(NetEventSlot o, long sequence) {
        if (o.seq != sequence) {
            return false;
        }
        long t = o.timeNanos;
        long rec = o.recordedMillis;
        boolean a = o.allow;
        int l = o.layer;
        long f = o.filterId;
        boolean ve = o.vetoed;
        boolean lb = o.loopback;
        int p = o.protocol;
        int d = o.direction;
        boolean hl = o.hasLocal;
        long lh = o.localHigh;
        long ll = o.localLow;
        boolean hr = o.hasRemote;
        long rh = o.remoteHigh;
        long rl = o.remoteLow;
        int lp = o.localPort;
        int rp = o.remotePort;
        VarHandle.acquireFence();
        if (o.seq != sequence) {
            return false;
        }
        timeNanos = t;
        recordedMillis = rec;
        allow = a;
        layer = l;
        filterId = f;
        vetoed = ve;
        loopback = lb;
        protocol = p;
        direction = d;
        hasLocal = hl;
        localHigh = lh;
        localLow = ll;
        hasRemote = hr;
        remoteHigh = rh;
        remoteLow = rl;
        localPort = lp;
        remotePort = rp;
        seq = sequence;
        return true;
    }

    private static String address(boolean present, boolean v6, long high, long low) {
        if (!present) {
            return "";
        }
        if (!v6) {
            return Value.formatV4((int) low);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return Value.formatV6(b);
    }
}
