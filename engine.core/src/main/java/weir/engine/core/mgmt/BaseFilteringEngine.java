package weir.engine.core.mgmt;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterEngine;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;
import weir.engine.core.callout.CalloutTable;
import weir.engine.core.classify.WhatIf;
import weir.engine.core.events.EngineStatistics;
import weir.engine.core.events.NetEventLog;
import weir.engine.core.mgmt.persist.StoreDamagedException;
import weir.engine.core.mgmt.persist.StoreFile;
import weir.engine.core.mgmt.persist.StoreOptions;

/**
 * The management side of the engine — WFP's Base Filtering Engine: sessions, the object store, transactions,
 * enumeration, subscriptions and persistence, in front of the classify side it publishes to.
 *
 * <p>One writer at a time: a read-write transaction (explicit, or implicit around one call) holds the engine's
 * writer lock from begin to commit or abort; another session's write waits for it up to its
 * {@code txnWaitTimeoutMillis} (TIMEOUT). Readers never wait: they read the committed state, an immutable
 * object replaced by one volatile write per commit. Read-only transactions read the state of their begin.
 *
 * <p>Not an OSGi component itself: {@code weir.engine.core.osgi.EngineComponent} builds it, and unit tests
 * build it directly.
 */
public final class BaseFilteringEngine implements FilterEngine, AutoCloseable {
    private final SnapshotPublisher classifier;
    private final CalloutTable calloutTable;
    private final NetEventLog netEvents;
    private final EngineStatistics statistics;
    private final EngineLog log;
    private final Semaphore writer = new Semaphore(1, true);
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Ids ids = new Ids();
    private final Commit commit;
    final ProviderRules providers;
    final SubLayerRules subLayers;
    final CalloutObjectRules calloutObjects;
    final FilterRules filters;
    final ChangeDispatcher changes;
    private volatile StoreState committed = StoreState.initial(SubLayerRules.universal());
    private volatile EngineOptions options = EngineOptions.defaults();
    private volatile boolean shut;
    private final List<String> storeRecovery;
    private final List<String> storeNotices;

    /**
     * Builds the engine, loads the persistent objects from {@code storeFolder} (none when null: nothing is
     * persisted) and publishes every layer to the classifier.
     *
     * @param classifier the classify side, usually {@code SnapshotPublisher.of(classifierImpl)}
     * @throws StoreDamagedException when the store is damaged: the engine must not start
     */
    public BaseFilteringEngine(SnapshotPublisher classifier, CalloutTable calloutTable, NetEventLog netEvents,
            EngineStatistics statistics, Path storeFolder, EngineLog log) {
        this(classifier, calloutTable, netEvents, statistics, storeFolder, StoreOptions.DEFAULT, log);
    }

    /**
     * As above, with the store's options: with {@code recover}, a damaged store does not stop the start: the
     * engine starts from the best consistent prefix it holds, and {@link #storeRecovery()} says what was
     * damaged and what was lost.
     */
    public BaseFilteringEngine(SnapshotPublisher classifier, CalloutTable calloutTable, NetEventLog netEvents,
            EngineStatistics statistics, Path storeFolder, StoreOptions storeOptions, EngineLog log) {
        this.classifier = classifier;
        this.calloutTable = calloutTable;
        this.netEvents = netEvents;
        this.statistics = statistics;
        this.log = log;
        CalloutNotifier notifier = new CalloutNotifier(calloutTable, log);
        this.providers = new ProviderRules(ids);
        this.subLayers = new SubLayerRules(log);
        this.calloutObjects = new CalloutObjectRules(notifier);
        this.filters = new FilterRules(ids, notifier, log);
        this.changes = new ChangeDispatcher(ChangeDispatcher.DEFAULT_CAPACITY, log);
        StoreFile store = storeFolder == null ? null : new StoreFile(storeFolder, storeOptions.compactRecords(), log);
        this.commit = new Commit(this, classifier, notifier, store, log);
        if (store != null) {
            StoreLoader loader = new StoreLoader(this, store, storeOptions.recover());
            try {
                committed = loader.load(committed);
            } catch (RuntimeException e) {
                shut = true;
                changes.close();
                store.close();
                throw e;
            }
            storeRecovery = List.copyOf(loader.recovery());
            storeNotices = List.copyOf(loader.notices());
        } else {
            storeRecovery = List.of();
            storeNotices = List.of();
        }
        commit.publish(committed, EnumSet.allOf(Layer.class));
    }

    /** What a recovery of a damaged store did and lost, one line each; empty when the store was whole. */
    public List<String> storeRecovery() {
        return storeRecovery;
    }

