package weir.engine.core.mgmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import weir.engine.api.CalloutObject;
import weir.engine.api.ChangeType;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.FilterStatistics;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.LayerStatistics;
import weir.engine.api.Metadata;
import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.ObjectChange;
import weir.engine.api.ObjectType;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;
import weir.engine.api.Subscription;
import weir.engine.api.WfpException;

/**
 * A session with the engine ({@code FwpmEngineOpen0}'s handle). Calls are serialized per session. A change
 * outside an explicit transaction runs in an implicit one; inside, a failed call throws and leaves the draft
 * as it was, so the earlier calls stay committable (rule 22). Reads see the committed state plus this
 * session's pending changes.
 */
final class Session implements EngineSession {
    private final BaseFilteringEngine engine;
    private final UUID key = NewKeys.next(); // not UUID.randomUUID: SecureRandom's providers on the start path
    private final SessionOptions options;
    private final Consumer<Session> onClose;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private Transaction txn;
    private boolean closed;

    Session(BaseFilteringEngine engine, SessionOptions options, Consumer<Session> onClose) {
        this.engine = engine;
        this.options = options == null ? SessionOptions.named("session") : options;
        this.onClose = onClose;
    }

    @Override
    public UUID sessionKey() {
        return key;
    }

    @Override
    public SessionOptions options() {
        return options;
    }

    boolean dynamic() {
        return options.dynamic();
    }

    String describe() {
        return "session '" + options.name() + "'";
    }

    // ---- transactions ----

    @Override
    public synchronized void beginTransaction(boolean readOnly) {
        checkOpen();
        if (txn != null) {
            throw new WfpException(ErrorCode.TXN_IN_PROGRESS, describe()
                    + ": a transaction is already open; commit or abort it before beginning another");
        }
        txn = engine.begin(this, readOnly, false);
    }

    @Override
    public synchronized void commit() {
        Transaction t = takeTransaction("commit");
        engine.commit(t);
    }

    @Override
    public synchronized void abort() {
        Transaction t = takeTransaction("abort");
        engine.abort(t);
    }

    private Transaction takeTransaction(String what) {
        checkOpen();
        if (txn == null) {
            throw new WfpException(ErrorCode.NO_TXN_IN_PROGRESS,
                    describe() + ": " + what + " without an open transaction; call beginTransaction first");
        }
        Transaction t = txn;
        txn = null;
        return t;
    }

    @Override
    public synchronized boolean inTransaction() {
        return txn != null;
    }

    private synchronized <R> R write(Function<Transaction, R> op) {
        checkOpen();
        if (txn != null) {
            if (txn.readOnly) {
                throw new WfpException(ErrorCode.INCOMPATIBLE_TXN, describe() + ": the open transaction is"
                        + " read-only; commit or abort it and begin a read-write transaction to change objects");
            }
            return op.apply(txn);
        }
        Transaction t = engine.begin(this, false, true);
        try {
            R r = op.apply(t);
            engine.commit(t);
            return r;
        } finally {
            engine.abort(t); // no-op after a commit
        }
    }

    private synchronized <R> R read(Function<Draft, R> op) {
        checkOpen();
        return op.apply(txn != null ? txn.draft : engine.view());
    }

    private void checkOpen() {
        if (closed) {
            throw new WfpException(ErrorCode.SESSION_ABORTED, describe() + " is closed; open a new session");
        }
    }

    private synchronized void checkNoTransaction(String what) {
        checkOpen();
        if (txn != null) {
            throw new WfpException(ErrorCode.TXN_IN_PROGRESS,
                    describe() + ": " + what + " is not allowed inside a transaction; commit or abort it first");
        }
    }

    // ---- providers and provider contexts ----

    @Override
    public Provider addProvider(Provider provider) {
        Objects.requireNonNull(provider, "provider");
        return write(t -> engine.providers.add(t, provider));
    }

    @Override
    public void deleteProvider(UUID providerKey) {
        write(t -> {
            engine.providers.delete(t, providerKey);
            return null;
        });
    }

