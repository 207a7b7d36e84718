package weir.callouts.logging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import weir.engine.api.Decision;
import weir.engine.api.Field;
import weir.engine.api.FlowEndReason;
import weir.engine.api.IncomingValues;
import weir.engine.api.IpVersion;
import weir.engine.api.Layer;

/**
 * One flow's context: its tuple as the packet that started it showed it, and what its packets have added
 * since. The flow's callouts count into it from several packet threads at once without a lock: counters are
 * added to atomically, flags OR-ed, times and the first ICMP type each way set by compare-and-set
 * ({@link VarHandle}s on plain fields: nothing allocated per packet). It is the flow context of both transport
 * callouts, so it ends when the last of its associations is deleted.
 */
final class FlowRecord {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    private static final int NONE = -1;

    final long handle;
    final boolean v6;
    final int protocol;
    /** Addresses in host order: an IPv4 address in {@code localLow}, an IPv6 one as its two halves. */
    final long localHigh;
    final long localLow;
    final long remoteHigh;
    final long remoteLow;
    /** TCP and UDP ports; -1 for other protocols. */
    final int localPort;
    final int remotePort;

    /** The flow's direction: true when this host started it (ALE_FLOW_ESTABLISHED's DIRECTION corrects it). */
    volatile boolean outbound;
    volatile boolean established;

    // counted on the packet path through the VarHandles below
    private long packetsOut;
    private long packetsIn;
    private long bytesOut;
    private long bytesIn;
    private int flagsOut;
    private int flagsIn;
    private long first;
    private long last;
    /** {@code type << 8 | code} of the first ICMP message each way, or -1. */
    private int icmpOut = NONE;
    private int icmpIn = NONE;
    private int associations;
    private int done;

    // set once, when the last association ends, before the record is queued (the queue publishes them)
    FlowEndReason reason;
    Decision ale;

    private FlowRecord(long handle, boolean v6, int protocol, long localHigh, long localLow, long remoteHigh,
            long remoteLow, int localPort, int remotePort, boolean outbound, long time) {
        this.handle = handle;
        this.v6 = v6;
        this.protocol = protocol;
        this.localHigh = localHigh;
        this.localLow = localLow;
        this.remoteHigh = remoteHigh;
        this.remoteLow = remoteLow;
        this.localPort = localPort;
        this.remotePort = remotePort;
        this.outbound = outbound;
        this.first = time;
        this.last = time;
    }

    /** A flow's record from the incoming values of its first packet at a transport or ALE layer. */
    static FlowRecord of(long handle, IncomingValues values, boolean outbound, long time) {
        Layer l = values.layer();
        boolean v6 = l.ipVersion() == IpVersion.V6;
        int protocol = (int) values.getLong(l.indexOf(Field.IP_PROTOCOL));
        int local = l.indexOf(Field.IP_LOCAL_ADDRESS);
        int remote = l.indexOf(Field.IP_REMOTE_ADDRESS);
        boolean ports = protocol == TCP || protocol == UDP;
        return new FlowRecord(handle, v6, protocol, v6 ? values.getHigh(local) : 0,
                v6 ? values.getLow(local) : values.getLong(local), v6 ? values.getHigh(remote) : 0,
                v6 ? values.getLow(remote) : values.getLong(remote),
                ports ? (int) values.getLong(l.indexOf(Field.IP_LOCAL_PORT)) : NONE,
                ports ? (int) values.getLong(l.indexOf(Field.IP_REMOTE_PORT)) : NONE, outbound, time);
    }

