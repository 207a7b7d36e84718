package weir.engine.core.itest;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineOptions;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterEngine;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SessionOptions;
import weir.engine.api.SubLayer;

/** The tests share one framework: each leaves the engine as it found it (no objects, default options). */
final class CleanEngine {
    private CleanEngine() {
    }

    static void clean(FilterEngine engine) {
        try (EngineSession s = engine.open(SessionOptions.named("itest cleanup"))) {
            s.beginTransaction(false);
            for (Filter f : s.filters()) {
                s.deleteFilter(f.filterKey());
            }
            for (CalloutObject c : s.callouts()) {
                s.deleteCallout(c.calloutKey());
            }
            for (SubLayer sl : s.subLayers()) {
                if (!Layer.SUBLAYER_UNIVERSAL.equals(sl.subLayerKey())) {
                    s.deleteSubLayer(sl.subLayerKey());
                }
            }
            for (Provider p : s.providers()) {
                s.deleteProvider(p.providerKey());
            }
            s.commit();
            s.setEngineOptions(EngineOptions.defaults());
        }
    }
}
