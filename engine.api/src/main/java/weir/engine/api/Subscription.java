package weir.engine.api;

import org.osgi.annotation.versioning.ProviderType;

/** A change or net-event subscription; {@link #close()} unsubscribes. */
@ProviderType
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
