package weir.callouts.logging;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import weir.engine.api.Layer;

/**
 * The one thread that writes the flow log. Ended flows arrive through a bounded lock-free queue, per-packet
 * records through a {@link PacketRing}; whoever offers never waits: when the writer is behind, the record is
 * dropped and counted. The writer formats each as an EVE line, writes it, flushes when it has caught up, and
 * picks up new settings (another file, other rotation) between records. {@link #close} stops it after it wrote
 * everything already queued, and closes the file.
 */
final class RecordWriter implements Runnable {
    private static final int PACKET_SLOTS = 1 << 16;
    private static final Layer[] LAYERS = Layer.values();

    private final ConcurrentLinkedQueue<FlowRecord> flows = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final PacketRing packets = new PacketRing(PACKET_SLOTS);
    private final AtomicLong flowsDropped = new AtomicLong();
    private final AtomicLong packetsDropped = new AtomicLong();
    private final Consumer<FlowRecord> written;
    private final Consumer<String> problem;
    private final Thread thread;
    private final EveJson json = new EveJson();
    private final PacketRing.Sink sink = this::packet;
    private volatile Settings settings;
    private volatile boolean running = true;
    /** The writer is about to park or parked: the next record wakes it (only then: an unpark is a system call). */
    private volatile boolean idle;

    // the writer thread's own state, read by status() as a picture
    private volatile RotatingFile file;
    private volatile long flowsWritten;
    private volatile long packetsWritten;
    private volatile long rotations;
    private volatile long writeErrors;
    private volatile String lastError;

    /**
     * @param written told of each flow record once it is written (the OSGi log summary)
     * @param problem told, one line, when writing fails (once per distinct reason)
     */
    RecordWriter(Settings settings, Consumer<FlowRecord> written, Consumer<String> problem) {
        this.settings = Objects.requireNonNull(settings);
        this.written = written;
        this.problem = problem;
        this.thread = new Thread(this, "weir-flow-log");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** New settings, applied by the writer before its next record. */
    void configure(Settings s) {
        settings = Objects.requireNonNull(s);
        LockSupport.unpark(thread);
    }

    Settings settings() {
        return settings;
    }

    /** An ended flow; false (and counted) when the queue is full or the writer stopped. Never waits. */
    boolean offer(FlowRecord r) {
        if (!running || queued.incrementAndGet() > settings.queueSize()) {
            if (running) {
                queued.decrementAndGet();
            }
            flowsDropped.incrementAndGet();
            return false;
        }
        flows.add(r);
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** A packet record (packet path: no lock, no allocation); false and counted when the ring is full. */
    boolean offerPacket(FlowRecord r, Layer layer, long time, int bytes, int tcpFlags) {
        if (running && packets.offer(r, layer.ordinal(), time, bytes, tcpFlags)) {
            return true;
        }
        packetsDropped.incrementAndGet();
        return false;
    }

    @Override
    public void run() {
        Settings open = null;
        while (true) {
            Settings s = settings;
            if (s != open) {
                reopen(s);
                open = s;
            }
            boolean wrote = false;
            FlowRecord r;
            while ((r = flows.poll()) != null) {
                queued.decrementAndGet();
                // read again per record: a record offered after configure() returned (the queue orders the two)
                // goes by the new settings, even when this turn began before them
                Settings now = settings;
                if (now != open) {
                    reopen(now);
                    open = now;
                    s = now;
                }
                if (write(json.flow(r))) {
                    flowsWritten++;
                    try {
                        written.accept(r);
                    } catch (RuntimeException e) {
                        // the Log Service failed with the summary: the record is in the file all the same
                    }
                }
                wrote = true;
            }
            while (packets.ready()) {
                packets.take(sink);
                wrote = true;
            }
            if (wrote) {
                flush();
                continue;
            }
            if (!running) {
                break;
            }
            // flow records wake the writer; packet records are collected every few milliseconds
            idle = true;
            if (flows.isEmpty() && settings == s) {
                LockSupport.parkNanos(this, s.packetRecords() ? TimeUnit.MILLISECONDS.toNanos(5)
                        : TimeUnit.MILLISECONDS.toNanos(500));
            }
            idle = false;
        }
        closeFile();
    }

    private void packet(FlowRecord f, int layer, long time, int bytes, int tcpFlags) {
        boolean out = LAYERS[layer] == Layer.OUTBOUND_TRANSPORT_V4 || LAYERS[layer] == Layer.OUTBOUND_TRANSPORT_V6;
        if (write(json.packet(f, LAYERS[layer].name(), out, time, bytes, tcpFlags))) {
            packetsWritten++;
        }
    }

    private boolean write(String line) {
        try {
            file.write(line);
            return true;
        } catch (IOException | RuntimeException e) {
            failed(e);
            closeFile(); // opened again for the next record: the disk may have room again, the folder exist
            return false;
        }
    }

    private void flush() {
        try {
            file.flush();
        } catch (IOException e) {
            failed(e);
            closeFile();
        }
    }

    private void reopen(Settings s) {
        closeFile();
        file = new RotatingFile(s.file(), s.rotationBytes(), s.rotationCount());
    }

    private void closeFile() {
        RotatingFile f = file;
        if (f == null) {
            return;
        }
        rotations += f.rotations();
        try {
            f.close();
        } catch (IOException e) {
            failed(e);
        }
        file = new RotatingFile(f.path(), settings.rotationBytes(), settings.rotationCount());
    }

    private void failed(Exception e) {
        writeErrors++;
        String line = "weir flow log: cannot write " + settings.file() + ": " + (e.getMessage() != null
                ? e.getMessage() : e.toString());
        if (!line.equals(lastError)) {
            lastError = line;
            problem.accept(line);
        }
    }

    /** Stops the writer once everything queued is written, and closes the file; waits up to {@code millis}. */
    void close(long millis) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long flowsWritten() {
        return flowsWritten;
    }

    long packetsWritten() {
        return packetsWritten;
    }

    long flowsDropped() {
        return flowsDropped.get();
    }

    long packetsDropped() {
        return packetsDropped.get();
    }

    int queued() {
        return Math.max(0, queued.get());
    }

    long rotations() {
        RotatingFile f = file;
        return rotations + (f == null ? 0 : f.rotations());
    }

    long writeErrors() {
        return writeErrors;
    }

    String lastError() {
        return lastError;
    }
}
