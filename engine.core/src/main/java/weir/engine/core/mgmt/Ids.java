package weir.engine.core.mgmt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run-time ids (WFP's LUIDs), always engine-assigned, monotonic and never reused while the engine runs: an
 * aborted add leaves a gap. After a restart persistent objects get new ids (their keys stay).
 */
final class Ids {
    private final AtomicLong filterId = new AtomicLong();
    private final AtomicLong providerContextId = new AtomicLong();
    private final AtomicInteger calloutId = new AtomicInteger();

    /** UINT64 filterId, from 1. */
    long nextFilterId() {
        return filterId.incrementAndGet();
    }

    long nextProviderContextId() {
        return providerContextId.incrementAndGet();
    }

    /** The management record's calloutId while no callout is registered under its key. */
    int nextCalloutId() {
        return calloutId.incrementAndGet();
    }
}
