package weir.engine.core.mgmt;

import java.util.UUID;

/**
 * One object in the engine's store with what the lifetime rules need besides the object itself.
 *
 * @param session the dynamic session that owns it, or null when it is not dynamic
 * @param provider the provider that owns it (its {@code providerKey}), or null
 */
record Stored<T>(T object, Lifetime lifetime, UUID session, UUID provider) {

    boolean isPersistent() {
        return lifetime == Lifetime.PERSISTENT;
    }
}
