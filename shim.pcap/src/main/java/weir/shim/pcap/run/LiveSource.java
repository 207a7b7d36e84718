package weir.shim.pcap.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weir.shim.pcap.live.CaptureDrops;
import weir.shim.pcap.live.CaptureException;
import weir.shim.pcap.live.CapturePort;
import weir.shim.pcap.live.Interfaces;
import weir.shim.pcap.live.LiveSettings;
import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;

/**
 * Monitor mode ({@code --live IF}): a live interface, every frame walked through the layers and its verdict
 * counted (and recorded as net events by the engine); nothing can be dropped, a tap only watches. Without
 * {@code --local} the interface's own addresses decide direction. The packet thread reads what waits and
 * sleeps in {@code poll} on the handle when nothing does.
 */
final class LiveSource implements Source {
    private final String device;
    private final LiveSettings settings;
    private final LiveClock clock = new LiveClock();
    private LivePorts ports;
    private CapturePort port;
    private volatile boolean stopped;
    private PrintStream warnings = System.err;

    LiveSource(String device, LiveSettings settings) {
        this.device = device;
        this.settings = settings;
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
        return Interfaces.addresses(device);
    }

    @Override
    public void open(ShimCounters counters) throws SourceException {
        ports = LivePorts.open("--live", new String[] {device}, false, settings, "not judged",
                warnings, "weir-shim-monitor-drops");
        port = ports.port(0);
    }

    @Override
    public PacketProcessor.Output output() {
        return (pass, a, o, c, l, lt, ts, d, i) -> { };
    }

    @Override
    public void run(PacketProcessor processor) throws SourceException {
        if (!ports.enter()) {
            return;
        }
        try {
            while (!stopped) {
                int n = 0;
                int captured;
                while (n < BridgeSource.TURN && (captured = port.next()) >= 0) {
                    processor.process(port.buffer(), 0, captured, port.originalLength(), port.linkType(),
                            clock.now(), null, port.interfaceIndex());
                    n++;
                }
                ports.count(System.nanoTime());
                if (n == 0 && !stopped) {
                    processor.path().flows().expire(clock.now());
                    ports.idle();
                }
            }
        } catch (CaptureException e) {
            throw new SourceException(e.getMessage());
        } finally {
            ports.leave();
        }
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
        return new ArrayList<>();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interface", device);
        m.put("enforcement", "none: a tap cannot drop; verdicts are counted only");
        if (port != null) {
            m.put("interface_index", port.interfaceIndex());
            m.put("link_type", port.linkType());
            m.put("capture_buffer_bytes", settings.bufferBytes());
            m.put("packet_thread", ports.scheduling());
            m.put("packet_thread_eased", ports.easings());
        }
        return m;
    }
}
