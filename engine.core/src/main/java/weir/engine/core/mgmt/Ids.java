package weir.engine.core.mgmt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Run-time ids (WFP's LUIDs) of filters and provider contexts: engine-assigned, monotonic and never reused
 * while the engine runs, so an aborted add leaves a gap. After a restart persistent objects get new ids (their
 * keys stay). CalloutIds come from the callout table, which keeps one per key.
 */
final class Ids {
    private final AtomicLong filterId = new AtomicLong();
    private final AtomicLong providerContextId = new AtomicLong();

    /** UINT64 filterId, from 1. */
    long nextFilterId() {
        return filterId.incrementAndGet();
    }

    long nextProviderContextId() {
        return providerContextId.incrementAndGet();
    }
}
