package weir.engine.core.osgi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.SessionOptions;
import weir.engine.core.mgmt.BaseFilteringEngine;

/**
 * The {@link FilterEngine} service, one instance per using bundle: the sessions a bundle opened are closed
 * when it ungets the service or stops — WFP closes a session when its process dies — so a stopped bundle's
 * dynamic objects go with it (rule 21).
 */
@Component(service = FilterEngine.class, scope = ServiceScope.BUNDLE)
public final class FilterEngineService implements FilterEngine {
    private final BaseFilteringEngine engine;
    private final Set<EngineSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Activate
    public FilterEngineService(@Reference EngineComponent engine) {
        this.engine = engine.engine();
    }

    @Override
    public EngineSession open(SessionOptions options) {
        EngineSession s = engine.open(options, sessions::remove);
        sessions.add(s);
        if (closed) {
            // opened while the bundle was going away: do not leak it
            s.close();
        }
        return s;
    }

    @Deactivate
    void deactivate() {
        closed = true;
        for (EngineSession s : sessions.toArray(new EngineSession[0])) {
            s.close();
        }
    }
}
