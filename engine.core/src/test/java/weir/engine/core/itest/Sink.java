package weir.engine.core.itest;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Where the test callouts report (a {@code Consumer<String>} service, java.* types only, so any bundle can use
 * it): "bsn/version event detail" lines, in arrival order.
 */
final class Sink implements Consumer<String>, AutoCloseable {
    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final ServiceRegistration<?> registration;

    Sink(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>(Map.of("weir.test.sink", Boolean.TRUE));
        registration = context.registerService(Consumer.class.getName(), this, props);
    }

    @Override
    public void accept(String event) {
        events.add(event);
    }

    List<String> all() {
        return new ArrayList<>(events);
    }

    /** The events containing {@code part}. */
    List<String> with(String part) {
        return events.stream().filter(e -> e.contains(part)).collect(Collectors.toList());
    }

    int count(String part) {
        return with(part).size();
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
