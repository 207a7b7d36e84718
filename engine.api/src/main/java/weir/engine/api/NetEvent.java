package weir.engine.api;

import java.time.Instant;

/**
 * A recorded net event ({@code FWPM_NET_EVENT} with a CLASSIFY_DROP or CLASSIFY_ALLOW body): the packet's
 * header fields that the layer had, the deciding filter and the layer. Addresses are text (dotted or colon
 * form) or empty when the layer has none; ports are -1 when absent.
 *
 * @param vetoed D10: a callout's BLOCK overrode a hard PERMIT; {@code filterId} is then the vetoing filter
 */
public record NetEvent(Instant timestamp, NetEventType type, Layer layer, long filterId, IpVersion ipVersion,
        int protocol, String localAddress, int localPort, String remoteAddress, int remotePort, Direction direction,
        boolean vetoed, boolean loopback) {
}
