package weir.engine.core.mgmt;

import java.util.List;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.Filter;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;

/**
 * Deletes a closed dynamic session's objects (rule 21) in one transaction: filters first, then what they
 * referenced, so no delete can be IN_USE — the lifetime rules let only the same session's dynamic objects
 * reference them. Closing never fails: when another session holds the writer lock longer than the closing
 * session's wait limit, the deletion finishes on a thread of its own as soon as the lock is free.
 */
final class DynamicCleanup implements Runnable {
    private final BaseFilteringEngine engine;
    private final Session session;
    private final EngineLog log;

    DynamicCleanup(BaseFilteringEngine engine, Session session, EngineLog log) {
        this.engine = engine;
        this.session = session;
        this.log = log;
    }

    @Override
    public void run() {
        long wait = session.options().txnWaitTimeoutMillis() > 0 ? session.options().txnWaitTimeoutMillis()
                : weir.engine.api.SessionOptions.DEFAULT_TXN_WAIT_MILLIS;
        if (engine.tryAcquireWriter(wait)) {
            deleteAll();
            return;
        }
        log.info("weir: " + session.describe() + " closed while another session holds the engine lock; its"
                + " dynamic objects are deleted as soon as that transaction ends");
        Thread t = new Thread(() -> {
            engine.acquireWriterUninterruptibly();
            deleteAll();
        }, "weir-dynamic-cleanup");
        t.setDaemon(true);
        t.start();
    }

    /** Runs with the writer lock held; the commit releases it. */
    private void deleteAll() {
        Transaction t = new Transaction(session, false, true, new Draft(engine.committed()));
        UUID key = session.sessionKey();
        try {
            for (Stored<Filter> f : owned(t.draft.filters.values(), key)) {
                engine.filters.delete(t, f);
            }
            for (Stored<CalloutObject> c : owned(t.draft.callouts.values(), key)) {
                engine.calloutObjects.delete(t, c.object().calloutKey());
            }
            for (Stored<SubLayer> s : owned(t.draft.subLayers.values(), key)) {
                engine.subLayers.delete(t, s.object().subLayerKey());
            }
            for (Stored<ProviderContext> c : owned(t.draft.contexts.values(), key)) {
                engine.providers.deleteContext(t, c.object().providerContextKey());
            }
            for (Stored<Provider> p : owned(t.draft.providers.values(), key)) {
                engine.providers.delete(t, p.object().providerKey());
            }
        } catch (WfpException e) {
            log.warn("weir: deleting the dynamic objects of closed " + session.describe() + " stopped at "
                    + e.getMessage() + "; the objects deleted so far are gone, the rest stay until deleted");
        }
        engine.commit(t);
    }

    private static <T> List<Stored<T>> owned(List<Stored<T>> all, UUID session) {
        all.removeIf(s -> s.lifetime() != Lifetime.DYNAMIC || !session.equals(s.session()));
        return all;
    }
}
