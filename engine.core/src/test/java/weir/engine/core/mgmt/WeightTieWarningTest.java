package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.EngineSession;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Weight;

/** D4: equal weights are legal, ordered by Weir's tie-break, and named in one warning line when added. */
class WeightTieWarningTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void d4_filterTyingAnotherInItsSublayerIsWarnedAbout() {
        s.addFilter(permit("first", L).withWeight(Weight.exact(5)));
        s.addFilter(permit("other layer", Layer.INBOUND_TRANSPORT_V6).withWeight(Weight.exact(5)));
        assertTrue(t.log.warnings.isEmpty(), "no tie across layers");
        SubLayer sl = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "other sublayer", 1));
        s.addFilter(permit("other sublayer", L).withSubLayer(sl.subLayerKey()).withWeight(Weight.exact(5)));
        assertTrue(t.log.warnings.isEmpty(), "no tie across sublayers");
        s.addFilter(permit("second", L).withWeight(Weight.exact(5)));
        assertEquals(1, t.log.warnings.size());
        String w = t.log.warnings.get(0);
        assertTrue(w.contains("filter 'second'") && w.contains("filter 'first'") && w.contains("D4"), w);
        assertTrue(w.contains("0x5"), w);
    }

    @Test
    void d4_sublayerTyingAnotherIsWarnedAbout() {
        s.addSubLayer(SubLayer.of(UUID.randomUUID(), "like universal", 0x8000));
        assertEquals(1, t.log.warnings.size());
        String w = t.log.warnings.get(0);
        assertTrue(w.contains("sublayer 'like universal'") && w.contains("FWPM_SUBLAYER_UNIVERSAL"), w);
        assertTrue(w.contains("ascending key"), w);
    }

    @Test
    void d4_bulkTiesAreSummedUpAfterTheFirstTen() {
        s.beginTransaction(false);
        for (int i = 0; i < 25; i++) {
            s.addFilter(permit("tie " + i, L).withWeight(Weight.exact(9)));
        }
        s.commit();
        assertEquals(FilterRules.TIE_WARNINGS_PER_TXN + 1, t.log.warnings.size());
        String summary = t.log.warnings.get(t.log.warnings.size() - 1);
        assertTrue(summary.contains("14 more filters"), summary);
    }
}