    @Override
    public Optional<Provider> provider(UUID providerKey) {
        return read(d -> Optional.ofNullable(d.providers.get(providerKey)).map(Stored::object));
    }

    @Override
    public List<Provider> providers() {
        return read(d -> sorted(d.providers.values(), Comparator.comparing(Provider::providerKey,
                EvaluationOrder::compareKeys)));
    }

    @Override
    public ProviderContext addProviderContext(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return write(t -> engine.providers.addContext(t, context));
    }

    @Override
    public void deleteProviderContext(UUID providerContextKey) {
        write(t -> {
            engine.providers.deleteContext(t, providerContextKey);
            return null;
        });
    }

    @Override
    public Optional<ProviderContext> providerContext(UUID providerContextKey) {
        return read(d -> Optional.ofNullable(d.contexts.get(providerContextKey)).map(Stored::object));
    }

    @Override
    public List<ProviderContext> providerContexts() {
        return read(d -> sorted(d.contexts.values(), Comparator.comparingLong(ProviderContext::providerContextId)));
    }

    // ---- sublayers ----

    @Override
    public SubLayer addSubLayer(SubLayer subLayer) {
        Objects.requireNonNull(subLayer, "subLayer");
        return write(t -> engine.subLayers.add(t, subLayer, true));
    }

    @Override
    public void deleteSubLayer(UUID subLayerKey) {
        write(t -> {
            engine.subLayers.delete(t, subLayerKey);
            return null;
        });
    }

    @Override
    public Optional<SubLayer> subLayer(UUID subLayerKey) {
        return read(d -> Optional.ofNullable(d.subLayers.get(subLayerKey)).map(Stored::object));
    }

    @Override
    public List<SubLayer> subLayers() {
        return read(d -> sorted(d.subLayers.values(), EvaluationOrder.SUBLAYERS));
    }

    // ---- callout objects ----

    @Override
    public CalloutObject addCallout(CalloutObject callout) {
        Objects.requireNonNull(callout, "callout");
        return write(t -> engine.calloutObjects.add(t, callout));
    }

    @Override
    public void deleteCallout(UUID calloutKey) {
        write(t -> {
            engine.calloutObjects.delete(t, calloutKey);
            return null;
        });
    }

    @Override
    public Optional<CalloutObject> callout(UUID calloutKey) {
        return read(d -> Optional.ofNullable(d.callouts.get(calloutKey))
                .map(s -> engine.calloutObjects.view(s.object())));
    }

    @Override
    public List<CalloutObject> callouts() {
        return read(d -> {
            List<CalloutObject> out = new ArrayList<>();
            for (Stored<CalloutObject> s : d.callouts.values()) {
                out.add(engine.calloutObjects.view(s.object()));
            }
            out.sort(Comparator.comparing(CalloutObject::calloutKey, EvaluationOrder::compareKeys));
            return List.copyOf(out);
        });
    }

    // ---- filters ----

    @Override
    public Filter addFilter(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return write(t -> engine.filters.add(t, filter, false));
    }

    @Override
    public void deleteFilter(UUID filterKey) {
        write(t -> {
            Stored<Filter> s = t.draft.filters.get(filterKey);
            if (s == null) {
                throw FilterRules.notFound(filterKey);
            }
            return engine.filters.delete(t, s);
        });
    }

    @Override
    public void deleteFilter(long filterId) {
        write(t -> {
            Stored<Filter> s = t.draft.filterById(filterId);
            if (s == null) {
                throw FilterRules.notFound(filterId);
            }
            return engine.filters.delete(t, s);
        });
    }

    @Override
    public Optional<Filter> filter(UUID filterKey) {
        return read(d -> Optional.ofNullable(d.filters.get(filterKey)).map(Stored::object));
    }

    @Override
    public Optional<Filter> filter(long filterId) {
        return read(d -> Optional.ofNullable(d.filterById(filterId)).map(Stored::object));
    }

    @Override
    public List<Filter> filters(FilterEnumTemplate template) {
        return read(d -> FilterEnumerator.enumerate(d, template));
    }

