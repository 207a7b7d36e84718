package weir.shim.pcap.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.shim.pcap.live.CaptureDrops;
import weir.shim.pcap.live.CaptureException;
import weir.shim.pcap.live.CapturePort;
import weir.shim.pcap.live.LiveSettings;
import weir.shim.pcap.live.SendCounters;
import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;
import weir.shim.pcap.values.PacketDirection;

/**
 * Bridge mode ({@code --bridge A,B}): Weir stands between two interfaces, A the inside. It captures what
 * arrives on each (inbound only, so it never sees what it sent), walks it through the layers, and sends
 * what is permitted out of the other side; what is blocked goes nowhere. A callout's injected copy goes out
 * towards its direction: inbound copies to A, outbound ones to B. Without {@code --local} a packet from A
 * is outbound and one from B inbound.
 *
 * <p>One packet thread serves both interfaces, so the flow table, the injector and the counters have a
 * single owner and need no lock: it reads up to {@value #TURN} frames from each side in turn, queues what
 * passes for the other side, sends each side's queue with one system call, and sleeps in {@code poll} on
 * both handles when neither has a frame ({@code sendThreads}: each side's queue goes to a thread of that
 * interface's own, which sends it). A turn first reads all that waits on its side into the side's flow queue
 * and judges from there, frames of sparse flows first (a ping does not wait behind a TCP burst; see
 * {@code FlowQueue}, {@code flowQueueFrames}). Each capture buffer is kept from becoming a standing queue by CoDel
 * (frames shed count as missed). A frame that arrives cut (larger than the interface's MTU: an aggregate of
 * its receive offload) is judged but never forwarded, as it would go out corrupt.
 */
final class BridgeSource implements Source, PacketProcessor.Output {
    /** Frames read from one side before the other side's turn: fairness between directions, bounded bursts. */
    static final int TURN = 64;
    /**
     * With flow queues, bulk frames walked from one side per turn: a sparse flow's frame that arrives meanwhile
     * waits for at most this many from each side (about 10 µs each under TCP load, most of it the receiving
     * host's stack in the send call) before it is read, walked and sent.
     */
    static final int BULK_TURN = 4;

    private final String inside;
    private final String outside;
    private final LiveSettings settings;
    private final LiveClock clock = new LiveClock();
    private LivePorts ports;
    private CapturePort a;
    private CapturePort b;
    private PacketProcessor processor;
    /** The side the packet being processed arrived on. */
    private CapturePort from;
    // plain fields, like ShimCounters': one writer (the packet thread), read as they are by the summary
    private long blocked;
    private long cut;
    private volatile boolean stopped;
    /** A turn left bulk frames queued because the other side's send thread is behind. */
    private boolean backlogged;
    private PrintStream warnings = System.err;

    BridgeSource(String inside, String outside, LiveSettings settings) {
        this.inside = inside;
        this.outside = outside;
        this.settings = settings;
    }

    @Override
    public String mode() {
        return "bridge";
    }

    @Override
    public String describe() {
        return inside + " (inside) <-> " + outside;
    }

    @Override
    public boolean enforces() {
        return true;
    }

    @Override
    public boolean canInject() {
        return true;
    }

    @Override
    public void open(ShimCounters counters) throws SourceException {
        ports = LivePorts.open("--bridge", new String[] {inside, outside}, true, settings, "not forwarded",
                warnings, "weir-shim-bridge-drops");
        a = ports.port(0);
        b = ports.port(1);
        if (a.linkType() != b.linkType()) {
            close();
            throw new SourceException("--bridge " + inside + "," + outside + ": the two interfaces have different"
                    + " link types (" + a.linkType() + " and " + b.linkType() + "); bridge two Ethernet interfaces");
        }
    }

    @Override
    public PacketProcessor.Output output() {
        return this;
    }

    @Override
    public void run(PacketProcessor processor) throws SourceException {
        this.processor = processor;
        if (!ports.enter()) {
            return;
        }
        boolean queued = a.flowQueued();
        int chunk = queued ? BULK_TURN : TURN;
        try {
            while (!stopped) {
                a.turn();
                b.turn();
                int n = 0;
                if (queued) {
                    // frames of sparse flows first, and sent at once: they wait for no bulk frame
                    n = sparse(a, PacketDirection.OUTBOUND) + sparse(b, PacketDirection.INBOUND);
                    if (n > 0) {
                        a.flushSparse();
                        b.flushSparse();
                    }
                }
                backlogged = false;
                n += turn(a, PacketDirection.OUTBOUND, chunk, b) + turn(b, PacketDirection.INBOUND, chunk, a);
                a.flush();
                b.flush();
                ports.count(System.nanoTime());
                if (n == 0 && !stopped) {
                    if (backlogged) {
                        ports.backOff();
                    } else {
                        processor.path().flows().expire(clock.now());
                        ports.idle();
                    }
                }
            }
        } catch (CaptureException e) {
            throw new SourceException(e.getMessage());
        } finally {
            ports.leave();
        }
    }

