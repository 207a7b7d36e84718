package weir.shim.pcap.live;

/**
 * What the kernel says about one capture handle ({@code pcap_stats}): frames that reached its socket, frames
 * the socket dropped because its buffer was full (Weir did not read them in time), and frames the interface
 * itself dropped. libpcap's counts are 32-bit and wrap; these are their running sums. Updated by the thread
 * that reads the handle, read by any.
 *
 * @param received frames that reached the capture socket ({@code ps_recv}, dropped ones included)
 * @param droppedBySocket frames dropped unread because the capture buffer was full ({@code ps_drop})
 * @param droppedByInterface frames the interface dropped before capture ({@code ps_ifdrop}, the interface's
 *            rx_dropped since the handle was opened; every reader of the interface sees the same count)
 * @param shed frames a bridge read but dropped unjudged: they had queued too long ({@link CoDel}), or were
 *            still in its flow queue when the source stopped
 */
public record CaptureDrops(String interfaceName, long received, long droppedBySocket, long droppedByInterface,
        long shed) {

    /** Frames that reached the interface but were never judged: what Weir missed. */
    public long missed() {
        return droppedBySocket + droppedByInterface + shed;
    }
}
