package weir.engine.core.mgmt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.ChangeType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.ObjectType;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;
import weir.engine.core.classify.LayerChange;
import weir.engine.core.mgmt.persist.PersistentObjects;
import weir.engine.core.mgmt.persist.StoreChange;
import weir.engine.core.mgmt.persist.StoreFile;

/**
 * Commit and abort (spec §6, ARCHITECTURE §4). A commit is all or nothing:
 * <ol>
 * <li>the calls were validated, and the callouts' ADD_FILTER accepted, as they were made (each against this
 * transaction's draft, under the writer lock, so nothing else changed meanwhile);</li>
 * <li>the new state is built, and what changed in each layer where filters came or went is handed to the
 * classifier, which applies it to that layer's snapshot (sharing the rest) and publishes it — one volatile
 * write per layer, so a packet sees a layer before or after the transaction, never a mix;</li>
 * <li>if persistent objects changed, their changes are appended to the store's journal as one record, durable
 * (fsync) before the commit returns; if that fails, the previous snapshots are put back and the transaction
 * fails as a whole;</li>
 * <li>then the committed state is replaced, DELETE_FILTER goes to the callouts of deleted filters (after the
 * classifier stopped using them), ADD_FILTER_POST_COMMIT to those that asked, and the change notifications
 * are queued for the other sessions;</li>
 * <li>from time to time the journal is compacted into a new snapshot of the store, still under the writer
 * lock.</li>
 * </ol>
 */
final class Commit {
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private final BaseFilteringEngine engine;
    private final SnapshotPublisher classifier;
    private final CalloutNotifier notifier;
    private final StoreFile store;
    private final EngineLog log;

    Commit(BaseFilteringEngine engine, SnapshotPublisher classifier, CalloutNotifier notifier, StoreFile store,
            EngineLog log) {
        this.engine = engine;
        this.classifier = classifier;
        this.notifier = notifier;
        this.store = store;
        this.log = log;
    }

    void commit(Transaction t) {
        if (!t.isOpen()) {
            return;
        }
        if (t.readOnly) {
            t.end();
            return;
        }
        try {
            if (t.changes.isEmpty()) {
                return;
            }
            StoreState before = engine.committed();
            StoreState next = before.apply(t.draft);
            Runnable undo;
            try {
                undo = classifier.publish(changes(t.draft, next));
            } catch (RuntimeException e) {
                undoNotifications(t);
                throw e instanceof WfpException w ? w : new WfpException(ErrorCode.INVALID_PARAMETER,
                        t.session.describe() + ": the classifier could not build the new snapshot (" + e
                                + "); the transaction was rolled back", e);
            }
            if (store != null && t.touchesPersistent()) {
                try {
                    store.append(persistentChanges(t));
                } catch (IOException e) {
                    rollBack(t, undo);
                    throw new WfpException(ErrorCode.STORE_DAMAGED, t.session.describe() + ": could not write the"
                            + " engine store's journal in " + store.folder() + " (" + e + "); the transaction was"
                            + " rolled back: free disk space or fix the folder's permissions and retry", e);
                }
            }
            engine.setCommitted(next);
            afterCommit(t, next);
            if (store != null && store.compactionDue()) {
                compact(next);
            }
        } finally {
            t.end();
            engine.releaseWriter();
        }
    }

    private void afterCommit(Transaction t, StoreState next) {
        for (Change c : t.changes) {
            if (c.type() == ObjectType.FILTER && c.kind() == ChangeType.DELETE) {
                notifier.delete((Filter) c.object());
            }
        }
        if (t.tiesNotLogged > 0) {
            log.warn("weir: " + t.session.describe() + " added " + t.tiesNotLogged + " more filters whose effective"
                    + " weight ties another in their sublayer (D4: the older filter is evaluated first); enumerate"
                    + " with SORTED to see the order");
        }
        for (Transaction.NotifiedAdd a : t.notifiedAdds) {
            Stored<Filter> s = next.filters.get(a.filter().filterKey());
            if (s != null && s.object().filterId() == a.filter().filterId()) {
                notifier.postCommit(a.filter());
            }
        }
        engine.dispatch(t);
    }

    /** Puts the classifier's layers back as they were before this commit (nothing can fail in that). */
    private void rollBack(Transaction t, Runnable undoPublish) {
        undoPublish.run();
        undoNotifications(t);
    }

    void abort(Transaction t) {
        if (!t.isOpen()) {
            return;
        }
        try {
            if (!t.readOnly) {
                undoNotifications(t);
            }
        } finally {
            t.end();
            if (!t.readOnly) {
                engine.releaseWriter();
            }
        }
    }

    /** A callout that accepted ADD_FILTER for a filter that never became real hears that it is gone. */
    private void undoNotifications(Transaction t) {
        for (Transaction.NotifiedAdd a : t.notifiedAdds) {
            notifier.delete(a.filter());
        }
    }

