package weir.engine.api;

import java.time.Instant;

/**
 * A recorded net event ({@code FWPM_NET_EVENT} with a CLASSIFY_DROP or CLASSIFY_ALLOW body): the packet's
 * header fields that the layer had, the deciding filter and the layer. Addresses are text (dotted or colon
 * form) or empty when the layer has none; ports are -1 when absent.
 *
 * <p>Two times: {@code timestamp} is the packet's own (WFP's {@code FWPM_NET_EVENT_HEADER0.timeStamp}: a
 * capture's time when a file is replayed, the arrival time for live traffic, the clock when the packet has
 * none); {@code recorded} is the wall-clock time at which Weir recorded the event. They differ for a replay of
 * an old capture, where "the last five minutes" means {@code recorded}.
 *
 * @param vetoed D10: a callout's BLOCK overrode a hard PERMIT; {@code filterId} is then the vetoing filter
 * @param recorded when Weir recorded the event (wall clock)
 */
public record NetEvent(Instant timestamp, NetEventType type, Layer layer, long filterId, IpVersion ipVersion,
        int protocol, String localAddress, int localPort, String remoteAddress, int remotePort, Direction direction,
        boolean vetoed, boolean loopback, Instant recorded) {

    /** An event whose packet time is also its recording time (the form of engine.api 1.2). */
    public NetEvent(Instant timestamp, NetEventType type, Layer layer, long filterId, IpVersion ipVersion,
            int protocol, String localAddress, int localPort, String remoteAddress, int remotePort,
            Direction direction, boolean vetoed, boolean loopback) {
        this(timestamp, type, layer, filterId, ipVersion, protocol, localAddress, localPort, remoteAddress,
                remotePort, direction, vetoed, loopback, timestamp);
    }
}
