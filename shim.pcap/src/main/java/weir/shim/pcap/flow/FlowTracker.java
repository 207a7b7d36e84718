package weir.shim.pcap.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import weir.engine.api.FlowContexts;
import weir.engine.api.FlowEndReason;
import weir.shim.pcap.packet.ParsedPacket;

/**
 * The shim's flow table, what makes the ALE layers happen: both directions of a 5-tuple are one flow, with
 * an engine flow handle ({@link FlowContexts#openFlow}) from its first packet to its end. A flow ends on
 * FIN both ways or RST ({@link #end}), on idle timeout (in the packets' own time, so a replay expires flows
 * as the capture's clock says), on eviction when the table is full, and at shutdown ({@link #closeAll});
 * every end calls {@link FlowContexts#closeFlow} once, which runs the callouts' flowDelete.
 *
 * <p>Open addressing with linear probing over primitive arrays ({@link FlowTable}), bounded by
 * {@code maxFlows}: no object per flow and none per packet (the table only allocates when it grows, doubling
 * up to its bound). Not thread-safe: one packet thread owns it. {@link #snapshot} may be called from another
 * thread and then reads a possibly inconsistent, never out-of-bounds, picture.
 *
 * <p>An ended TCP flow lingers for {@value #LINGER_SECONDS} s (TIME_WAIT's job): the last ACK and any
 * retransmitted FIN find it and start no new flow; a new SYN on the same tuple starts a new flow at once.
 */
public final class FlowTracker {
    public static final int DEFAULT_MAX_FLOWS = 1_000_000;
    static final int LINGER_SECONDS = 30;
    /** TCP flows whose handshake never completed time out like conntrack's SYN_SENT. */
    static final int TCP_OPENING_SECONDS = 120;
    private static final long SECOND = 1_000_000_000L;
    private static final int INITIAL_CAPACITY = 1024;
    private static final int EVICTION_SCAN = 32;
    private static final VarHandle NEWEST;

