package weir.engine.api;

import java.time.Instant;

/**
 * Selects net events ({@code FWPM_NET_EVENT_ENUM_TEMPLATE0}): null fields select everything; {@code filterId}
 * 0 selects all filters; {@code limit} 0 means no limit.
 */
public record NetEventTemplate(Instant from, Instant to, Layer layer, long filterId, NetEventType type, int limit) {
    public static NetEventTemplate all() {
        return new NetEventTemplate(null, null, null, 0L, null, 0);
    }
}
