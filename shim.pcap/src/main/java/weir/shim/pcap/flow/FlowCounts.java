package weir.shim.pcap.flow;

/**
 * What a {@link FlowTracker} did: flows created, flows deleted (their handles closed, so their callouts'
 * flowDelete ran) by cause, flows open now and at most.
 */
public record FlowCounts(long created, long deleted, long open, long peak, long endedByTcp, long timedOut,
        long evicted, long closedAtShutdown) {
}
