package weir.shim.pcap.run;

import weir.shim.pcap.live.LiveSettings;

/**
 * The tunables of a run (configuration PID {@code weir.shim}).
 *
 * @param live how live interfaces are captured (buffer, a bridge's queue management)
 */
record ShimSettings(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds, LiveSettings live) {

    ShimSettings(int maxFlows, long tcpIdleSeconds, long udpIdleSeconds) {
        this(maxFlows, tcpIdleSeconds, udpIdleSeconds, LiveSettings.defaults());
    }

    static ShimSettings defaults() {
        return new ShimSettings(weir.shim.pcap.flow.FlowTracker.DEFAULT_MAX_FLOWS, 7200, 60);
    }
}
