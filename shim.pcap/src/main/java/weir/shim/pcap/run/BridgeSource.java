package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.pcap4j.core.RawPacketListener;

import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;
import weir.shim.pcap.values.PacketDirection;

/**
 * Bridge mode ({@code --bridge A,B}): Weir stands between two interfaces, A the inside. It captures what
 * arrives on each (inbound only, so it never sees what it sent), walks it through the layers, and sends
 * what is permitted out of the other side; what is blocked goes nowhere. A callout's injected copy goes out
 * towards its direction: inbound copies to A, outbound ones to B. Without {@code --local} a packet from A
 * is outbound and one from B inbound. One thread serves both interfaces (non-blocking reads), so the flow
 * table has a single owner.
 */
final class BridgeSource implements Source, PacketProcessor.Output {
    private static final long IDLE_PARK_NANOS = 200_000;

    private final String inside;
    private final String outside;
    private final LiveClock clock = new LiveClock();
    private final List<String> notes = new ArrayList<>();
    private PcapPort a;
    private PcapPort b;
    private PacketProcessor processor;
    /** The side the packet being processed arrived on. */
    private PcapPort from;
    private long dropped;
    private volatile boolean stopped;

    private final RawPacketListener fromInside = packet -> arrived(a, packet, PacketDirection.OUTBOUND);
    private final RawPacketListener fromOutside = packet -> arrived(b, packet, PacketDirection.INBOUND);

    BridgeSource(String inside, String outside) {
        this.inside = inside;
        this.outside = outside;
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
        a = PcapPort.open("--bridge", inside, true);
        try {
            b = PcapPort.open("--bridge", outside, true);
        } catch (SourceException e) {
            a.close();
            throw e;
        }
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
        Thread.currentThread().setContextClassLoader(BridgeSource.class.getClassLoader());
        while (!stopped) {
            int n = a.dispatch(fromInside) + b.dispatch(fromOutside);
            if (n == 0) {
                processor.path().flows().expire(clock.now());
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void arrived(PcapPort side, byte[] packet, PacketDirection direction) {
        from = side;
        processor.process(packet, 0, packet.length, packet.length, side.linkType(), clock.now(), direction,
                side.interfaceIndex());
    }

    @Override
    public void frame(boolean pass, byte[] array, int offset, int capturedLength, int originalLength, int linkType,
            long timestampNanos, PacketDirection direction, boolean injected) {
        if (!pass) {
            dropped++;
            return;
        }
        PcapPort to;
        if (injected) {
            to = direction == PacketDirection.INBOUND ? a : b;
        } else {
            to = from == a ? b : a;
        }
        to.send(array, offset, capturedLength);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Override
    public List<String> notes() {
        List<String> out = new ArrayList<>(notes);
        for (PcapPort p : new PcapPort[] {a, b}) {
            if (p != null && p.sendErrors() > 0) {
                out.add(p.name() + ": " + p.sendErrors() + " packets could not be sent (" + p.lastSendError() + ")");
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
            m.put("sent_to_inside", a.sent());
            m.put("sent_to_outside", b.sent());
            m.put("not_sent", dropped);
        }
        return m;
    }
}
