package weir.engine.core.osgi;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import weir.engine.api.ActionType;
import weir.engine.api.EngineOptions;
import weir.engine.api.Layer;
import weir.engine.core.mgmt.EngineLog;

/**
 * Turns the ConfigAdmin configuration into {@link EngineOptions}. A bad value never stops the engine: it is
 * named in one log line and its default is used instead.
 */
final class EngineOptionsConfig {
    private EngineOptionsConfig() {
    }

    static EngineOptions toOptions(EngineConfig c, EngineLog log) {
        EngineOptions d = EngineOptions.defaults();
        ActionType all = action(c.defaultAction(), "defaultAction", log);
        Map<Layer, ActionType> defaults = new EnumMap<>(Layer.class);
        if (all == ActionType.BLOCK) {
            for (Layer l : Layer.values()) {
                defaults.put(l, ActionType.BLOCK);
            }
        }
        for (String entry : c.layerDefaultActions() == null ? new String[0] : c.layerDefaultActions()) {
            int eq = entry.indexOf('=');
            Layer layer = null;
            if (eq > 0) {
                try {
                    layer = Layer.valueOf(entry.substring(0, eq).trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    layer = null;
                }
            }
            if (layer == null) {
                log.warn("weir: configuration " + EngineComponent.PID + ": layerDefaultActions entry '" + entry
                        + "' is not LAYER=PERMIT or LAYER=BLOCK with a layer such as INBOUND_TRANSPORT_V4; ignored");
                continue;
            }
            ActionType a = action(entry.substring(eq + 1), "layerDefaultActions " + layer, log);
            if (a != null) {
                defaults.put(layer, a);
            }
        }
        int capacity = atLeastOne(c.netEventCapacity(), d.netEventCapacity(), "netEventCapacity", log);
        int threshold = atLeastOne(c.calloutQuarantineThreshold(), d.calloutQuarantineThreshold(),
                "calloutQuarantineThreshold", log);
        int budget = c.calloutBudgetMillis();
        if (budget < 0) {
            log.warn("weir: configuration " + EngineComponent.PID + ": calloutBudgetMillis " + budget
                    + " must be 0 (no budget) or more; " + d.calloutBudgetMillis() + " is used");
            budget = d.calloutBudgetMillis();
        }
        int slow = atLeastOne(c.calloutSlowCallThreshold(), d.calloutSlowCallThreshold(), "calloutSlowCallThreshold",
                log);
        return new EngineOptions(c.collectNetEvents(), c.collectClassifyAllow(), capacity, c.stopAfterHardBlock(),
                defaults, threshold, budget, slow);
    }

    private static ActionType action(String text, String what, EngineLog log) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("PERMIT")) {
            return ActionType.PERMIT;
        } else if (t.equals("BLOCK")) {
            return ActionType.BLOCK;
        }
        log.warn("weir: configuration " + EngineComponent.PID + ": " + what + " '" + text
                + "' is not PERMIT or BLOCK; PERMIT is used");
        return null;
    }

    private static int atLeastOne(int value, int fallback, String what, EngineLog log) {
        if (value >= 1) {
            return value;
        }
        log.warn("weir: configuration " + EngineComponent.PID + ": " + what + " " + value
                + " must be at least 1; " + fallback + " is used");
        return fallback;
    }
}
