package weir.engine.core.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterStatistics;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SubLayer;
import weir.engine.core.expr.ConditionPrinter;

/**
 * The names behind the keys (sublayers, providers, callouts) and each filter's counters, read once per
 * command, so a listing shows names instead of GUIDs.
 */
final class Catalog {
    private final Map<UUID, SubLayer> subLayers = new HashMap<>();
    private final Map<UUID, Provider> providers = new HashMap<>();
    private final Map<UUID, CalloutObject> callouts = new HashMap<>();
    private final Map<Long, FilterStatistics> statistics = new HashMap<>();

    Catalog(EngineSession s) {
        for (SubLayer x : s.subLayers()) {
            subLayers.put(x.subLayerKey(), x);
        }
        for (Provider x : s.providers()) {
            providers.put(x.providerKey(), x);
        }
        for (CalloutObject x : s.callouts()) {
            callouts.put(x.calloutKey(), x);
        }
        for (FilterStatistics x : s.filterStatistics()) {
            statistics.put(x.filterId(), x);
        }
    }

    List<SubLayer> subLayers() {
        return List.copyOf(subLayers.values());
    }

    String subLayerName(UUID key) {
        SubLayer s = key == null ? null : subLayers.get(key);
        if (s == null) {
            return key == null ? "" : key.toString();
        }
        return Layer.SUBLAYER_UNIVERSAL.equals(key) && s.name().isEmpty() ? "universal" : s.name();
    }

    String providerName(UUID key) {
        Provider p = key == null ? null : providers.get(key);
        return p == null ? (key == null ? "" : key.toString()) : p.name();
    }

    String calloutName(UUID key) {
        CalloutObject c = key == null ? null : callouts.get(key);
        return c == null ? (key == null ? "" : key.toString()) : c.name();
    }

    FilterStatistics statistics(long filterId) {
        FilterStatistics f = statistics.get(filterId);
        return f == null ? new FilterStatistics(filterId, 0, 0) : f;
    }

    /** A filter as the shell lists it. */
    FilterRow row(Filter f) {
        FilterStatistics st = statistics(f.filterId());
        UUID callout = f.action().calloutKey();
        String action = f.action().type().name() + (callout == null ? "" : ":" + calloutName(callout));
        return new FilterRow(f.filterId(), f.filterKey().toString(), f.name(), f.displayData().description(),
                f.layer().name(), str(f.subLayerKey()), subLayerName(f.subLayerKey()), Texts.weight(f.weight()),
                f.effectiveWeight(), Texts.effectiveWeight(f.effectiveWeight()), action, f.action().type().name(),
                str(callout), callout == null ? "" : calloutName(callout), Texts.flags(f.flags()),
                ConditionPrinter.print(f.layer(), f.conditions()), st.matches(), st.decisions(), str(f.providerKey()),
                providerName(f.providerKey()), f.rawContext());
    }

    private static String str(UUID key) {
        return key == null ? "" : key.toString();
    }
}
