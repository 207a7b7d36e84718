package weir.engine.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A session with the filter engine: WFP's {@code Fwpm*} calls on an engine handle. Every change runs in a
 * transaction: the session's explicit one ({@link #beginTransaction}) or an implicit one around the single
 * call. A failed call inside an explicit transaction throws and leaves the earlier calls committable.
 * Changes become visible to classification at commit, all at once. Errors are {@link WfpException}s.
 */
@ProviderType
public interface EngineSession extends AutoCloseable {

    /** The session's key ({@code FWPM_SESSION0.sessionKey}). */
    UUID sessionKey();

    SessionOptions options();

    // ---- transactions (FwpmTransaction*) ----

    /** Opens the session's transaction; TXN_IN_PROGRESS if one is open. */
    void beginTransaction(boolean readOnly);

    /** Commits the open transaction; NO_TXN_IN_PROGRESS if none. */
    void commit();

    /** Discards everything since {@link #beginTransaction}; NO_TXN_IN_PROGRESS if none. */
    void abort();

    /** True while the session's explicit transaction is open. */
    boolean inTransaction();

    // ---- providers ----

    Provider addProvider(Provider provider);

    void deleteProvider(UUID providerKey);

    Optional<Provider> provider(UUID providerKey);

    List<Provider> providers();

    // ---- provider contexts ----

    ProviderContext addProviderContext(ProviderContext context);

    void deleteProviderContext(UUID providerContextKey);

    Optional<ProviderContext> providerContext(UUID providerContextKey);

    List<ProviderContext> providerContexts();

    // ---- sublayers ----

    SubLayer addSubLayer(SubLayer subLayer);

    /** BUILTIN_OBJECT for built-in sublayers, IN_USE while filters are in it. */
    void deleteSubLayer(UUID subLayerKey);

    Optional<SubLayer> subLayer(UUID subLayerKey);

    /** All sublayers, built-in ones included, by descending weight then key (D4). */
    List<SubLayer> subLayers();

    // ---- callout objects (FwpmCallout*) ----

    CalloutObject addCallout(CalloutObject callout);

    /** IN_USE while filters reference it. */
    void deleteCallout(UUID calloutKey);

    Optional<CalloutObject> callout(UUID calloutKey);

    List<CalloutObject> callouts();

    // ---- filters ----

    /** Adds a filter; returns it with filterKey, subLayerKey, filterId and effectiveWeight filled in. */
    Filter addFilter(Filter filter);

    void deleteFilter(UUID filterKey);

    void deleteFilter(long filterId);

    Optional<Filter> filter(UUID filterKey);

    Optional<Filter> filter(long filterId);

    /** A snapshot of the filters that the template selects ({@code FwpmFilterEnum0}). */
    List<Filter> filters(FilterEnumTemplate template);

    /** All filters. */
    default List<Filter> filters() {
        return filters(FilterEnumTemplate.all());
    }

    // ---- layers ----

    /** The built-in layers (fixed). */
    default List<Layer> layers() {
        return List.of(Layer.values());
    }

    // ---- change subscriptions (Fwpm*SubscribeChanges0) ----

    /**
     * Tells {@code callback} about changes made by <em>other</em> sessions to objects of {@code type}, on
     * commit. For filters, a non-null {@code template} narrows the filters reported. Not allowed inside a
     * transaction (TXN_IN_PROGRESS). Close the subscription to stop.
     */
    Subscription subscribe(ObjectType type, FilterEnumTemplate template, Set<ChangeType> changes,
            Consumer<ObjectChange> callback);

    // ---- net events ----

    /** The recorded net events that the template selects, newest first. */
    List<NetEvent> netEvents(NetEventTemplate template);

    /** Tells {@code callback} about each new net event. */
    Subscription subscribeNetEvents(Consumer<NetEvent> callback);

    // ---- engine options and statistics ----

    EngineOptions engineOptions();

    void setEngineOptions(EngineOptions options);

    List<LayerStatistics> layerStatistics();

    List<FilterStatistics> filterStatistics();

    /** Closes the session: aborts its transaction and, if dynamic, deletes its objects. */
    @Override
    void close();
}
