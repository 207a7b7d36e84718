package weir.engine.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import weir.engine.api.ErrorCode;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.NetEventType;
import weir.engine.api.Subscription;
import weir.engine.api.WfpException;

/**
 * The bounded net-event ring (default 4096), filled from the packet path without allocating.
 *
 * <p>Every event gets a sequence number from one counter; event {@code s} lives in slot {@code s % capacity}
 * until overwritten. Recording is a counter increment, a CAS and plain field writes; events are turned into
 * {@link NetEvent} records only when someone reads them.
 *
 * <p>Subscriptions are served off the packet path: while anyone subscribes, one daemon thread
 * ({@code weir-net-events}) looks at the ring every {@value #POLL_MILLIS} ms and hands each subscriber the
 * events that arrived since, oldest first, on that thread. A subscriber that falls more than a ring behind
 * misses the overwritten events. A subscriber that throws is not called again for that event, and nothing
 * else happens to it.
 */
public final class NetEventLog implements AutoCloseable {
    static final long POLL_MILLIS = 20;

    private static final class Ring {
        final NetEventSlot[] slots;
        /** capacity - 1 when the capacity is a power of two (the default), else -1: a mask instead of a division. */
        final int mask;

        Ring(int capacity) {
            slots = new NetEventSlot[capacity];
            mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
            for (int i = 0; i < capacity; i++) {
                slots[i] = new NetEventSlot();
            }
        }

        NetEventSlot slot(long seq) {
            return mask >= 0 ? slots[(int) seq & mask] : slots[(int) (seq % slots.length)];
        }
    }

    private static final class Subscriber implements Subscription {
        final Consumer<NetEvent> callback;
        final long from;
        final NetEventLog log;

        Subscriber(Consumer<NetEvent> callback, long from, NetEventLog log) {
            this.callback = callback;
            this.from = from;
            this.log = log;
        }

        @Override
        public void close() {
            log.subscribers.remove(this);
        }
    }

    private volatile Ring ring;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Guarded by this. */
    private Thread dispatcher;
    private volatile boolean closed;

    public NetEventLog() {
        this(4096);
    }

    public NetEventLog(int capacity) {
        ring = new Ring(check(capacity));
    }

    private static int check(int capacity) {
        if (capacity < 1) {
            throw new WfpException(ErrorCode.OUT_OF_BOUNDS, "net event capacity " + capacity + " must be at least 1");
        }
        return capacity;
    }

    /**
     * Records an event (packet path; allocates nothing). Header fields come from the layer's incoming values;
     * the time from the metadata's timestamp, or the clock when it has none.
     */
    public void record(NetEventType type, Layer layer, long filterId, boolean vetoed, IncomingValues values,
            Metadata metadata) {
        long s = next.getAndIncrement();
        if (!ring.slot(s).write(s, type, layer, filterId, vetoed, values, metadata)) {
            dropped.increment();
        }
    }

    /** The recorded events that the template selects, newest first. */
    public List<NetEvent> events(NetEventTemplate template) {
        NetEventTemplate t = template == null ? NetEventTemplate.all() : template;
        Ring r = ring;
        long hi = next.get() - 1;
        long lo = Math.max(0, hi - r.slots.length + 1);
        List<NetEvent> out = new ArrayList<>();
        for (long s = hi; s >= lo; s--) {
            NetEvent e = r.slot(s).read(s);
            if (e != null && selects(t, e)) {
                out.add(e);
                if (t.limit() > 0 && out.size() >= t.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean selects(NetEventTemplate t, NetEvent e) {
        return (t.from() == null || !e.timestamp().isBefore(t.from())) && (t.to() == null || !e.timestamp().isAfter(t.to()))
                && (t.layer() == null || t.layer() == e.layer()) && (t.filterId() == 0 || t.filterId() == e.filterId())
                && (t.type() == null || t.type() == e.type());
    }

    /** Tells {@code callback} about each event recorded from now on, on the dispatcher thread. */
    public Subscription subscribe(Consumer<NetEvent> callback) {
        Subscriber s = new Subscriber(java.util.Objects.requireNonNull(callback, "callback"), next.get(), this);
        subscribers.add(s);
        synchronized (this) {
            if (dispatcher == null && !closed) {
                long start = s.from;
                dispatcher = new Thread(() -> dispatch(start), "weir-net-events");
                dispatcher.setDaemon(true);
                dispatcher.start();
            }
        }
        return s;
    }

    private void dispatch(long from) {
        try {
            deliver(from);
        } finally {
            synchronized (this) {
                if (dispatcher == Thread.currentThread()) {
                    dispatcher = null;
                }
            }
        }
    }

    private void deliver(long from) {
        long delivered = from;
        while (!closed) {
            synchronized (this) {
                if (subscribers.isEmpty()) {
                    dispatcher = null; // under the lock subscribe() takes, so a new subscriber starts a new thread
                    return;
                }
            }
            long hi = next.get();
            Ring r = ring;
            delivered = Math.max(delivered, hi - r.slots.length);
            for (long s = delivered; s < hi; s++) {
                NetEvent e = r.slot(s).read(s);
                for (int spin = 0; e == null && r.slot(s).seq == -1 && spin < 10_000; spin++) {
                    Thread.onSpinWait(); // probably being written right now: a few nanoseconds
                    e = r.slot(s).read(s);
                }
                if (e == null) {
                    continue; // overwritten or dropped
                }
                for (Subscriber sub : subscribers) {
                    if (s >= sub.from) {
                        try {
                            sub.callback.accept(e);
                        } catch (RuntimeException ex) {
                            // a subscriber's failure is its own; the others still get the event
                        }
                    }
                }
            }
            delivered = hi;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
    }

    /** Resizes the ring, keeping the newest events that fit. */
    public synchronized void setCapacity(int capacity) {
        check(capacity);
        Ring old = ring;
        if (old.slots.length == capacity) {
            return;
        }
        Ring r = new Ring(capacity);
        long hi = next.get() - 1;
        for (long s = Math.max(0, hi - Math.min(capacity, old.slots.length) + 1); s <= hi; s++) {
            r.slot(s).copyFrom(old.slot(s), s);
        }
        ring = r;
    }

    /** Events recorded since start, the overwritten and dropped ones included. */
    public long total() {
        return next.get();
    }

    public int capacity() {
        return ring.slots.length;
    }

    /** Events lost because two writers wanted one slot at once (a full ring turned over during a write). */
    public long dropped() {
        return dropped.sum();
    }

    /** Stops the dispatcher thread; recording and reading still work. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = dispatcher;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
