package weir.engine.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/** WFP's {@code FWPM_PROVIDER0}: bookkeeping only, with no run-time effect. */
public record Provider(UUID providerKey, DisplayData displayData, boolean persistent, boolean disabled,
        byte[] providerData, String serviceName) {
    public Provider {
        Objects.requireNonNull(displayData, "displayData");
        providerData = providerData == null ? new byte[0] : providerData.clone();
        serviceName = serviceName == null ? "" : serviceName;
    }

    public static Provider of(UUID key, String name) {
        return new Provider(key, DisplayData.of(name), false, false, null, null);
    }

    @Override
    public byte[] providerData() {
        return providerData.clone();
    }

    public String name() {
        return displayData.name();
    }

    public Provider withPersistent(boolean p) {
        return new Provider(providerKey, displayData, p, disabled, providerData, serviceName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provider p && Objects.equals(providerKey, p.providerKey) && displayData.equals(p.displayData)
                && persistent == p.persistent && disabled == p.disabled && Arrays.equals(providerData, p.providerData)
                && serviceName.equals(p.serviceName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerKey, displayData, persistent, disabled, serviceName);
    }
}
