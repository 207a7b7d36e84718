package weir.shim.pcap.run;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The shim's tunables as a ConfigAdmin configuration (PID {@code weir.shim}, e.g. {@code etc/weir.shim.cfg}).
 * The packet source itself comes from the command line (framework properties {@code weir.shim.*}) or from
 * {@code shim:open}.
 */
@ObjectClassDefinition(id = ShimService.PID, name = "Weir pcap shim",
        description = "Flow table bounds, idle timeouts and live capture buffers of the packet shim")
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
    int captureBufferMiB() default ShimSettings.DEFAULT_CAPTURE_BUFFER_MIB;
}
