package weir.shim.pcap.run;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import weir.shim.pcap.live.LiveSettings;

/**
 * The shim's tunables as a ConfigAdmin configuration (PID {@code weir.shim}, e.g. {@code etc/weir.shim.cfg}).
 * The packet source itself comes from the command line (framework properties {@code weir.shim.*}) or from
 * {@code shim:open}.
 */
@ObjectClassDefinition(id = ShimService.PID, name = "Weir pcap shim",
        description = "Flow table bounds, idle timeouts, live capture buffers and a bridge's queue management"
                + " of the packet shim")
public @interface ShimConfig {

    @AttributeDefinition(name = "Maximum flows", min = "1",
            description = "Flows the table holds; beyond it the least recently seen flow nearby is evicted"
                    + " (counted, and its callouts' flowDelete runs)")
    int maxFlows() default 1_000_000;

    @AttributeDefinition(name = "TCP idle timeout (s)", min = "1",
            description = "An established TCP flow without packets for this long ends (in capture time when"
                    + " replaying)")
    long tcpIdleTimeoutSeconds() default 7200;

    @AttributeDefinition(name = "UDP idle timeout (s)", min = "1",
            description = "A UDP, ICMP or other flow without packets for this long ends (WFP's ALE default is"
                    + " 60 s; capture time when replaying)")
    long udpIdleTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Capture buffer (MiB)", min = "1", max = "2047",
            description = "Kernel buffer of each live interface (--live, --bridge), for bursts that arrive faster"
                    + " than Weir reads: frames beyond it are dropped unread and counted as missed. Taken when a"
                    + " source opens")
    int captureBufferMiB() default LiveSettings.DEFAULT_BUFFER_MIB;

    @AttributeDefinition(name = "Bridge queue target (µs)", min = "0",
            description = "A bridge keeps the delay of frames waiting in its capture buffers near this (CoDel,"
                    + " RFC 8289): when they have waited longer for a whole interval, frames are shed from the"
                    + " head of the queue (counted as missed) so that TCP senders slow down instead of filling"
                    + " the buffer. 0 switches it off: frames then wait as long as the buffer holds them")
    long queueTargetMicros() default LiveSettings.DEFAULT_QUEUE_TARGET_MICROS;

    @AttributeDefinition(name = "Bridge queue interval (ms)", min = "1",
            description = "How long the delay must stay above the target before frames are shed (about the"
                    + " longest round trip of the connections through the bridge); shorter bursts pass untouched")
    long queueIntervalMillis() default LiveSettings.DEFAULT_QUEUE_INTERVAL_MILLIS;

    @AttributeDefinition(name = "Bridge send threads",
            description = "A bridge sends each interface's frames from a thread of that interface's own (Linux)"
                    + " when traffic is heavy, beside the packet thread that reads and judges them (light traffic,"
                    + " and with the flow queue the frames of sparse flows, the packet thread still sends itself, at"
                    + " once); off: the packet thread always sends")
    boolean sendThreads() default LiveSettings.DEFAULT_SEND_THREADS;

    @AttributeDefinition(name = "Real-time priority", min = "0", max = "99",
            description = "The SCHED_FIFO priority (Linux) of the threads that move live frames (--live, --bridge:"
                    + " the packet thread; send threads too when flowQueueFrames is 0), so that they run as soon as a frame arrives instead of"
                    + " waiting for a time slice behind the traffic's own processes (a bridge's latency under"
                    + " load). Needs CAP_SYS_NICE (root has it); without it Weir says so in one line and runs them"
                    + " as ordinary threads. 0: ordinary threads. Taken when a source opens")
    int realtimePriority() default LiveSettings.DEFAULT_REALTIME_PRIORITY;

    @AttributeDefinition(name = "Bridge flow queue (frames)", min = "0", max = "65536",
            description = "A bridge reads up to this many frames per interface ahead of judging them and judges and"
                    + " sends first the frames of flows that had nothing queued (a ping, an interactive session),"
                    + " then the rest in arrival order, so that they do not wait behind a bulk transfer's burst;"
                    + " a flow's own frames keep their order. 0: arrival order straight from the capture buffer."
                    + " Taken when a source opens")
    int flowQueueFrames() default LiveSettings.DEFAULT_FLOW_QUEUE_FRAMES;

    @AttributeDefinition(name = "Bridge send queue (frames)", min = "16", max = "1024",
            description = "With the flow queue and send threads: the most frames of bulk flows a send thread holds"
                    + " unsent; beyond it they wait in the flow queue, where the queue target sees how long they"
                    + " wait and sheds when it is too long. Taken when a source opens")
    int sendQueueFrames() default LiveSettings.DEFAULT_SEND_QUEUE_FRAMES;
}
