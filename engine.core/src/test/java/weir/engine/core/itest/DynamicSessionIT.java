package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import weir.engine.api.EngineSession;
import weir.engine.api.FilterEngine;
import weir.engine.api.SessionOptions;

/**
 * Rule 21 in a running framework: a dynamic session is closed when the bundle that opened it stops (WFP: when
 * the client process dies), and its objects go with it — even though the bundle never closed the session.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DynamicSessionIT {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    FilterEngine engine;

    @Test
    void rule21_aStoppingBundlesDynamicSessionTakesItsObjectsWithIt() throws Exception {
        String name = "dynamic-" + UUID.randomUUID();
        Bundle b = CalloutBundle.of("weir.itest.dynamic", UUID.randomUUID()).dynamicFilter(name).start(context);
        try {
            assertEquals(1, filtersNamed(name), "the bundle's dynamic session added its filter");
            b.stop();
            Rig.poll(() -> "the filter of the stopped bundle's dynamic session is still there",
                    () -> filtersNamed(name) == 0);
            assertEquals(0, filtersNamed(name));
        } finally {
            b.uninstall();
        }
    }

    private long filtersNamed(String name) {
        try (EngineSession s = engine.open(SessionOptions.named("check"))) {
            return s.filters().stream().filter(f -> f.name().equals(name)).count();
        }
    }
}
