package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;

/** Spec §1.1: built-in objects exist from the start and cannot be added or deleted (BUILTIN_OBJECT). */
class BuiltinObjectsTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void builtin_universalSublayerExistsWithWeight0x8000() {
        List<SubLayer> all = s.subLayers();
        assertEquals(1, all.size());
        SubLayer u = all.get(0);
        assertEquals(Layer.SUBLAYER_UNIVERSAL, u.subLayerKey());
        assertEquals(0x8000, u.weight());
        assertEquals(u, s.subLayer(Layer.SUBLAYER_UNIVERSAL).orElseThrow());
    }

    @Test
    void builtin_universalSublayerCannotBeDeleted() {
        WfpException e = assertThrows(WfpException.class, () -> s.deleteSubLayer(Layer.SUBLAYER_UNIVERSAL));
        assertEquals(ErrorCode.BUILTIN_OBJECT, e.error());
        assertTrue(e.getMessage().contains("FWPM_SUBLAYER_UNIVERSAL"), e.getMessage());
    }

    @Test
    void builtin_universalSublayerCannotBeAddedAgain() {
        WfpException e = assertThrows(WfpException.class, () -> s.addSubLayer(
                new SubLayer(Layer.SUBLAYER_UNIVERSAL, DisplayData.of("mine"), false, null, null, 1)));
        assertEquals(ErrorCode.BUILTIN_OBJECT, e.error());
        assertTrue(e.getMessage().contains("sublayer 'mine'"), e.getMessage());
    }

    @Test
    void builtin_filterWithoutSublayerGoesToTheLayersDefaultSublayer() {
        Filter f = s.addFilter(permit("default", Layer.ALE_AUTH_CONNECT_V6));
        assertEquals(Layer.ALE_AUTH_CONNECT_V6.defaultSubLayerKey(), f.subLayerKey());
        assertEquals(Layer.SUBLAYER_UNIVERSAL, f.subLayerKey());
    }

    @Test
    void builtin_everyLayerIsPublishedWithTheBuiltinSublayerAtStart() {
        for (Layer l : Layer.values()) {
            TestEngine.Published.Snapshot snap = t.published.last(l);
            assertEquals(List.of(Layer.SUBLAYER_UNIVERSAL), snap.subLayers().stream().map(SubLayer::subLayerKey).toList());
            assertTrue(snap.filters().isEmpty());
        }
        assertEquals(Layer.values().length, t.published.snapshots.size());
    }
}
