package weir.shim.pcap.run;

import weir.shim.pcap.path.PacketProcessor;
import weir.shim.pcap.path.ShimCounters;

/**
 * A packet source: a capture file (offline), a live interface (monitor) or two (bridge). {@link #open}
 * happens on the caller's thread so that a bad file or interface is reported at once; {@link #run} on the
 * source's packet thread.
 */
interface Source {

    /** "offline", "monitor" or "bridge". */
    String mode();

    /** What is read, for the summary: the file, or the interfaces. */
    String describe();

    /** True when verdicts are carried out (offline files, bridge); false for a tap (monitor). */
    boolean enforces();

    /** True when injected copies can be sent (offline and bridge). */
    boolean canInject();

    /**
     * Opens the source and its outputs.
     *
     * @throws SourceException with a one-line message naming the file or interface and the reason
     */
    void open(ShimCounters counters) throws SourceException;

    /** The output that carries verdicts out; valid after {@link #open}. */
    PacketProcessor.Output output();

    /** Reads until the end (replay) or until {@link #stop}; called once, on the packet thread. */
    void run(PacketProcessor processor) throws SourceException;

    /** Asks {@link #run} to return soon (any thread). */
    void stop();

    /** Releases files and handles; idempotent. Problems become lines in {@link #notes()}. */
    void close();

    /** One-line notes for the summary: a capture cut short, an output that failed, ... (empty when none). */
    java.util.List<String> notes();

    /** Summary details of the source itself (file format, read problems, outputs), as name-value pairs. */
    java.util.Map<String, Object> details();

    /** The kernel's capture counts per live interface (frames that arrived but were never read); none offline. */
    default java.util.List<weir.shim.pcap.live.CaptureDrops> captureDrops() {
        return java.util.List.of();
    }
}
