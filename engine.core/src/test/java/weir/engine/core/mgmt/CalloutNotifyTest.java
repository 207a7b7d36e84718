package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.api.NotifyType.ADD_FILTER;
import static weir.engine.api.NotifyType.ADD_FILTER_POST_COMMIT;
import static weir.engine.api.NotifyType.DELETE_FILTER;
import static weir.engine.core.mgmt.TestEngine.callout;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.CalloutFlag;
import weir.engine.api.CalloutObject;
import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.Layer;
import weir.engine.api.WfpException;
import weir.engine.core.mgmt.TestEngine.NotifyRecorder;

/** Rules 24 and 25: the callout's notify on filter add and delete, and after commit. */
class CalloutNotifyTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");
    private final CalloutObject co = s.addCallout(callout("inspector", L));

    @AfterEach
    void close() {
        t.close();
    }

    private Filter calling(String name) {
        return Filter.of(name, L, FilterAction.calloutTerminating(co.calloutKey()));
    }

    private NotifyRecorder register(CalloutFlag... flags) {
        NotifyRecorder r = new NotifyRecorder(flags);
        t.callouts.register(co.calloutKey(), r, null);
        return r;
    }

    @Test
    void rule24_addNotifyRefusalFailsTheAddWithCalloutNotificationFailed() {
        NotifyRecorder r = register();
        r.accept = false;
        t.published.clear();
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(calling("refused")));
        assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, e.error());
        assertTrue(e.getMessage().contains("filter 'refused'"), e.getMessage());
        assertTrue(s.filters().isEmpty(), "nothing was added");
        assertTrue(t.published.snapshots.isEmpty(), "nothing was published");
        assertEquals(List.of(ADD_FILTER), r.types(), "a refused filter never existed: no DELETE_FILTER follows");
    }

    @Test
    void rule24_addNotifyExceptionCountsAsRefusal() {
        NotifyRecorder r = register();
        r.toThrow = new IllegalStateException("no room");
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(calling("thrown at")));
        assertEquals(ErrorCode.CALLOUT_NOTIFICATION_FAILED, e.error());
        assertTrue(e.getMessage().contains("no room"), e.getMessage());
        assertTrue(s.filters().isEmpty());
    }

    @Test
    void rule24_refusalInsideTransactionLeavesEarlierCallsCommittable() {
        NotifyRecorder r = register();
        s.beginTransaction(false);
        Filter ok = s.addFilter(calling("accepted"));
        r.accept = false;
        assertThrows(WfpException.class, () -> s.addFilter(calling("refused")));
        r.accept = true;
        s.commit();
        assertEquals(List.of(ok), s.filters());
    }

    @Test
    void rule24_addNotifyReceivesTheFilterAsItWillBe() {
        NotifyRecorder r = register();
        Filter f = s.addFilter(calling("seen"));
        NotifyRecorder.Note n = r.notes.get(0);
        assertEquals(ADD_FILTER, n.type());
        assertEquals(f.filterKey(), n.filterKey());
        assertEquals(f, n.filter(), "with its key, sublayer, filterId and effectiveWeight");
    }

    @Test
    void rule24_deleteNotifyRefusalNeverPreventsTheDelete() {
        NotifyRecorder r = register();
        Filter f = s.addFilter(calling("to delete"));
        r.accept = false;
        s.deleteFilter(f.filterKey());
        assertTrue(s.filters().isEmpty());
        NotifyRecorder.Note last = r.notes.get(r.notes.size() - 1);
        assertEquals(DELETE_FILTER, last.type());
        assertNull(last.filterKey(), "WFP passes a NULL filterKey with DELETE_FILTER");
        assertEquals(f, last.filter());
    }

    @Test
    void rule24_deleteNotifyExceptionIsIgnoredAndLogged() {
        NotifyRecorder r = register();
        Filter f = s.addFilter(calling("to delete"));
        r.toThrow = new IllegalStateException("boom");
        s.deleteFilter(f.filterId());
        assertTrue(s.filters().isEmpty());
        assertTrue(t.log.warnings.stream().anyMatch(w -> w.contains("DELETE_FILTER") && w.contains("boom")));
    }

    @Test
    void rule24_filtersAddedBeforeRegistrationGetNoAddButDoGetDelete() {
        Filter f = s.addFilter(calling("early"));
        NotifyRecorder r = register();
        assertTrue(r.notes.isEmpty(), "registering does not replay ADD_FILTER");
        s.deleteFilter(f.filterKey());
        assertEquals(List.of(DELETE_FILTER), r.types(), "deletes may arrive without a matching add");
    }

    @Test
    void rule24_unregisteredCalloutIsNotAskedAndCannotRefuse() {
        Filter f = s.addFilter(calling("nobody asked"));
        assertEquals(f, s.filter(f.filterKey()).orElseThrow());
    }

    @Test
    void rule25_postCommitArrivesOnlyAfterTheTransactionCommits() {
        NotifyRecorder r = register(CalloutFlag.ENABLE_COMMIT_ADD_NOTIFY);
        s.beginTransaction(false);
        Filter f = s.addFilter(calling("committed later"));
        assertEquals(List.of(ADD_FILTER), r.types(), "ADD_FILTER at add time, nothing more yet");
        s.commit();
        assertEquals(List.of(ADD_FILTER, ADD_FILTER_POST_COMMIT), r.types());
        assertEquals(f.filterKey(), r.notes.get(1).filterKey());
    }

    @Test
    void rule25_abortedTransactionGivesNoPostCommitButADelete() {
        NotifyRecorder r = register(CalloutFlag.ENABLE_COMMIT_ADD_NOTIFY);
        s.beginTransaction(false);
        s.addFilter(calling("aborted"));
        s.abort();
        assertEquals(List.of(ADD_FILTER, DELETE_FILTER), r.types());
    }

    @Test
    void rule25_noPostCommitWithoutTheFlag() {
        NotifyRecorder r = register();
        s.addFilter(calling("plain"));
        assertEquals(List.of(ADD_FILTER), r.types());
    }

    @Test
    void rule25_filterAddedAndDeletedInOneTransactionGetsNoPostCommit() {
        NotifyRecorder r = register(CalloutFlag.ENABLE_COMMIT_ADD_NOTIFY);
        s.beginTransaction(false);
        Filter f = s.addFilter(calling("short-lived"));
        s.deleteFilter(f.filterKey());
        s.commit();
        assertEquals(List.of(ADD_FILTER, DELETE_FILTER), r.types());
    }

    @Test
    void calloutObjectShowsRegistrationAndKeepsItsId() {
        CalloutObject before = s.callout(co.calloutKey()).orElseThrow();
        assertFalse(before.registered());
        int id = t.callouts.register(co.calloutKey(), new NotifyRecorder(), null);
        CalloutObject after = s.callout(co.calloutKey()).orElseThrow();
        assertTrue(after.registered());
        assertEquals(id, after.calloutId());
        assertEquals(id, before.calloutId(), "the id a key gets is the same before and after registration");
        assertEquals(id, co.calloutId());
    }

    @Test
    void permitFilterIsNeverNotified() {
        NotifyRecorder r = register();
        s.addFilter(permit("no callout", L));
        assertTrue(r.notes.isEmpty());
    }
}