    boolean icmp() {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /** One packet of the flow, one way. {@code icmp} is its {@code type << 8 | code}, or -1. Lock-free. */
    void count(boolean out, int bytes, int tcpFlags, int icmp, long time) {
        if (out) {
            PACKETS_OUT.getAndAdd(this, 1L);
            BYTES_OUT.getAndAdd(this, (long) bytes);
            // flags and ICMP types are read first: once set, a flow's later packets write nothing
            if ((tcpFlags & ~(int) FLAGS_OUT.getOpaque(this)) != 0) {
                FLAGS_OUT.getAndBitwiseOr(this, tcpFlags);
            }
            if (icmp != NONE && (int) ICMP_OUT.getOpaque(this) == NONE) {
                ICMP_OUT.compareAndSet(this, NONE, icmp);
            }
        } else {
            PACKETS_IN.getAndAdd(this, 1L);
            BYTES_IN.getAndAdd(this, (long) bytes);
            if ((tcpFlags & ~(int) FLAGS_IN.getOpaque(this)) != 0) {
                FLAGS_IN.getAndBitwiseOr(this, tcpFlags);
            }
            if (icmp != NONE && (int) ICMP_IN.getOpaque(this) == NONE) {
                ICMP_IN.compareAndSet(this, NONE, icmp);
            }
        }
        long t;
        while (time < (t = (long) FIRST.getOpaque(this)) && !FIRST.compareAndSet(this, t, time)) {
            Thread.onSpinWait();
        }
        while (time > (t = (long) LAST.getOpaque(this)) && !LAST.compareAndSet(this, t, time)) {
            Thread.onSpinWait();
        }
    }

    /** One more association of this record with the flow (a callout's context). */
    void associated() {
        ASSOCIATIONS.getAndAdd(this, 1);
    }

    /**
     * One association ended. True exactly once: when it was the last one, or when {@link #forceEnd} came first;
     * the caller then writes the record.
     */
    boolean release() {
        return (int) ASSOCIATIONS.getAndAdd(this, -1) == 1 && DONE.compareAndSet(this, 0, 1);
    }

    /** Ends the record whatever its associations (the log is going away); true if it had not ended yet. */
    boolean forceEnd() {
        return DONE.compareAndSet(this, 0, 1);
    }

    long packetsOut() {
        return (long) PACKETS_OUT.getVolatile(this);
    }

    long packetsIn() {
        return (long) PACKETS_IN.getVolatile(this);
    }

    long bytesOut() {
        return (long) BYTES_OUT.getVolatile(this);
    }

    long bytesIn() {
        return (long) BYTES_IN.getVolatile(this);
    }

    int flagsOut() {
        return (int) FLAGS_OUT.getVolatile(this);
    }

    int flagsIn() {
        return (int) FLAGS_IN.getVolatile(this);
    }

    int icmpOut() {
        return (int) ICMP_OUT.getVolatile(this);
    }

    int icmpIn() {
        return (int) ICMP_IN.getVolatile(this);
    }

    /** Capture time of the first packet, nanoseconds since the epoch. */
    long first() {
        return (long) FIRST.getVolatile(this);
    }

    /** Capture time of the last packet. */
    long last() {
        return (long) LAST.getVolatile(this);
    }

    private static final VarHandle PACKETS_OUT;
    private static final VarHandle PACKETS_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle BYTES_IN;
    private static final VarHandle FLAGS_OUT;
    private static final VarHandle FLAGS_IN;
    private static final VarHandle ICMP_OUT;
    private static final VarHandle ICMP_IN;
    private static final VarHandle FIRST;
    private static final VarHandle LAST;
    private static final VarHandle ASSOCIATIONS;
    private static final VarHandle DONE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS_OUT = l.findVarHandle(FlowRecord.class, "packetsOut", long.class);
            PACKETS_IN = l.findVarHandle(FlowRecord.class, "packetsIn", long.class);
            BYTES_OUT = l.findVarHandle(FlowRecord.class, "bytesOut", long.class);
            BYTES_IN = l.findVarHandle(FlowRecord.class, "bytesIn", long.class);
            FLAGS_OUT = l.findVarHandle(FlowRecord.class, "flagsOut", int.class);
            FLAGS_IN = l.findVarHandle(FlowRecord.class, "flagsIn", int.class);
            ICMP_OUT = l.findVarHandle(FlowRecord.class, "icmpOut", int.class);
            ICMP_IN = l.findVarHandle(FlowRecord.class, "icmpIn", int.class);
            FIRST = l.findVarHandle(FlowRecord.class, "first", long.class);
            LAST = l.findVarHandle(FlowRecord.class, "last", long.class);
            ASSOCIATIONS = l.findVarHandle(FlowRecord.class, "associations", int.class);
            DONE = l.findVarHandle(FlowRecord.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