    /** Lines about a store that loaded whole that the operator should see (a record cut short, discarded). */
    public List<String> storeNotices() {
        return storeNotices;
    }

    // ---- sessions ----

    @Override
    public EngineSession open(SessionOptions sessionOptions) {
        return open(sessionOptions, null);
    }

    /** Opens a session; {@code onClose} runs after it closed (the bundle-scoped service forgets it then). */
    public EngineSession open(SessionOptions sessionOptions, Consumer<EngineSession> onClose) {
        if (shut) {
            throw new WfpException(ErrorCode.SESSION_ABORTED, "the filter engine has stopped; no new sessions");
        }
        Session s = new Session(this, sessionOptions, onClose == null ? null : onClose::accept);
        sessions.add(s);
        return s;
    }

    /** Open sessions (for the shell). */
    public int openSessions() {
        return sessions.size();
    }

    /** Called by a session once it closed: a dynamic session's objects go with it (rule 21). */
    void sessionClosed(Session s) {
        sessions.remove(s);
        if (s.dynamic()) {
            new DynamicCleanup(this, s, log).run();
        }
    }

    // ---- transactions ----

    Transaction begin(Session s, boolean readOnly, boolean implicit) {
        if (shut) {
            throw new WfpException(ErrorCode.SESSION_ABORTED, "the filter engine has stopped");
        }
        if (!readOnly) {
            acquireWriter(s);
        }
        return new Transaction(s, readOnly, implicit, new Draft(committed));
    }

    private void acquireWriter(Session s) {
        long wait = s.options().txnWaitTimeoutMillis() > 0 ? s.options().txnWaitTimeoutMillis()
                : SessionOptions.DEFAULT_TXN_WAIT_MILLIS;
        try {
            if (!writer.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                throw new WfpException(ErrorCode.TIMEOUT, s.describe() + ": another session's transaction held the"
                        + " engine lock for more than " + wait + " ms; retry, or raise txnWaitTimeoutMillis");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WfpException(ErrorCode.TIMEOUT, s.describe() + ": interrupted while waiting for the engine"
                    + " lock; retry");
        }
    }

    /** Takes the writer lock without a time limit (cleanup of a closed dynamic session). */
    void acquireWriterUninterruptibly() {
        writer.acquireUninterruptibly();
    }

    boolean tryAcquireWriter(long millis) {
        try {
            return writer.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void releaseWriter() {
        writer.release();
    }

    /** Commits; releases the writer lock whatever happens. */
    void commit(Transaction t) {
        commit.commit(t);
    }

    /** Discards a transaction: its accepted ADD_FILTERs get their DELETE_FILTER; releases the writer lock. */
    void abort(Transaction t) {
        commit.abort(t);
    }

    /** A what-if over a layer state (null: the published one); see {@link SessionWhatIf}. */
    WhatIf whatIf(Layer layer, List<SubLayer> subLayers, List<Filter> filters, IncomingValues values,
            Metadata metadata) {
        return classifier.whatIf(layer, subLayers, filters, values, metadata);
    }

    /** A view of the committed state (a draft without changes). */
    Draft view() {
        return new Draft(committed);
    }

    StoreState committed() {
        return committed;
    }

    void setCommitted(StoreState s) {
        committed = s;
    }

    void dispatch(Transaction t) {
        changes.dispatch(t.session.sessionKey(), t.changes);
    }

    // ---- options, net events, statistics ----

    public EngineOptions options() {
        return options;
    }

    /** Applies engine-wide options to every part that uses them (FwpmEngineSetOption0). */
    public void setOptions(EngineOptions o) {
        options = o;
        classifier.setOptions(o);
        netEvents.setCapacity(o.netEventCapacity());
        calloutTable.setQuarantineThreshold(o.calloutQuarantineThreshold());
    }

    void requireNetEvents(String who) {
        if (!options.collectNetEvents()) {
            throw new WfpException(ErrorCode.NET_EVENTS_DISABLED, who
                    + ": net events are not being collected; turn on the engine option collectNetEvents");
        }
    }

    NetEventLog netEvents() {
        return netEvents;
    }

    EngineStatistics statistics() {
        return statistics;
    }

    Ids ids() {
        return ids;
    }

    // ---- shutdown ----

    /**
     * Closes every session (dynamic ones delete their objects), stops the notification thread, and compacts
     * the store's journal into a new snapshot (a clean stop leaves a store that starts without a journal to
     * replay).
     */
    @Override
    public void close() {
        shut = true;
        for (Session s : sessions.toArray(new Session[0])) {
            s.close();
        }
        changes.close();
        commit.closeStore();
    }
}
