package weir.engine.core.mgmt;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

import weir.engine.api.SessionOptions;
import weir.engine.api.WfpException;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreFile;

/**
 * Restores the persistent objects at start, through the same checks as any add (in an internal,
 * non-dynamic session), so a store written by an older Weir cannot smuggle in an object that this one would
 * refuse. Keys are kept; filterIds and providerContextIds are assigned anew, in the order of the old ones.
 * WFP only restores objects of providers whose Windows service starts automatically; Weir has no service
 * manager and restores them all.
 */
final class StoreLoader {
    private final BaseFilteringEngine engine;
    private final StoreFile store;
    private final EngineLog log;

    StoreLoader(BaseFilteringEngine engine, StoreFile store, EngineLog log) {
        this.engine = engine;
        this.store = store;
        this.log = log;
    }

    StoreState load(StoreState initial) {
        StoreFile.Loaded loaded = store.load();
        PersistentObjects o = loaded.objects();
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
        StoreState state = initial.apply(t.draft);
        if (loaded.fromBackup()) {
            // the damaged file was moved aside: make the restored state the current file again
            try {
                store.write(Commit.persistentObjects(state));
            } catch (IOException e) {
                log.warn("weir: could not rewrite the engine store " + store.path() + " (" + e
                        + "); it is rewritten with the next persistent change");
            }
        }
        return state;
    }

    private <T> void restore(Transaction t, List<T> objects, BiConsumer<Transaction, T> add) {
        for (T object : objects) {
            try {
                add.accept(t, object);
            } catch (WfpException e) {
                log.warn("weir: engine store " + store.path() + ": " + Describe.of(object) + " was not restored ("
                        + e.getMessage() + ")");
            }
        }
    }
}
