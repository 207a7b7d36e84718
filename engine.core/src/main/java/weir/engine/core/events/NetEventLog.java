package weir.engine.core.events;

import java.util.List;
import java.util.function.Consumer;

import weir.engine.api.NetEvent;
import weir.engine.api.NetEventTemplate;
import weir.engine.api.Subscription;

/** The bounded net-event ring (default 4096), filled from the packet path without allocating. */
public final class NetEventLog {
    public List<NetEvent> events(NetEventTemplate template) {
        throw new UnsupportedOperationException("TODO");
    }

    public Subscription subscribe(Consumer<NetEvent> callback) {
        throw new UnsupportedOperationException("TODO");
    }

    public void setCapacity(int capacity) {
        throw new UnsupportedOperationException("TODO");
    }
}
