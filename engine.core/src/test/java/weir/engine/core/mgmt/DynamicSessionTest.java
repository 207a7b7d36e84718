package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;
import static weir.engine.core.mgmt.TestEngine.subLayer;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

/** Rule 21 and the dynamic-session rules of FwpmFilterDeleteByKey0. */
class DynamicSessionTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession admin = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void rule21_dynamicSessionCloseDeletesEveryObjectItAdded() {
        EngineSession dyn = t.dynamic("dyn");
        Provider p = dyn.addProvider(Provider.of(null, "dyn provider"));
        ProviderContext c = dyn.addProviderContext(new ProviderContext(null, weir.engine.api.DisplayData.of("ctx"),
                false, p.providerKey(), 8, new byte[] {1}, 0));
        SubLayer sl = dyn.addSubLayer(subLayer("dyn sublayer", 100).withProvider(p.providerKey()));
        CalloutObject co = dyn.addCallout(callout("dyn callout", Layer.INBOUND_TRANSPORT_V4));
        dyn.addFilter(Filter.of("dyn callout filter", Layer.INBOUND_TRANSPORT_V4,
                FilterAction.calloutInspection(co.calloutKey())).withSubLayer(sl.subLayerKey())
                .withProvider(p.providerKey(), null).withFlags(FilterFlag.HAS_PROVIDER_CONTEXT)
                .withProviderContext(c.providerContextKey()));
        Filter staticOne = admin.addFilter(permit("static", Layer.INBOUND_TRANSPORT_V4));
        assertEquals(2, admin.filters().size());

        dyn.close();

        assertEquals(1, admin.filters().size());
        assertTrue(admin.filter(staticOne.filterKey()).isPresent());
        assertTrue(admin.providers().isEmpty());
        assertTrue(admin.providerContexts().isEmpty());
        assertTrue(admin.callouts().isEmpty());
        assertEquals(1, admin.subLayers().size(), "only the built-in sublayer is left");
        assertEquals(Layer.INBOUND_TRANSPORT_V4, t.published.last(Layer.INBOUND_TRANSPORT_V4).layer());
        assertEquals(1, t.published.last(Layer.INBOUND_TRANSPORT_V4).filters().size(),
                "the classifier no longer has the dynamic filter");
    }

    @Test
    void rule21_objectsOfStaticSessionsSurviveTheirSession() {
        EngineSession stat = t.open("static");
        stat.addFilter(permit("stays", Layer.INBOUND_TRANSPORT_V4));
        stat.close();
        assertEquals(1, admin.filters().size());
    }

    @Test
    void rule21_closingWhileAnotherSessionHoldsTheLockStillDeletesOnceItIsFree() throws Exception {
        EngineSession dyn = t.engine.open(new weir.engine.api.SessionOptions("dyn", true, 1));
        dyn.addFilter(permit("dyn", Layer.INBOUND_TRANSPORT_V4));
        admin.beginTransaction(false);
        dyn.close(); // cannot take the lock now: the deletion waits for admin's transaction
        assertEquals(1, admin.filters().size());
        admin.commit();
        for (int i = 0; i < 10_000 && !admin.filters().isEmpty(); i++) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertTrue(admin.filters().isEmpty(), "the dynamic filter is gone once the lock was free");
        assertTrue(t.log.infos.stream().anyMatch(l -> l.contains("session 'dyn' closed while another session")));
    }

    @Test
    void dynamicSessionMayDeleteOnlyItsOwnObjects() {
        Filter staticOne = admin.addFilter(permit("static", Layer.INBOUND_TRANSPORT_V4));
        EngineSession dynA = t.dynamic("a");
        EngineSession dynB = t.dynamic("b");
        Filter ofA = dynA.addFilter(permit("of a", Layer.INBOUND_TRANSPORT_V4));

        WfpException e = assertThrows(WfpException.class, () -> dynB.deleteFilter(ofA.filterKey()));
        assertEquals(ErrorCode.WRONG_SESSION, e.error());
        assertTrue(e.getMessage().contains("filter 'of a'"), e.getMessage());
        e = assertThrows(WfpException.class, () -> dynB.deleteFilter(staticOne.filterKey()));
        assertEquals(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, e.error());

        dynA.deleteFilter(ofA.filterId());
        admin.deleteFilter(staticOne.filterKey());
        assertTrue(admin.filters().isEmpty());
        dynA.close();
        dynB.close();
    }

    @Test
    void nonDynamicSessionMayDeleteDynamicObjects() {
        EngineSession dyn = t.dynamic("dyn");
        Filter f = dyn.addFilter(permit("dyn", Layer.INBOUND_TRANSPORT_V4));
        admin.deleteFilter(f.filterKey());
        assertFalse(dyn.filter(f.filterKey()).isPresent());
        dyn.close();
    }

    @Test
    void dynamicSessionCannotAddPersistentObjects() {
        EngineSession dyn = t.dynamic("dyn");
        WfpException e = assertThrows(WfpException.class, () -> dyn.addFilter(
                permit("p", Layer.INBOUND_TRANSPORT_V4).withFlags(FilterFlag.PERSISTENT)));
        assertEquals(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, e.error());
        assertEquals(ErrorCode.DYNAMIC_SESSION_IN_PROGRESS, assertThrows(WfpException.class,
                () -> dyn.addProvider(Provider.of(UUID.randomUUID(), "p").withPersistent(true))).error());
        dyn.close();
    }

    @Test
    void engineCloseClosesDynamicSessions() {
        EngineSession dyn = t.dynamic("dyn");
        dyn.addFilter(permit("dyn", Layer.INBOUND_TRANSPORT_V4));
        t.engine.close();
        assertEquals(ErrorCode.SESSION_ABORTED, assertThrows(WfpException.class, dyn::filters).error());
        assertEquals(0, t.engine.openSessions());
    }
}
