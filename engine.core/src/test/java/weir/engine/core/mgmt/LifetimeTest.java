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
import weir.engine.api.DisplayData;
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

/**
 * Spec §1.1, object-management "Object Associations": references only to objects that live at least as long
 * (LIFETIME_MISMATCH).
 */
class LifetimeTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession admin = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    private static void mismatch(Executable call, String... inMessage) {
        WfpException e = assertThrows(WfpException.class, call);
        assertEquals(ErrorCode.LIFETIME_MISMATCH, e.error(), e.getMessage());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), e.getMessage() + " lacks " + s);
        }
    }

    @Test
    void lifetime_dynamicObjectMayNotReferenceDynamicObjectOfAnotherSession() {
        EngineSession a = t.dynamic("a");
        EngineSession b = t.dynamic("b");
        SubLayer ofA = a.addSubLayer(subLayer("of a", 10));
        mismatch(() -> b.addFilter(permit("of b", Layer.INBOUND_TRANSPORT_V4).withSubLayer(ofA.subLayerKey())),
                "filter 'of b'", "subLayerKey", "sublayer 'of a'", "another session");
        a.addFilter(permit("of a too", Layer.INBOUND_TRANSPORT_V4).withSubLayer(ofA.subLayerKey()));
        a.close();
        b.close();
    }

    @Test
    void lifetime_dynamicObjectMayReferenceStaticAndPersistentObjects() {
        SubLayer stat = admin.addSubLayer(subLayer("static", 10));
        SubLayer pers = admin.addSubLayer(subLayer("persistent", 11).withPersistent(true));
        EngineSession dyn = t.dynamic("dyn");
        dyn.addFilter(permit("on static", Layer.INBOUND_TRANSPORT_V4).withSubLayer(stat.subLayerKey()));
        dyn.addFilter(permit("on persistent", Layer.INBOUND_TRANSPORT_V4).withSubLayer(pers.subLayerKey()));
        dyn.close();
    }

    @Test
    void lifetime_staticObjectMayNotReferenceDynamicObject() {
        EngineSession dyn = t.dynamic("dyn");
        Provider p = dyn.addProvider(Provider.of(null, "dyn provider"));
        CalloutObject c = dyn.addCallout(callout("dyn callout", Layer.INBOUND_TRANSPORT_V4));
        SubLayer sl = dyn.addSubLayer(subLayer("dyn sublayer", 5));
        mismatch(() -> admin.addSubLayer(subLayer("static", 1).withProvider(p.providerKey())), "sublayer 'static'",
                "providerKey", "provider 'dyn provider'", "dynamic", "static");
        mismatch(() -> admin.addFilter(Filter.of("static", Layer.INBOUND_TRANSPORT_V4,
                FilterAction.calloutTerminating(c.calloutKey()))), "action.calloutKey");
        mismatch(() -> admin.addFilter(permit("static", Layer.INBOUND_TRANSPORT_V4).withSubLayer(sl.subLayerKey())),
                "subLayerKey");
        dyn.close();
    }

    @Test
    void lifetime_persistentObjectMayNotReferenceStaticOrDynamicObject() {
        SubLayer stat = admin.addSubLayer(subLayer("static", 10));
        Provider statProvider = admin.addProvider(Provider.of(null, "static provider"));
        mismatch(() -> admin.addFilter(permit("p", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withSubLayer(stat.subLayerKey())), "filter 'p'", "static", "persistent");
        mismatch(() -> admin.addFilter(permit("p", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withProvider(statProvider.providerKey(), null)), "providerKey");
        ProviderContext ctx = admin.addProviderContext(ProviderContext.of(null, "static ctx", new byte[0]));
        mismatch(() -> admin.addFilter(permit("p", Layer.INBOUND_TRANSPORT_V4)
                .withFlags(FilterFlag.PERSISTENT, FilterFlag.HAS_PROVIDER_CONTEXT)
                .withProviderContext(ctx.providerContextKey())), "providerContextKey");
    }

    @Test
    void lifetime_persistentObjectMayNotReferencePersistentObjectOfAnotherProvider() {
        Provider mine = admin.addProvider(Provider.of(null, "mine").withPersistent(true));
        Provider theirs = admin.addProvider(Provider.of(null, "theirs").withPersistent(true));
        SubLayer theirSubLayer = admin.addSubLayer(new SubLayer(null, DisplayData.of("their sublayer"), true,
                theirs.providerKey(), null, 20));
        mismatch(() -> admin.addFilter(permit("mine", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withProvider(mine.providerKey(), null).withSubLayer(theirSubLayer.subLayerKey())),
                "owned by provider " + theirs.providerKey());
        mismatch(() -> admin.addFilter(permit("unowned", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withSubLayer(theirSubLayer.subLayerKey())), "without a provider");
        Filter ok = admin.addFilter(permit("theirs", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withProvider(theirs.providerKey(), null).withSubLayer(theirSubLayer.subLayerKey()));
        assertEquals(theirSubLayer.subLayerKey(), ok.subLayerKey());
        SubLayer unowned = admin.addSubLayer(new SubLayer(null, DisplayData.of("unowned"), true, null, null, 21));
        admin.addFilter(permit("mine on unowned", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withProvider(mine.providerKey(), null).withSubLayer(unowned.subLayerKey()));
    }

    @Test
    void lifetime_everythingMayReferenceBuiltInObjects() {
        admin.addFilter(permit("persistent on universal", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)
                .withSubLayer(Layer.SUBLAYER_UNIVERSAL));
        EngineSession dyn = t.dynamic("dyn");
        dyn.addFilter(permit("dynamic on universal", Layer.INBOUND_TRANSPORT_V4));
        dyn.close();
    }

    @Test
    void lifetime_staticObjectMayReferencePersistentObject() {
        Provider p = admin.addProvider(Provider.of(UUID.randomUUID(), "persistent").withPersistent(true));
        admin.addSubLayer(subLayer("static", 1).withProvider(p.providerKey()));
    }
}
