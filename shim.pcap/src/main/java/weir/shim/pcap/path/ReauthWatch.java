package weir.shim.pcap.path;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import weir.engine.api.ChangeType;
import weir.engine.api.EngineSession;
import weir.engine.api.FilterEnumTemplate;
import weir.engine.api.Layer;
import weir.engine.api.ObjectType;
import weir.engine.api.Subscription;

/**
 * When the ALE auth layers' filters change (spec rule 30): one change counter ("epoch") per layer, raised by
 * a filter subscription when another session adds or deletes a filter there. A flow remembers the epoch it
 * was authorized at; a later packet that finds the epoch moved on is reauthorized, flagged IS_REAUTHORIZE.
 * Reading an epoch is one volatile read.
 */
public final class ReauthWatch implements AutoCloseable {
    static final Layer[] AUTH_LAYERS = {Layer.ALE_AUTH_CONNECT_V4, Layer.ALE_AUTH_CONNECT_V6,
        Layer.ALE_AUTH_RECV_ACCEPT_V4, Layer.ALE_AUTH_RECV_ACCEPT_V6};

    private final AtomicIntegerArray epochs = new AtomicIntegerArray(Layer.values().length);
    private final List<Subscription> subscriptions = new ArrayList<>();

    /** Without a session: epochs move only through {@link #changed} (tests, or when no engine session exists). */
    public ReauthWatch() {
    }

    /** Subscribes to filter adds and deletes at the four ALE auth layers through {@code session}. */
    public ReauthWatch(EngineSession session) {
        for (Layer l : AUTH_LAYERS) {
            subscriptions.add(session.subscribe(ObjectType.FILTER, FilterEnumTemplate.layer(l),
                    EnumSet.of(ChangeType.ADD, ChangeType.DELETE), change -> changed(l)));
        }
    }

    /** A filter was added or deleted at {@code layer}. */
    public void changed(Layer layer) {
        epochs.incrementAndGet(layer.ordinal());
    }

    /** The layer's epoch (0 until its filters first change). */
    public int epoch(Layer layer) {
        return epochs.get(layer.ordinal());
    }

    @Override
    public void close() {
        for (Subscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // the session may be gone already
            }
        }
        subscriptions.clear();
    }
}