    // ---- subscriptions ----

    @Override
    public Subscription subscribe(ObjectType type, FilterEnumTemplate template, Set<ChangeType> changes,
            Consumer<ObjectChange> callback) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            checkNoTransaction("subscribe");
            if (type == ObjectType.FILTER) {
                FilterEnumerator.validate(template);
            }
            Set<ChangeType> kinds = changes == null || changes.isEmpty() ? EnumSet.allOf(ChangeType.class)
                    : EnumSet.copyOf(changes);
            Subscription s = engine.changes.subscribe(key, type, kinds,
                    type == ObjectType.FILTER ? FilterEnumerator.selector(template) : f -> true, callback);
            subscriptions.add(s);
            return s;
        }
    }

    // ---- net events, options, statistics ----

    @Override
    public List<NetEvent> netEvents(NetEventTemplate template) {
        synchronized (this) {
            checkOpen();
        }
        engine.requireNetEvents(describe());
        return engine.netEvents().events(template == null ? NetEventTemplate.all() : template);
    }

    @Override
    public Subscription subscribeNetEvents(Consumer<NetEvent> callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            checkNoTransaction("subscribeNetEvents");
            engine.requireNetEvents(describe());
            Subscription s = engine.netEvents().subscribe(callback);
            subscriptions.add(s);
            return s;
        }
    }

    @Override
    public EngineOptions engineOptions() {
        return engine.options();
    }

    @Override
    public void setEngineOptions(EngineOptions options) {
        Objects.requireNonNull(options, "options");
        synchronized (this) {
            checkNoTransaction("setEngineOptions");
            if (dynamic()) {
                throw new WfpException(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, describe()
                        + ": engine options cannot be set from a dynamic session; use a non-dynamic session");
            }
            engine.setOptions(options);
        }
    }

    @Override
    public List<LayerStatistics> layerStatistics() {
        return engine.statistics().layers();
    }

    @Override
    public List<FilterStatistics> filterStatistics() {
        return engine.statistics().filters();
    }

    // ---- what-if ----

    /**
     * A what-if over what this session's reads see: outside a transaction the published filters; inside one,
     * the state of its begin plus its own uncommitted changes, compiled for this one call (never published, so
     * no other session and no packet sees it). Changes no state.
     */
    synchronized SessionWhatIf.Result whatIf(Layer layer, IncomingValues values, Metadata metadata) {
        checkOpen();
        Transaction t = txn;
        if (t == null) {
            return new SessionWhatIf.Result(engine.whatIf(layer, null, null, values, metadata), false, false, 0);
        }
        Draft d = t.draft;
        // a read-only transaction reads the state of its begin, which later commits may have left behind
        if (!d.changed() && d.base == engine.committed()) {
            return new SessionWhatIf.Result(engine.whatIf(layer, null, null, values, metadata), true, t.readOnly, 0);
        }
        List<SubLayer> subLayers = new ArrayList<>();
        for (Stored<SubLayer> s : d.subLayers.values()) {
            subLayers.add(s.object());
        }
        List<Filter> filters = new ArrayList<>();
        for (Stored<Filter> s : d.filtersOf(layer)) {
            filters.add(s.object());
        }
        return new SessionWhatIf.Result(engine.whatIf(layer, subLayers, filters, values, metadata), true,
                t.readOnly, t.changes.size());
    }

    // ---- close ----

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (txn != null) {
                Transaction t = txn;
                txn = null;
                engine.abort(t);
            }
            for (Subscription s : subscriptions) {
                s.close();
            }
            subscriptions.clear();
        }
        engine.sessionClosed(this);
        if (onClose != null) {
            onClose.accept(this);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static <T> List<T> sorted(List<Stored<T>> stored, Comparator<? super T> order) {
        List<T> out = new ArrayList<>(stored.size());
        for (Stored<T> s : stored) {
            out.add(s.object());
        }
        out.sort(order);
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return describe() + (dynamic() ? " (dynamic)" : "");
    }
}