    static {
        try {
            NEWEST = MethodHandles.lookup().findVarHandle(FlowTracker.class, "newest", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FlowContexts contexts;
    private final int maxFlows;
    private final int maxCapacity;
    private final long tcpIdle;
    private final long udpIdle;
    private final FlowKey key = new FlowKey();
    /**
     * The table, as the packet thread reads it: a plain field, so that the path's many slot reads per packet
     * are not each a volatile read (which the compiler may not merge or hoist). Only the packet thread
     * replaces it, and it publishes every replacement in {@link #published} for other threads.
     */
    private FlowTable table = new FlowTable(INITIAL_CAPACITY);
    /** The same table for other threads ({@link #snapshot}, {@link #capacity}): written after {@link #table}. */
    private volatile FlowTable published = table;
    private int size;
    private boolean created;
    private long lastSweep = Long.MIN_VALUE;
    private volatile long newest;
    @SuppressWarnings("unused") // written by touch so that its reads stay
    private long touched;

    private long flowsCreated;
    private long endedByTcp;
    private long timedOut;
    private long evicted;
    private long closedAtShutdown;
    private long open;
    private long peak;

    /**
     * @param maxFlows the bound (eviction beyond it)
     * @param tcpIdleSeconds idle timeout of established TCP flows
     * @param udpIdleSeconds idle timeout of UDP, ICMP and other flows (WFP's ALE default is 60 s)
     */
    public FlowTracker(FlowContexts contexts, int maxFlows, long tcpIdleSeconds, long udpIdleSeconds) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be at least 1: " + maxFlows);
        }
        this.contexts = contexts;
        this.maxFlows = maxFlows;
        this.maxCapacity = Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, maxFlows - 1)) << 2);
        this.tcpIdle = Math.max(1, tcpIdleSeconds) * SECOND;
        this.udpIdle = Math.max(1, udpIdleSeconds) * SECOND;
    }

    /**
     * The flow of a packet, created if new (or if its previous flow on that tuple timed out, or a SYN
     * reopens an ended TCP tuple). Returns its slot, or -1 when the packet cannot have a flow (no ports read,
     * a later fragment, an ICMP error). {@link #created()} then tells whether this packet started it.
     *
     * @param sourceIsLocal whether the packet's source is this host (decides ALE_AUTH_CONNECT or RECV_ACCEPT)
     * @param now the packet's time, nanoseconds
     */
    public int track(ParsedPacket p, boolean sourceIsLocal, long now) {
        created = false;
        if (now > newest) {
            // a release store, not a volatile one (a full fence per packet): the shell only needs to see it soon
            NEWEST.setRelease(this, now);
        }
        if (!key.set(p)) {
            return -1;
        }
        FlowTable t = table;
        int slot = key.hash & t.mask;
        while (t.used(slot)) {
            if (t.holds(slot, key)) {
                return existing(t, slot, p, sourceIsLocal, now);
            }
            slot = (slot + 1) & t.mask;
        }
        if (size >= maxFlows) {
            evictNear(key.hash);
            return insert(p, sourceIsLocal, now);
        }
        if (size + 1 > table.capacity() / 2 && table.capacity() < maxCapacity) {
            grow();
            return insert(p, sourceIsLocal, now);
        }
        fill(t, slot, p, sourceIsLocal, now);
        size++;
        return slot;
    }

    private int existing(FlowTable t, int slot, ParsedPacket p, boolean sourceIsLocal, long now) {
        int s = t.state(slot);
        if ((s & FlowState.ENDED) != 0) {
            boolean syn = (p.tcpFlags() & (ParsedPacket.TCP_SYN | ParsedPacket.TCP_ACK)) == ParsedPacket.TCP_SYN;
            if (!syn && now - t.lastSeen(slot) <= LINGER_SECONDS * SECOND) {
                return slot;
            }
            restart(t, slot, p, sourceIsLocal, now);
            return slot;
        }
        if (now - t.lastSeen(slot) > timeout(t, slot)) {
            close(t, slot, FlowEndReason.IDLE);
            timedOut++;
            restart(t, slot, p, sourceIsLocal, now);
            return slot;
        }
        if (now > t.lastSeen(slot)) {
            t.setLastSeen(slot, now);
        }
        t.countPacket(slot);
        return slot;
    }

    private int insert(ParsedPacket p, boolean sourceIsLocal, long now) {
        FlowTable t = table;
        int slot = key.hash & t.mask;
        while (t.used(slot)) {
            slot = (slot + 1) & t.mask;
        }
        fill(t, slot, p, sourceIsLocal, now);
        size++;
        return slot;
    }

    private void restart(FlowTable t, int slot, ParsedPacket p, boolean sourceIsLocal, long now) {
        t.resetCold(slot);
        fill(t, slot, p, sourceIsLocal, now);
    }

    private void fill(FlowTable t, int slot, ParsedPacket p, boolean sourceIsLocal, long now) {
        // a SYN+ACK seen first answers a SYN we missed: the flow was started by its destination
        boolean synAck = p.protocol() == FlowKey.TCP
                && (p.tcpFlags() & (ParsedPacket.TCP_SYN | ParsedPacket.TCP_ACK)) == (ParsedPacket.TCP_SYN
                        | ParsedPacket.TCP_ACK);
        boolean initiatorIsSource = !synAck;
        boolean initiatorIsA = initiatorIsSource == key.sourceIsA;
        boolean outbound = initiatorIsSource == sourceIsLocal;
        int state = (initiatorIsA ? FlowState.INITIATOR_A : 0) | (outbound ? FlowState.OUTBOUND : 0);
        t.put(slot, key, state, contexts.openFlow(), now);
        created = true;
        flowsCreated++;
        open++;
        if (open > peak) {
            peak = open;
        }
    }

    /**
     * The flow hint of a frame ({@link #touch}): read from its bytes for the common case (Ethernet, IPv4, TCP or
     * UDP, not a fragment), 0 otherwise.
     */
    public static int hint(byte[] a, int offset, int capturedLength, int linkType) {
        return FlowKey.hint(a, offset, capturedLength, linkType);
    }

    /**
     * Reads the home slots of the next frames' flows ({@link #hint}s, 0 skipped) one after the other, so that
     * their cache misses overlap instead of each packet waiting for its own: with a table far larger than
     * the caches (one packet per flow; a long mix whose ended flows linger) a lookup is a miss, and a batch
     * of independent reads costs about one. Java has no prefetch instruction; independent loads whose sum is
     * kept are the portable equivalent. Changes nothing but the caches.
     *
     * <p>Both lines of the slot are read: a slot's 64 bytes start wherever the array's elements start, so in 7
     * arrays out of 8 they straddle two cache lines (the key in the first, the state, handle and time in the
     * second), and reading only the key's line left the packet waiting for the other. Hints are IPv4 flows'
     * only, whose counters are in the slot too (see {@link FlowTable}).
     */
    public void touch(int[] hints, int count) {
        FlowTable t = table;
        long[] h = t.hot;
        int mask = t.mask;
        long sum = 0;
        for (int i = 0; i < count; i++) {
            int hint = hints[i];
            if (hint != 0) {
                int at = (hint & mask) * FlowTable.STRIDE;
                sum += h[at] + h[at + FlowTable.STRIDE - 1];
            }
        }
        touched = sum; // kept, so that the reads are not optimized away
    }

    /** True when the last {@link #track} started a flow. */
    public boolean created() {
        return created;
    }

    /** True when the last tracked packet came from the flow's endpoint A. */
    public boolean sourceIsA() {
        return key.sourceIsA;
    }

    /** True when the last tracked packet came from the flow's initiator. */
    public boolean fromInitiator(int slot) {
        return ((table.state(slot) & FlowState.INITIATOR_A) != 0) == key.sourceIsA;
    }

    public long handle(int slot) {
        return table.handle(slot);
    }

    public int state(int slot) {
        return table.state(slot);
    }

    public void addState(int slot, int bits) {
        FlowTable t = table;
        t.setState(slot, t.state(slot) | bits);
    }

    public void removeState(int slot, int bits) {
        FlowTable t = table;
        t.setState(slot, t.state(slot) & ~bits);
    }

    public int epoch(int slot) {
        return table.epoch(slot);
    }

    public void setEpoch(int slot, int epoch) {
        table.setEpoch(slot, epoch);
    }

    public long blockingFilter(int slot) {
        return table.blockingFilter(slot);
    }

    public void setBlockingFilter(int slot, long filterId) {
        table.setBlockingFilter(slot, filterId);
    }

    /** The flow ended (FIN both ways, RST): flowDelete runs now, with the reason; the entry lingers for stragglers. */
    public void end(int slot, FlowEndReason reason) {
        FlowTable t = table;
        if ((t.state(slot) & FlowState.ENDED) != 0) {
            return;
        }
        close(t, slot, reason);
        endedByTcp++;
        t.setState(slot, t.state(slot) | FlowState.ENDED);
    }

    private void close(FlowTable t, int slot, FlowEndReason reason) {
        long h = t.handle(slot);
        if (h != 0) {
            t.setHandle(slot, 0);
            open--;
            contexts.closeFlow(h, reason);
        }
    }

    private long timeout(FlowTable t, int slot) {
        int s = t.state(slot);
        if ((s & FlowState.ENDED) != 0) {
            return LINGER_SECONDS * SECOND;
        }
        if (FlowKey.protocol(t.meta(slot)) == FlowKey.TCP) {
            return (s & FlowState.ESTABLISHED) != 0 ? tcpIdle : Math.min(tcpIdle, TCP_OPENING_SECONDS * SECOND);
        }
        return udpIdle;
    }

    /**
     * Expires idle flows as of {@code now} (capture time). Cheap to call per packet: it sweeps the table once
     * per second of the packets' clock, whatever their number, so that a short replay of a long capture ends
     * flows (and frees what their callouts hold, such as NAT ports) as the capture's clock says. A sweep costs
     * one pass over the table; a second of traffic pays for it.
     */
    public void expire(long now) {
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = now;
            return;
        }
        if (now - lastSweep < SECOND) {
            return;
        }
        sweep(now);
    }

    /** Expires every flow idle longer than its timeout as of {@code now}, whatever the last sweep. */
    public void sweep(long now) {
        lastSweep = now;
        FlowTable t = table;
        int i = 0;
        int scanned = 0;
        while (scanned < t.capacity()) {
            if (t.used(i) && now - t.lastSeen(i) > timeout(t, i)) {
                if ((t.state(i) & FlowState.ENDED) == 0) {
                    close(t, i, FlowEndReason.IDLE);
                    timedOut++;
                }
                t.remove(i);
                size--;
                // the slot may now hold a shifted entry: look at it again
                continue;
            }
            i = (i + 1) & t.mask;
            scanned++;
        }
    }

    /**
     * Ends every flow (shutdown, end of a source): each open flow's flowDelete runs. The emptied table is
     * replaced by a new small one rather than cleared slot by slot: after a million flows that is a pass
     * writing over 100 MB saved at the end of every replay, and the big arrays go back to the heap at once.
     */
    public void closeAll() {
        FlowTable t = table;
        for (int i = 0; i < t.capacity(); i++) {
            if (t.used(i)) {
                if (t.handle(i) != 0) {
                    closedAtShutdown++;
                }
                close(t, i, FlowEndReason.SHUTDOWN);
            }
        }
        table = new FlowTable(INITIAL_CAPACITY);
        published = table;
        size = 0;
    }

    private void evictNear(int hash) {
        FlowTable t = table;
        int slot = hash & t.mask;
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        int seen = 0;
        for (int n = 0; n < t.capacity() && seen < EVICTION_SCAN; n++, slot = (slot + 1) & t.mask) {
            if (!t.used(slot)) {
                continue;
            }
            seen++;
            // ended flows go first: they hold no handle any more
            long age = (t.state(slot) & FlowState.ENDED) != 0 ? Long.MIN_VALUE : t.lastSeen(slot);
            if (age < oldest) {
                oldest = age;
                victim = slot;
            }
        }
        if (victim < 0) {
            return;
        }
        if ((t.state(victim) & FlowState.ENDED) == 0) {
            close(t, victim, FlowEndReason.EVICTED);
            evicted++;
        }
        t.remove(victim);
        size--;
    }

    private void grow() {
        FlowTable old = table;
        FlowTable t = new FlowTable(old.capacity() * 2);
        for (int i = 0; i < old.capacity(); i++) {
            if (old.used(i)) {
                int slot = old.hash(i) & t.mask;
                while (t.used(slot)) {
                    slot = (slot + 1) & t.mask;
                }
                old.copy(i, t, slot);
            }
        }
        table = t;
        published = t;
    }

    /** The newest packet time seen: "now" in the source's clock. */
    public long newestTime() {
        return newest;
    }

    /** Entries in the table (open flows and lingering ended ones). */
    public int size() {
        return size;
    }

    public int capacity() {
        return published.capacity();
    }

    public int maxFlows() {
        return maxFlows;
    }

    /** Counters since this tracker was made. */
    public FlowCounts counts() {
        return new FlowCounts(flowsCreated, endedByTcp + timedOut + evicted + closedAtShutdown, open, peak,
                endedByTcp, timedOut, evicted, closedAtShutdown);
    }

    /** Up to {@code limit} flows, for the shell (allocates). */
    public List<FlowInfo> snapshot(int limit, long now) {
        FlowTable t = published;
        List<FlowInfo> out = new ArrayList<>();
        for (int i = 0; i < t.capacity() && out.size() < limit; i++) {
            if (t.used(i)) {
                out.add(FlowInfo.of(t, i, now));
            }
        }
        return out;
    }
}
