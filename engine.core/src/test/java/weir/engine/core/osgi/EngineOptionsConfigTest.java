package weir.engine.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.EngineOptions;
import weir.engine.api.Layer;
import weir.engine.core.mgmt.EngineLog;

/** The ConfigAdmin configuration {@code weir.engine} as engine options; bad values fall back, in one line each. */
class EngineOptionsConfigTest {
    private final List<String> warnings = new ArrayList<>();
    private final EngineLog log = new EngineLog() {
        @Override
        public void warn(String line) {
            warnings.add(line);
        }

        @Override
        public void info(String line) {
        }
    };

    /** A configuration with the given values; everything else at its default. */
    private static EngineConfig config(String defaultAction, String[] perLayer, int capacity, int threshold) {
        return config(defaultAction, perLayer, capacity, threshold, 100, 3);
    }

    private static EngineConfig config(String defaultAction, String[] perLayer, int capacity, int threshold,
            int budgetMillis, int slowCalls) {
        return new EngineConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EngineConfig.class;
            }

            @Override
            public boolean collectNetEvents() {
                return false;
            }

            @Override
            public boolean collectClassifyAllow() {
                return true;
            }

            @Override
            public int netEventCapacity() {
                return capacity;
            }

            @Override
            public boolean stopAfterHardBlock() {
                return true;
            }

            @Override
            public String defaultAction() {
                return defaultAction;
            }

            @Override
            public String[] layerDefaultActions() {
                return perLayer;
            }

            @Override
            public int calloutQuarantineThreshold() {
                return threshold;
            }

            @Override
            public int calloutBudgetMillis() {
                return budgetMillis;
            }

            @Override
            public int calloutSlowCallThreshold() {
                return slowCalls;
            }
        };
    }

    @Test
    void configurationBecomesEngineOptions() {
        EngineOptions o = EngineOptionsConfig.toOptions(
                config("PERMIT", new String[] {"INBOUND_TRANSPORT_V4=BLOCK", "ipforward_v6 = block"}, 100, 3), log);
        assertEquals(new EngineOptions(false, true, 100, true, java.util.Map.of(Layer.INBOUND_TRANSPORT_V4,
                ActionType.BLOCK, Layer.IPFORWARD_V6, ActionType.BLOCK), 3), o);
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void blockAsDefaultActionAppliesToEveryLayerAndLayersMayOverride() {
        EngineOptions o = EngineOptionsConfig.toOptions(config("block", new String[] {"STREAM_V4=PERMIT"}, 1, 1), log);
        for (Layer l : Layer.values()) {
            assertEquals(l == Layer.STREAM_V4 ? ActionType.PERMIT : ActionType.BLOCK, o.defaultAction(l), l.name());
        }
    }

    @Test
    void badValuesFallBackToDefaultsWithOneLineEach() {
        EngineOptions o = EngineOptionsConfig.toOptions(
                config("DROP", new String[] {"NO_SUCH_LAYER=BLOCK", "STREAM_V4=MAYBE", "garbage"}, 0, -1), log);
        EngineOptions d = EngineOptions.defaults();
        assertEquals(d.netEventCapacity(), o.netEventCapacity());
        assertEquals(d.calloutQuarantineThreshold(), o.calloutQuarantineThreshold());
        assertEquals(java.util.Map.of(), o.defaultActions());
        assertEquals(6, warnings.size(), warnings.toString());
        for (String w : warnings) {
            assertTrue(w.startsWith("weir: configuration weir.engine: "), w);
        }
    }

    @Test
    void calloutTimeBudgetAndSlowCallThreshold() {
        EngineOptions o = EngineOptionsConfig.toOptions(config("PERMIT", new String[0], 10, 5, 250, 7), log);
        assertEquals(250, o.calloutBudgetMillis());
        assertEquals(7, o.calloutSlowCallThreshold());
        assertEquals(0, EngineOptionsConfig.toOptions(config("PERMIT", new String[0], 10, 5, 0, 1), log)
                .calloutBudgetMillis(), "0: no budget");
        assertTrue(warnings.isEmpty(), warnings.toString());

        EngineOptions bad = EngineOptionsConfig.toOptions(config("PERMIT", new String[0], 10, 5, -1, 0), log);
        assertEquals(EngineOptions.DEFAULT_CALLOUT_BUDGET_MILLIS, bad.calloutBudgetMillis());
        assertEquals(EngineOptions.DEFAULT_CALLOUT_SLOW_CALL_THRESHOLD, bad.calloutSlowCallThreshold());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("calloutBudgetMillis -1"), warnings.get(0));
        assertTrue(warnings.get(1).contains("calloutSlowCallThreshold 0"), warnings.get(1));
    }

    @Test
    void defaultsAreAHundredMillisecondsAndThreeInARowInTheApiAndTheMetatype() throws Exception {
        EngineOptions d = EngineOptions.defaults();
        assertEquals(100, d.calloutBudgetMillis());
        assertEquals(3, d.calloutSlowCallThreshold());
        assertEquals(d.calloutBudgetMillis(), EngineConfig.class.getMethod("calloutBudgetMillis").getDefaultValue());
        assertEquals(d.calloutSlowCallThreshold(),
                EngineConfig.class.getMethod("calloutSlowCallThreshold").getDefaultValue());
    }
}
