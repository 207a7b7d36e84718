package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.block;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import weir.engine.api.EngineSession;
import weir.engine.api.ErrorCode;
import weir.engine.api.Filter;
import weir.engine.api.Layer;
import weir.engine.api.Provider;
import weir.engine.api.SessionOptions;
import weir.engine.api.WfpException;

/** Spec §6 and rule 22: one transaction per session, abort, failed calls, read-only, the writer lock. */
class TransactionRulesTest {
    private final TestEngine t = new TestEngine();
    private final EngineSession s = t.open("admin");

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void rule22_secondBeginInOneSessionIsTxnInProgress() {
        s.beginTransaction(false);
        WfpException e = assertThrows(WfpException.class, () -> s.beginTransaction(true));
        assertEquals(ErrorCode.TXN_IN_PROGRESS, e.error());
        assertTrue(s.inTransaction(), "the first transaction stays open");
    }

    @Test
    void rule22_commitOrAbortWithoutTransactionIsNoTxnInProgress() {
        assertEquals(ErrorCode.NO_TXN_IN_PROGRESS, assertThrows(WfpException.class, s::commit).error());
        assertEquals(ErrorCode.NO_TXN_IN_PROGRESS, assertThrows(WfpException.class, s::abort).error());
    }

    @Test
    void rule22_abortDiscardsEveryAddAndDeleteSinceBegin() {
        Filter kept = s.addFilter(permit("kept", Layer.INBOUND_TRANSPORT_V4));
        s.beginTransaction(false);
        s.addFilter(block("added in txn", Layer.INBOUND_TRANSPORT_V4));
        s.addProvider(Provider.of(null, "provider in txn"));
        s.deleteFilter(kept.filterKey());
        assertEquals(1, s.filters().size(), "inside the transaction its own changes show");
        s.abort();

        assertEquals(1, s.filters().size());
        assertEquals(kept, s.filter(kept.filterKey()).orElseThrow(), "the deleted filter is back");
        assertTrue(s.providers().isEmpty());
    }

    @Test
    void rule22_failedCallLeavesTransactionCommittable() {
        s.beginTransaction(false);
        Filter first = s.addFilter(permit("first", Layer.INBOUND_TRANSPORT_V4));
        Filter second = s.addFilter(block("second", Layer.INBOUND_TRANSPORT_V4));
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(
                permit("bad", Layer.INBOUND_TRANSPORT_V4).withSubLayer(UUID.randomUUID())));
        assertEquals(ErrorCode.SUBLAYER_NOT_FOUND, e.error());
        assertTrue(s.inTransaction(), "a failed call does not doom the transaction");
        Filter retried = s.addFilter(permit("bad, retried", Layer.INBOUND_TRANSPORT_V4));
        s.commit();

        try (EngineSession other = t.open("other")) {
            assertEquals(3, other.filters().size());
            assertTrue(other.filter(first.filterKey()).isPresent());
            assertTrue(other.filter(second.filterKey()).isPresent());
            assertTrue(other.filter(retried.filterKey()).isPresent());
        }
    }

    @Test
    void rule22_failedCallChangesNothingOfItsOwn() {
        s.beginTransaction(false);
        Filter f = permit("twice", Layer.INBOUND_TRANSPORT_V4).withKey(UUID.randomUUID());
        s.addFilter(f);
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(WfpException.class, () -> s.addFilter(f)).error());
        s.commit();
        assertEquals(1, s.filters().size());
    }

    @Test
    void rule22_readOnlyTransactionRejectsWritesWithIncompatibleTxn() {
        s.beginTransaction(true);
        WfpException e = assertThrows(WfpException.class, () -> s.addFilter(permit("x", Layer.IPFORWARD_V4)));
        assertEquals(ErrorCode.INCOMPATIBLE_TXN, e.error());
        assertEquals(ErrorCode.INCOMPATIBLE_TXN,
                assertThrows(WfpException.class, () -> s.addProvider(Provider.of(null, "p"))).error());
        s.commit();
        assertTrue(s.filters().isEmpty());
    }

    @Test
    void readOnlyTransactionReadsTheStateOfItsBegin() {
        s.beginTransaction(true);
        try (EngineSession other = t.open("other")) {
            other.addFilter(permit("later", Layer.INBOUND_TRANSPORT_V4));
            assertEquals(1, other.filters().size());
        }
        assertTrue(s.filters().isEmpty(), "a read-only transaction is isolated from later commits");
        s.abort();
        assertEquals(1, s.filters().size());
    }

    @Test
    void pendingChangesAreVisibleOnlyToTheirSession() {
        try (EngineSession other = t.open("other")) {
            s.beginTransaction(false);
            Filter f = s.addFilter(permit("pending", Layer.INBOUND_TRANSPORT_V4));
            assertTrue(s.filter(f.filterKey()).isPresent());
            assertTrue(s.filter(f.filterId()).isPresent());
            assertFalse(other.filter(f.filterKey()).isPresent(), "not committed yet");
            s.commit();
            assertTrue(other.filter(f.filterKey()).isPresent());
        }
    }

    @Test
    void implicitTransactionCommitsEachCallOnItsOwn() {
        Filter f = s.addFilter(permit("implicit", Layer.INBOUND_TRANSPORT_V4));
        assertFalse(s.inTransaction());
        try (EngineSession other = t.open("other")) {
            assertTrue(other.filter(f.filterKey()).isPresent());
        }
    }

    @Test
    void closingSessionAbortsItsOpenTransaction() {
        s.beginTransaction(false);
        s.addFilter(permit("never committed", Layer.INBOUND_TRANSPORT_V4));
        s.close();
        try (EngineSession other = t.open("other")) {
            assertTrue(other.filters().isEmpty());
            other.addFilter(permit("the lock was released", Layer.INBOUND_TRANSPORT_V4));
        }
        assertEquals(ErrorCode.SESSION_ABORTED, assertThrows(WfpException.class, s::filters).error());
    }

    @Test
    void writeTransactionOfAnotherSessionTimesOutWhileTheFirstHoldsTheLock() {
        s.beginTransaction(false);
        try (EngineSession impatient = t.engine.open(new SessionOptions("impatient", false, 1))) {
            WfpException e = assertThrows(WfpException.class, () -> impatient.beginTransaction(false));
            assertEquals(ErrorCode.TIMEOUT, e.error());
            assertEquals(ErrorCode.TIMEOUT, assertThrows(WfpException.class,
                    () -> impatient.addFilter(permit("implicit", Layer.INBOUND_TRANSPORT_V4))).error());
            impatient.filters(); // reads never wait
        }
        s.abort();
    }

    @Test
    void writeTransactionOfAnotherSessionWaitsForTheFirstToFinish() throws Exception {
        s.beginTransaction(false);
        Filter first = s.addFilter(permit("first", Layer.INBOUND_TRANSPORT_V4));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        try (EngineSession second = t.engine.open(new SessionOptions("second", false, Long.MAX_VALUE))) {
            Future<Integer> seen = pool.submit(() -> {
                started.countDown();
                second.beginTransaction(false); // waits for "admin" to commit
                int n = second.filters().size();
                second.commit();
                return n;
            });
            started.await();
            s.commit();
            assertEquals(1, seen.get(), "the second transaction began after the first committed and sees "
                    + first.name());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readOnlyTransactionsDoNotTakeTheWriterLock() {
        s.beginTransaction(false);
        try (EngineSession reader = t.engine.open(new SessionOptions("reader", false, 1))) {
            reader.beginTransaction(true);
            reader.filters();
            reader.commit();
        }
        s.abort();
    }
}
