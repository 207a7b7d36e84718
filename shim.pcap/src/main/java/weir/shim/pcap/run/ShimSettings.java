package weir.shim.pcap.run;

/**
 * The tunables of a run (configuration PID {@code weir.shim}).
 *
 * @param captureBufferBytes each live interface's capture buffer ({@code pcap_set_buffer_size})
 */
record ShimSettings(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds, int captureBufferBytes) {
    static final int DEFAULT_CAPTURE_BUFFER_MIB = 32;

    ShimSettings(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds) {
        this(maxFlows, tcpIdleSeconds, udpIdleSeconds, DEFAULT_CAPTURE_BUFFER_MIB << 20);
    }

    static ShimSettings defaults() {
        return new ShimSettings(weir.shim.pcap.flow.FlowTracker.DEFAULT_MAX_FLOWS, 7200, 60);
    }
}
