package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One object type's pending changes over a committed map: what a transaction sees (committed state plus
 * its own adds and deletes) without copying the committed map, then or at commit. Not thread-safe: a
 * transaction belongs to one session.
 */
final class Overlay<T> {
    private final Map<UUID, Stored<T>> base;
    private final Map<UUID, Stored<T>> added = new LinkedHashMap<>();
    private final Set<UUID> deleted = new HashSet<>();

    Overlay(Map<UUID, Stored<T>> base) {
        this.base = base;
    }

    Stored<T> get(UUID key) {
        if (key == null) {
            return null;
        }
        Stored<T> s = added.get(key);
        if (s != null) {
            return s;
        }
        return deleted.contains(key) ? null : base.get(key);
    }

    void put(UUID key, Stored<T> value) {
        added.put(key, value);
    }

    void remove(UUID key) {
        added.remove(key);
        if (base.containsKey(key)) {
            deleted.add(key);
        }
    }

    boolean changed() {
        return !added.isEmpty() || !deleted.isEmpty();
    }

    /** Every visible entry: committed ones first, then pending ones in the order they were added. */
    List<Stored<T>> values() {
        List<Stored<T>> out = new ArrayList<>(base.size() + added.size());
        for (Map.Entry<UUID, Stored<T>> e : base.entrySet()) {
            if (!deleted.contains(e.getKey()) && !added.containsKey(e.getKey())) {
                out.add(e.getValue());
            }
        }
        out.addAll(added.values());
        return out;
    }

    Map<UUID, Stored<T>> base() {
        return base;
    }

    /** The pending adds, in order. */
    Map<UUID, Stored<T>> added() {
        return Collections.unmodifiableMap(added);
    }

    /** Keys of committed entries that this transaction deleted (or replaced by deleting and adding again). */
    Set<UUID> deleted() {
        return Collections.unmodifiableSet(deleted);
    }

    /**
     * The committed map after this overlay: the same map when nothing changed, else a {@link PersistentMap} that
     * shares all but the changed paths with the committed one (no copy of the whole map).
     */
    Map<UUID, Stored<T>> apply() {
        if (!changed()) {
            return base;
        }
        PersistentMap<UUID, Stored<T>> m = PersistentMap.of(base);
        for (UUID k : deleted) {
            m = m.minus(k);
        }
        return m.plusAll(added);
    }
}
