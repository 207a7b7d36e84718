package weir.engine.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * WFP's {@code FWPM_PROVIDER_CONTEXT}: an opaque configuration blob a filter can reference; the callout
 * receives it with the filter. {@code providerContextId} is an output.
 */
public record ProviderContext(UUID providerContextKey, DisplayData displayData, boolean persistent,
        UUID providerKey, int type, byte[] data, long providerContextId) {
    public ProviderContext {
        Objects.requireNonNull(displayData, "displayData");
        data = data == null ? new byte[0] : data.clone();
    }

    public static ProviderContext of(UUID key, String name, byte[] data) {
        return new ProviderContext(key, DisplayData.of(name), false, null, 8 /* FWPM_GENERAL_CONTEXT */, data, 0L);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public ProviderContext withId(UUID key, long id) {
        return new ProviderContext(key, displayData, persistent, providerKey, type, data, id);
    }

    public ProviderContext withPersistent(boolean p) {
        return new ProviderContext(providerContextKey, displayData, p, providerKey, type, data, providerContextId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderContext c && Objects.equals(providerContextKey, c.providerContextKey)
                && displayData.equals(c.displayData) && persistent == c.persistent
                && Objects.equals(providerKey, c.providerKey) && type == c.type && Arrays.equals(data, c.data)
                && providerContextId == c.providerContextId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerContextKey, displayData, persistent, providerKey, type, providerContextId);
    }
}
