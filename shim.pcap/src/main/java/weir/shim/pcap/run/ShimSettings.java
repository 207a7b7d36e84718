package weir.shim.pcap.run;

/** The tunables of a run (configuration PID {@code weir.shim}). */
record ShimSettings(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds) {
    static ShimSettings defaults() {
        return new ShimSettings(weir.shim.pcap.flow.FlowTracker.DEFAULT_MAX_FLOWS, 7200, 60);
    }
}
