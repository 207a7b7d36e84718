package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.Decision;
import weir.engine.api.DecisionReason;
import weir.engine.api.EngineSession;
import weir.engine.api.Field;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;
import weir.engine.api.Value;

/**
 * A what-if in a session's view ({@link SessionWhatIf}): inside a transaction it evaluates what that session's
 * reads see — its uncommitted adds and deletes, or for a read-only transaction the filters of its begin —
 * compiled for that one call: no other session, no packet and no counter sees the draft.
 */
class TransactionWhatIfTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    private final LiveEngine live = new LiveEngine();
    private final EngineSession s = live.open("admin");
    private final EngineSession other = live.open("other");

    @AfterEach
    void close() {
        live.close();
    }

    private SessionWhatIf.Result whatIf(EngineSession session, int port) {
        IncomingValues v = live.classifier.newIncomingValues(L).set(Field.IP_LOCAL_PORT, Value.uint16(port));
        return SessionWhatIf.classify(session, L, v, live.classifier.newMetadata());
    }

    private static Decision decision(SessionWhatIf.Result r) {
        return r.whatIf().trace().decision();
    }

    private static Filter port(String name, int port, FilterAction action) {
        return Filter.of(name, L, action).withConditions(
                weir.engine.api.Condition.equal(Field.IP_LOCAL_PORT, Value.uint16(port)));
    }

    @Test
    void outsideATransactionTheCommittedFilters() {
        Filter telnet = s.addFilter(port("no telnet", 23, FilterAction.block()));
        SessionWhatIf.Result r = whatIf(s, 23);
        assertEquals(ActionType.BLOCK, decision(r).action());
        assertEquals(telnet.filterId(), decision(r).filterId());
        assertFalse(r.inTransaction());
        assertFalse(r.whatIf().draft());
        assertEquals(0, r.uncommittedChanges());
    }

    @Test
    void insideATransactionItsUncommittedAddsAndDeletesAreEvaluated() {
        Filter telnet = s.addFilter(port("no telnet", 23, FilterAction.block()));
        s.beginTransaction(false);
        Filter ssh = s.addFilter(port("no ssh", 22, FilterAction.block()));
        s.deleteFilter(telnet.filterKey());
        UUID high = s.addSubLayer(SubLayer.of(null, "high", 0xFFFF)).subLayerKey();
        Filter web = s.addFilter(port("web", 80, FilterAction.permit()).withSubLayer(high));

        SessionWhatIf.Result added = whatIf(s, 22);
        assertTrue(added.inTransaction());
        assertTrue(added.whatIf().draft());
        assertEquals(4, added.uncommittedChanges());
        assertEquals(ActionType.BLOCK, decision(added).action(), "the uncommitted filter decides");
        assertEquals(ssh.filterId(), decision(added).filterId());
        SessionWhatIf.Result deleted = whatIf(s, 23);
        assertEquals(ActionType.PERMIT, decision(deleted).action(), "the uncommitted delete counts");
        assertEquals(DecisionReason.NO_MATCH, decision(deleted).reason());
        SessionWhatIf.Result inNewSubLayer = whatIf(s, 80);
        assertEquals(web.filterId(), decision(inNewSubLayer).filterId(), "a filter in an uncommitted sublayer");
        assertEquals("high", inNewSubLayer.whatIf().trace().subLayers().get(0).name());

        // nobody else sees the draft: another session's what-if, and a packet
        assertEquals(ActionType.PERMIT, decision(whatIf(other, 22)).action());
        assertEquals(telnet.filterId(), decision(whatIf(other, 23)).filterId());
        assertEquals(ActionType.PERMIT, live.new Probe(L, 22).classify());
        assertEquals(ActionType.BLOCK, live.new Probe(L, 23).classify());
        // and no counters were made for the draft's filters
        assertFalse(live.statistics.filters().stream().anyMatch(f -> f.filterId() == ssh.filterId()));

        s.abort();
        SessionWhatIf.Result after = whatIf(s, 22);
        assertFalse(after.inTransaction());
        assertEquals(ActionType.PERMIT, decision(after).action());
    }

    @Test
    void aReadOnlyTransactionSeesTheFiltersOfItsBegin() {
        s.beginTransaction(true);
        other.addFilter(port("no telnet", 23, FilterAction.block()));
        SessionWhatIf.Result r = whatIf(s, 23);
        assertTrue(r.inTransaction());
        assertTrue(r.readOnly());
        assertEquals(ActionType.PERMIT, decision(r).action(), "as its reads: the state of its begin");
        assertEquals(0, s.filters().size());
        s.commit();
        assertEquals(ActionType.BLOCK, decision(whatIf(s, 23)).action());
    }

    @Test
    void aTransactionWithoutChangesUsesThePublishedFilters() {
        s.addFilter(port("no telnet", 23, FilterAction.block()));
        s.beginTransaction(false);
        SessionWhatIf.Result r = whatIf(s, 23);
        assertTrue(r.inTransaction());
        assertFalse(r.whatIf().draft());
        assertEquals(ActionType.BLOCK, decision(r).action());
        s.abort();
    }

    @Test
    void aSessionOfAnotherKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SessionWhatIf.classify(null, L,
                live.classifier.newIncomingValues(L), live.classifier.newMetadata()));
    }
}
