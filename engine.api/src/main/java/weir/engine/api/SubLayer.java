package weir.engine.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * WFP's {@code FWPM_SUBLAYER0}: an arbitration partition present in every layer. Higher {@code weight}
 * (UINT16, 0..65535) is evaluated first; equal weights are ordered by ascending key (D4).
 */
public record SubLayer(UUID subLayerKey, DisplayData displayData, boolean persistent, UUID providerKey,
        byte[] providerData, int weight) {
    public SubLayer {
        Objects.requireNonNull(displayData, "displayData");
        providerData = providerData == null ? new byte[0] : providerData.clone();
    }

    public static SubLayer of(UUID key, String name, int weight) {
        return new SubLayer(key, DisplayData.of(name), false, null, null, weight);
    }

    @Override
    public byte[] providerData() {
        return providerData.clone();
    }

    public String name() {
        return displayData.name();
    }

    public SubLayer withPersistent(boolean p) {
        return new SubLayer(subLayerKey, displayData, p, providerKey, providerData, weight);
    }

    public SubLayer withProvider(UUID key) {
        return new SubLayer(subLayerKey, displayData, persistent, key, providerData, weight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubLayer s && Objects.equals(subLayerKey, s.subLayerKey)
                && displayData.equals(s.displayData) && persistent == s.persistent
                && Objects.equals(providerKey, s.providerKey) && Arrays.equals(providerData, s.providerData)
                && weight == s.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subLayerKey, displayData, persistent, providerKey, weight);
    }
}