    /** Walks the frames of sparse flows that one side's turn read; returns how many. */
    private int sparse(CapturePort side, PacketDirection direction) {
        int n = 0;
        int captured;
        while ((captured = side.nextSparse()) >= 0) {
            walk(side, captured, direction);
            n++;
        }
        return n;
    }

    /** Walks up to {@code max} frames that arrived on one side; returns how many. */
    private int turn(CapturePort side, PacketDirection direction, int max, CapturePort to)
            throws CaptureException {
        int n = 0;
        while (n < max) {
            if (to.sendBacklogged()) {
                backlogged = true; // the send thread's ring is full: its frames wait in the flow queue
                break;
            }
            int captured = side.next();
            if (captured < 0) {
                break;
            }
            walk(side, captured, direction);
            n++;
        }
        return n;
    }

    private void walk(CapturePort side, int captured, PacketDirection direction) {
        from = side;
        processor.process(side.buffer(), side.offset(), captured, side.originalLength(), side.linkType(), clock.now(),
                direction, side.interfaceIndex());
    }

    @Override
    public void frame(boolean pass, byte[] array, int offset, int capturedLength, int originalLength, int linkType,
            long timestampNanos, PacketDirection direction, boolean injected) {
        if (!pass) {
            blocked++;
            return;
        }
        CapturePort to;
        if (injected) {
            to = direction == PacketDirection.INBOUND ? a : b;
        } else {
            if (capturedLength < originalLength) {
                cut++;
                return;
            }
            to = from == a ? b : a;
            to.send(array, offset, capturedLength, from.bucket(), from.sparse());
            return;
        }
        to.send(array, offset, capturedLength);
    }

    /** Where the missed-frames warnings go (standard error unless a test says otherwise); before {@link #open}. */
    void warningsTo(PrintStream out) {
        this.warnings = out;
    }

    @Override
    public void stop() {
        stopped = true;
        if (ports != null) {
            ports.wake();
        }
    }

    @Override
    public void close() {
        if (ports != null) {
            ports.close();
        }
    }

    /** Times the packet thread woke from idle sleep. */
    long wakeups() {
        return ports == null ? 0 : ports.wakeups();
    }

    @Override
    public List<CaptureDrops> captureDrops() {
        return ports == null ? List.of() : ports.drops();
    }

    @Override
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        if (cut > 0) {
            out.add(cut + " frames arrived larger than the interface's MTU (merged by its receive offload) and were"
                    + " not forwarded; switch that off: ethtool -K " + inside + " gro off lro off; ethtool -K "
                    + outside + " gro off lro off");
        }
        for (CapturePort p : new CapturePort[] {a, b}) {
            SendCounters s = p.sends();
            if (s.failed() > 0) {
                out.add(p.name() + ": " + s.failed() + " frames could not be sent (" + s.lastError() + ")");
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inside", inside);
        m.put("outside", outside);
        if (a != null) {
            m.put("sent_to_inside", a.sends().sent());
            m.put("sent_to_outside", b.sends().sent());
            m.put("not_sent", blocked);
            m.put("not_sent_cut", cut);
            m.put("send_failed", a.sends().failed() + b.sends().failed());
            m.put("batched_sends", a.batchedSends());
            m.put("send_threads", a.sendThread());
            if (a.sendThread()) {
                m.put("sent_by_send_threads", a.sentBySendThread() + b.sentBySendThread());
            }
            m.put("capture_buffer_bytes", settings.bufferBytes());
            m.put("packet_thread", ports.scheduling());
            m.put("packet_thread_eased", ports.easings());
            m.put("queue_target_us", settings.queueTargetNanos() / 1_000);
            m.put("queue_interval_ms", settings.queueIntervalNanos() / 1_000_000);
            m.put("flow_queue_frames", a.flowQueued() ? settings.flowQueueFrames() : 0);
            m.put("send_queue_frames", a.flowQueued() && a.sendThread() ? settings.sendQueueFrames() : 0);
        }
        return m;
    }
}