    /** Hands each layer's complete state to the classifier (at start). */
    void publish(StoreState s, Set<Layer> layers) {
        List<SubLayer> subLayers = new ArrayList<>(s.subLayers.size());
        for (Stored<SubLayer> sl : s.subLayers.values()) {
            subLayers.add(sl.object());
        }
        List<SubLayer> all = List.copyOf(subLayers);
        for (Layer layer : layers) {
            Map<UUID, Stored<Filter>> m = s.filtersByLayer.get(layer);
            List<Filter> filters = new ArrayList<>(m.size());
            for (Stored<Filter> f : m.values()) {
                filters.add(f.object());
            }
            classifier.publish(layer, all, List.copyOf(filters));
        }
    }

    /**
     * What a transaction changed, per layer, for the classifier: the filters that went, those that came, and the
     * sublayers the new ones are in. Layers without a filter change are not named (ARCHITECTURE §4: untouched
     * layers keep their snapshot).
     */
    static List<LayerChange> changes(Draft d, StoreState next) {
        Map<Layer, List<Filter>> deleted = new EnumMap<>(Layer.class);
        Map<Layer, List<Filter>> added = new EnumMap<>(Layer.class);
        for (UUID k : d.filters.deleted()) {
            Filter f = d.base.filters.get(k).object();
            deleted.computeIfAbsent(f.layer(), l -> new ArrayList<>()).add(f);
        }
        for (Stored<Filter> s : d.filters.added().values()) {
            added.computeIfAbsent(s.object().layer(), l -> new ArrayList<>()).add(s.object());
        }
        List<LayerChange> out = new ArrayList<>();
        for (Layer layer : d.touchedLayers()) {
            List<Filter> in = added.getOrDefault(layer, List.of());
            Map<UUID, SubLayer> subLayers = new HashMap<>();
            for (Filter f : in) {
                if (!subLayers.containsKey(f.subLayerKey())) {
                    subLayers.put(f.subLayerKey(), next.subLayers.get(f.subLayerKey()).object());
                }
            }
            out.add(new LayerChange(layer, deleted.getOrDefault(layer, List.of()), in,
                    new ArrayList<>(subLayers.values())));
        }
        return out;
    }

    /** A transaction's changes of persistent objects, in its order: one journal record. */
    private static List<StoreChange> persistentChanges(Transaction t) {
        List<StoreChange> out = new ArrayList<>();
        for (Change c : t.changes) {
            if (c.stored().isPersistent()) {
                out.add(c.kind() == ChangeType.ADD ? StoreChange.add(c.object()) : StoreChange.delete(c.object()));
            }
        }
        return out;
    }

    /**
     * Folds the journal into a new snapshot of {@code state} (the committed state after its last record), under
     * the writer lock. A failure loses nothing: the journal still holds every change, and the next commit tries
     * again.
     */
    private void compact(StoreState state) {
        try {
            store.compact(persistentObjects(state));
        } catch (IOException | RuntimeException e) {
            log.warn("weir: could not compact the engine store in " + store.folder() + " (" + e + "); the journal"
                    + " keeps every change, and the compaction is tried again after the next persistent commit");
        }
    }

    /** At a clean stop: compacts a journal that has records (waiting a while for a transaction still open). */
    void closeStore() {
        if (store == null) {
            return;
        }
        if (engine.tryAcquireWriter(CLOSE_WAIT_MILLIS)) {
            try {
                if (store.records() > 0) {
                    compact(engine.committed());
                }
            } finally {
                store.close();
                engine.releaseWriter();
            }
        } else {
            store.close(); // the journal holds every commit: the next start replays it
        }
    }

    /** The persistent objects of a state, in the order they are added back at start. */
    static PersistentObjects persistentObjects(StoreState s) {
        return new PersistentObjects(java.time.Instant.now(),
                persistent(s.providers, Comparator.comparing(Provider::providerKey, EvaluationOrder::compareKeys)),
                persistent(s.contexts, Comparator.comparingLong(ProviderContext::providerContextId)),
                persistent(s.subLayers, Comparator.comparing(SubLayer::subLayerKey, EvaluationOrder::compareKeys)),
                persistent(s.callouts, Comparator.comparing(CalloutObject::calloutKey, EvaluationOrder::compareKeys)),
                persistent(s.filters, EvaluationOrder.BY_ID));
    }

    private static <T> List<T> persistent(Map<UUID, Stored<T>> m, Comparator<? super T> order) {
        List<T> out = new ArrayList<>();
        for (Stored<T> s : m.values()) {
            if (s.isPersistent()) {
                out.add(s.object());
            }
        }
        out.sort(order);
        return out;
    }
}
