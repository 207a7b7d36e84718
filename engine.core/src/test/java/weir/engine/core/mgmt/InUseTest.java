package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;
import static weir.engine.core.mgmt.TestEngine.subLayer;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;
import weir.engine.api.WfpException;

/** Rule 33: an object cannot be deleted while another references it (IN_USE); unknown keys are NOT_FOUND. */
class InUseTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    private static void inUse(Executable call, String... inMessage) {
        WfpException e = assertThrows(WfpException.class, call);
        assertEquals(ErrorCode.IN_USE, e.error(), e.getMessage());
        for (String m : inMessage) {
            assertTrue(e.getMessage().contains(m), e.getMessage() + " lacks " + m);
        }
    }

    @Test
    void rule33_sublayerWithFiltersIsInUse() {
        SubLayer sl = s.addSubLayer(subLayer("busy", 10));
        Filter f = s.addFilter(permit("in it", Layer.INBOUND_TRANSPORT_V4).withSubLayer(sl.subLayerKey()));
        s.addFilter(permit("in it too", Layer.OUTBOUND_TRANSPORT_V4).withSubLayer(sl.subLayerKey()));
        inUse(() -> s.deleteSubLayer(sl.subLayerKey()), "sublayer 'busy'", "2 objects", "filter 'in it'");
        s.deleteFilter(f.filterKey());
        inUse(() -> s.deleteSubLayer(sl.subLayerKey()), "1 object");
        s.deleteFilter(s.filters().get(0).filterKey());
        s.deleteSubLayer(sl.subLayerKey());
        assertTrue(s.subLayer(sl.subLayerKey()).isEmpty());
    }

    @Test
    void rule33_calloutUsedByFiltersIsInUse() {
        CalloutObject c = s.addCallout(callout("used", Layer.INBOUND_TRANSPORT_V4));
        Filter f = s.addFilter(Filter.of("calls it", Layer.INBOUND_TRANSPORT_V4,
                FilterAction.calloutTerminating(c.calloutKey())));
        inUse(() -> s.deleteCallout(c.calloutKey()), "callout 'used'", "filter 'calls it'");
        s.deleteFilter(f.filterKey());
        s.deleteCallout(c.calloutKey());
    }

    @Test
    void rule33_providerReferencedByAnyObjectIsInUse() {
        Provider p = s.addProvider(Provider.of(null, "owner"));
        SubLayer sl = s.addSubLayer(subLayer("owned", 3).withProvider(p.providerKey()));
        inUse(() -> s.deleteProvider(p.providerKey()), "provider 'owner'", "sublayer 'owned'");
        s.deleteSubLayer(sl.subLayerKey());
        Filter f = s.addFilter(permit("owned filter", Layer.IPFORWARD_V4).withProvider(p.providerKey(), null));
        inUse(() -> s.deleteProvider(p.providerKey()), "filter 'owned filter'");
        s.deleteFilter(f.filterKey());
        s.deleteProvider(p.providerKey());
    }

    @Test
    void rule33_providerContextReferencedByFiltersIsInUse() {
        ProviderContext c = s.addProviderContext(ProviderContext.of(null, "config", new byte[] {7}));
        Filter f = s.addFilter(permit("uses config", Layer.INBOUND_TRANSPORT_V4)
                .withFlags(FilterFlag.HAS_PROVIDER_CONTEXT).withProviderContext(c.providerContextKey()));
        inUse(() -> s.deleteProviderContext(c.providerContextKey()), "provider context 'config'");
        s.deleteFilter(f.filterKey());
        s.deleteProviderContext(c.providerContextKey());
    }

    @Test
    void rule33_inUseInsideTransactionCountsPendingReferences() {
        SubLayer sl = s.addSubLayer(subLayer("pending", 10));
        s.beginTransaction(false);
        s.addFilter(permit("pending filter", Layer.INBOUND_TRANSPORT_V4).withSubLayer(sl.subLayerKey()));
        inUse(() -> s.deleteSubLayer(sl.subLayerKey()), "filter 'pending filter'");
        s.abort();
        s.deleteSubLayer(sl.subLayerKey());
    }

    @Test
    void deletingUnknownObjectsIsNotFoundOfItsKind() {
        UUID k = UUID.randomUUID();
        assertEquals(ErrorCode.FILTER_NOT_FOUND, assertThrows(WfpException.class, () -> s.deleteFilter(k)).error());
        assertEquals(ErrorCode.FILTER_NOT_FOUND, assertThrows(WfpException.class, () -> s.deleteFilter(42L)).error());
        assertEquals(ErrorCode.SUBLAYER_NOT_FOUND, assertThrows(WfpException.class, () -> s.deleteSubLayer(k)).error());
        assertEquals(ErrorCode.CALLOUT_NOT_FOUND, assertThrows(WfpException.class, () -> s.deleteCallout(k)).error());
        assertEquals(ErrorCode.PROVIDER_NOT_FOUND, assertThrows(WfpException.class, () -> s.deleteProvider(k)).error());
        assertEquals(ErrorCode.PROVIDER_CONTEXT_NOT_FOUND,
                assertThrows(WfpException.class, () -> s.deleteProviderContext(k)).error());
    }
}
