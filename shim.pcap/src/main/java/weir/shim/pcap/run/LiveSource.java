package weir.shim.pcap.run;

import java.util.List;
import java.util.Map;

import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;

/** Monitor mode ({@code --live IF}): not wired yet. */
final class LiveSource implements Source {
    private final String device;

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

    @Override
    public void open(ShimCounters counters) throws SourceException {
        throw new SourceException("--live " + device + ": live capture is not available in this build yet");
    }

    @Override
    public PacketProcessor.Output output() {
        return (pass, a, o, c, l, t, ts, d, i) -> { };
    }

    @Override
    public void run(PacketProcessor processor) {
    }

    @Override
    public void stop() {
    }

    @Override
    public void close() {
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("interface", device);
    }
}
