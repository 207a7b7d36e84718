package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.CalloutObject;
import weir.engine.api.DisplayData;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.ProviderContext;
import weir.engine.api.SubLayer;

/**
 * D19: as in WFP, the zero GUID on add means "none": an object's own zero key gets a fresh one, a filter's zero
 * sublayer key is the layer's default sublayer, a zero provider (or provider context) key is no provider.
 */
class ZeroGuidTest {
    private static final UUID ZERO = new UUID(0, 0);

    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void d19_zeroFilterKeyIsAssignedAndTwoSuchAddsBothSucceed() {
        Filter a = s.addFilter(permit("a", Layer.INBOUND_TRANSPORT_V4).withKey(ZERO));
        Filter b = s.addFilter(permit("b", Layer.INBOUND_TRANSPORT_V4).withKey(ZERO));
        assertNotEquals(ZERO, a.filterKey());
        assertNotEquals(ZERO, b.filterKey());
        assertNotEquals(a.filterKey(), b.filterKey());
        assertEquals(a, s.filter(a.filterKey()).orElseThrow());
        assertTrue(s.filter(ZERO).isEmpty(), "no filter is stored under the zero key");
    }

    @Test
    void d19_zeroSublayerKeyIsTheLayersDefaultSublayer() {
        Filter f = s.addFilter(permit("default", Layer.ALE_AUTH_CONNECT_V4).withSubLayer(ZERO));
        assertEquals(Layer.ALE_AUTH_CONNECT_V4.defaultSubLayerKey(), f.subLayerKey());
    }

    @Test
    void d19_zeroProviderKeyIsNoProvider() {
        Filter f = s.addFilter(permit("f", Layer.INBOUND_TRANSPORT_V4).withProvider(ZERO, null));
        assertNull(f.providerKey());
        SubLayer l = s.addSubLayer(new SubLayer(null, DisplayData.of("l"), false, ZERO, null, 5));
        assertNull(l.providerKey());
        CalloutObject c = s.addCallout(new CalloutObject(UUID.randomUUID(), DisplayData.of("c"), false, false, ZERO,
                Layer.STREAM_V4, false, 0));
        assertNull(c.providerKey());
        ProviderContext pc = s.addProviderContext(new ProviderContext(null, DisplayData.of("pc"), false, ZERO, 8,
                new byte[] {1}, 0));
        assertNull(pc.providerKey());
        // a zero provider context key on a filter without HAS_PROVIDER_CONTEXT is no provider context
        Filter g = s.addFilter(permit("g", Layer.INBOUND_TRANSPORT_V4).withProviderContext(ZERO));
        assertNull(g.providerContextKey());
    }

    @Test
    void d19_zeroKeysOfSublayersProvidersCalloutsAndContextsAreAssigned() {
        SubLayer l1 = s.addSubLayer(SubLayer.of(ZERO, "l1", 1));
        SubLayer l2 = s.addSubLayer(SubLayer.of(ZERO, "l2", 2));
        assertNotEquals(ZERO, l1.subLayerKey());
        assertNotEquals(l1.subLayerKey(), l2.subLayerKey());
        Provider p1 = s.addProvider(new Provider(ZERO, DisplayData.of("p1"), false, false, null, ""));
        Provider p2 = s.addProvider(new Provider(ZERO, DisplayData.of("p2"), false, false, null, ""));
        assertNotEquals(ZERO, p1.providerKey());
        assertNotEquals(p1.providerKey(), p2.providerKey());
        CalloutObject c1 = s.addCallout(CalloutObject.of(ZERO, "c1", Layer.STREAM_V4));
        CalloutObject c2 = s.addCallout(CalloutObject.of(ZERO, "c2", Layer.STREAM_V4));
        assertNotEquals(ZERO, c1.calloutKey());
        assertNotEquals(c1.calloutKey(), c2.calloutKey());
        ProviderContext x1 = s.addProviderContext(ProviderContext.of(ZERO, "x1", new byte[] {1}));
        ProviderContext x2 = s.addProviderContext(ProviderContext.of(ZERO, "x2", new byte[] {2}));
        assertNotEquals(ZERO, x1.providerContextKey());
        assertNotEquals(x1.providerContextKey(), x2.providerContextKey());
        // and the assigned keys are real: a filter can name them
        Filter f = s.addFilter(permit("f", Layer.INBOUND_TRANSPORT_V4).withSubLayer(l1.subLayerKey())
                .withProvider(p1.providerKey(), null).withProviderContext(x1.providerContextKey())
                .withFlags(FilterFlag.HAS_PROVIDER_CONTEXT));
        assertEquals(l1.subLayerKey(), f.subLayerKey());
        assertEquals(p1.providerKey(), f.providerKey());
    }
}
