package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import weir.engine.api.SessionOptions;
import weir.engine.api.WfpException;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreDamagedException;
import weir.engine.core.mgmt.persist.StoreFile;

/**
 * Restores the persistent objects at start, through the same checks as any add (in an internal,
 * non-dynamic session), so a store written by an older Weir cannot smuggle in an object that this one would
 * refuse. Keys are kept; filterIds and providerContextIds are assigned anew, in the order of the old ones.
 * WFP only restores objects of providers whose Windows service starts automatically; Weir has no service
 * manager and restores them all.
 *
 * <p>An object that no longer restores is damage like any other: the start is refused, unless the operator
 * asked to recover, and then the object is left out and named among what was lost.
 */
final class StoreLoader {
    private final BaseFilteringEngine engine;
    private final StoreFile store;
    private final boolean recover;
    private final List<String> recovery = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    StoreLoader(BaseFilteringEngine engine, StoreFile store, boolean recover) {
        this.engine = engine;
        this.store = store;
        this.recover = recover;
    }

    StoreState load(StoreState initial) {
        StoreFile.Loaded loaded = store.load(recover);
        recovery.addAll(loaded.recovery());
        notices.addAll(loaded.notices());
        StoreState state = restore(initial, loaded.objects());
        if (!loaded.recovered() && !recovery.isEmpty()) {
            recovery.addAll(store.keepAside()); // objects were left out: keep what they were in
        }
        if (!recovery.isEmpty()) {
            // what this start holds becomes the store, so that the next start finds it whole
            try {
                store.rewrite(Commit.persistentObjects(state));
            } catch (java.io.IOException e) {
                throw new StoreDamagedException("engine store " + store.path() + ": the recovered store cannot be"
                        + " written (" + e.getMessage() + "); Weir did not start: free disk space or fix the"
                        + " folder's permissions and run with " + StoreDamagedException.RECOVER_OPTION + " again");
            }
        }
        return state;
    }

    /** What a recovery did, one line each: empty when the store was whole. */
    List<String> recovery() {
        return recovery;
    }

    /** What the operator should hear about a store that loaded whole (a record cut short and discarded). */
    List<String> notices() {
        return notices;
    }

    private StoreState restore(StoreState initial, PersistentObjects o) {
        if (o.size() == 0) {
            return initial;
        }
        Session loader = new Session(engine, SessionOptions.named("engine store"), null);
        Transaction t = new Transaction(loader, false, true, new Draft(initial));
        restore(t, o.providers(), (tx, p) -> engine.providers.add(tx, p));
        restore(t, o.contexts(), (tx, c) -> engine.providers.addContext(tx, c));
        restore(t, o.subLayers(), (tx, s) -> engine.subLayers.add(tx, s, false));
        restore(t, o.callouts(), (tx, c) -> engine.calloutObjects.add(tx, c));
        restore(t, o.filters(), (tx, f) -> engine.filters.add(tx, f, true));
        return initial.apply(t.draft);
    }

    private <T> void restore(Transaction t, List<T> objects, BiConsumer<Transaction, T> add) {
        for (T object : objects) {
            try {
                add.accept(t, object);
            } catch (WfpException e) {
                if (!recover) {
                    throw StoreDamagedException.refuse(store.path(), "holds " + Describe.of(object) + " (key "
                            + key(object) + "), which no longer restores (" + e.getMessage() + ")",
                            "what else it holds", store.folder());
                }
                recovery.add("lost: " + Describe.of(object) + " (key " + key(object) + "): it no longer restores ("
                        + e.getMessage() + ")");
            }
        }
    }

    private static Object key(Object o) {
        if (o instanceof weir.engine.api.Filter f) {
            return f.filterKey();
        } else if (o instanceof weir.engine.api.SubLayer s) {
            return s.subLayerKey();
        } else if (o instanceof weir.engine.api.Provider p) {
            return p.providerKey();
        } else if (o instanceof weir.engine.api.ProviderContext c) {
            return c.providerContextKey();
        } else if (o instanceof weir.engine.api.CalloutObject c) {
            return c.calloutKey();
        }
        return "?";
    }
}
