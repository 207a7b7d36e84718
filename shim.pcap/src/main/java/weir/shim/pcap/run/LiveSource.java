package weir.shim.pcap.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.pcap4j.core.RawPacketListener;

import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;

/**
 * Monitor mode ({@code --live IF}): a live interface through pcap4j, every packet walked through the layers
 * and its verdict counted (and recorded as net events by the engine); nothing can be dropped, a tap only
 * watches. Without {@code --local} the interface's own addresses decide direction.
 */
final class LiveSource implements Source, RawPacketListener {
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final String device;
    private final LiveClock clock = new LiveClock();
    private final List<String> notes = new ArrayList<>();
    private PcapPort port;
    private PacketProcessor processor;
    private volatile boolean stopped;

    LiveSource(String device) {
        this.device = device;
    }

    @Override
    public String mode() {
        return "monitor";
    }

    @Override
    public String describe() {
        return device;
    }

    @Override
    public boolean enforces() {
        return false;
    }

    @Override
    public boolean canInject() {
        return false;
    }

    /** The capturing interface's addresses: the host's when no {@code --local} is given. */
    String defaultLocal() {
        return PcapPort.addresses(device);
    }

    @Override
    public void open(ShimCounters counters) throws SourceException {
        port = PcapPort.open("--live", device, false);
    }

    @Override
    public PacketProcessor.Output output() {
        return (pass, a, o, c, l, lt, ts, d, i) -> { };
    }

    @Override
    public void run(PacketProcessor processor) throws SourceException {
        this.processor = processor;
        Thread.currentThread().setContextClassLoader(LiveSource.class.getClassLoader());
        while (!stopped) {
            if (port.dispatch(this) == 0) {
                processor.path().flows().expire(clock.now());
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    @Override
    public void gotPacket(byte[] packet) {
        processor.process(packet, 0, packet.length, packet.length, port.linkType(), clock.now(), null,
                port.interfaceIndex());
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        if (port != null) {
            port.close();
        }
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interface", device);
        m.put("enforcement", "none: a tap cannot drop; verdicts are counted only");
        if (port != null) {
            m.put("interface_index", port.interfaceIndex());
            m.put("link_type", port.linkType());
        }
        return m;
    }

}
