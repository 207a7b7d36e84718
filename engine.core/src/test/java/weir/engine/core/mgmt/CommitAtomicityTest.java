package weir.engine.core.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static weir.engine.core.mgmt.TestEngine.block;
import static weir.engine.core.mgmt.TestEngine.permit;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import weir.engine.api.ActionType;
import weir.engine.api.EngineSession;
import weir.engine.api.Filter;
import weir.engine.api.FilterFlag;
import weir.engine.api.Layer;
import weir.engine.api.SubLayer;

/**
 * ARCHITECTURE §4: a packet sees a layer as it was before or after a transaction, never a mix. Each
 * transaction adds (then deletes) a hard PERMIT in a high sublayer together with a static BLOCK in a low one:
 * together they permit (a static block cannot veto a hard permit, spec §4), but the BLOCK alone blocks — so a
 * BLOCK verdict means the classifier saw half a transaction.
 */
class CommitAtomicityTest {
    private static final Layer L = Layer.INBOUND_TRANSPORT_V4;

    @Test
    void commitAtomicity_concurrentClassifierNeverSeesHalfATransaction() throws Exception {
        try (LiveEngine live = new LiveEngine()) {
            EngineSession s = live.open("admin");
            SubLayer high = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "high", 0xF000));
            SubLayer low = s.addSubLayer(SubLayer.of(UUID.randomUUID(), "low", 0x1000));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong classified = new AtomicLong();
            AtomicLong blocked = new AtomicLong();
            CountDownLatch running = new CountDownLatch(1);
            Thread packets = new Thread(() -> {
                LiveEngine.Probe probe = live.new Probe(L, 22);
                while (!stop.get()) {
                    if (probe.classify() == ActionType.BLOCK) {
                        blocked.incrementAndGet();
                    }
                    if (classified.incrementAndGet() == 1) {
                        running.countDown();
                    }
                }
            }, "packets");
            packets.start();
            running.await();
            for (int i = 0; i < 300; i++) {
                s.beginTransaction(false);
                Filter hardPermit = s.addFilter(permit("hard permit " + i, L).withSubLayer(high.subLayerKey())
                        .withFlags(FilterFlag.CLEAR_ACTION_RIGHT));
                Filter staticBlock = s.addFilter(block("static block " + i, L).withSubLayer(low.subLayerKey()));
                s.commit();
                s.beginTransaction(false);
                s.deleteFilter(hardPermit.filterKey());
                s.deleteFilter(staticBlock.filterKey());
                s.commit();
            }
            long before = classified.get();
            while (classified.get() == before) {
                Thread.onSpinWait(); // at least one packet after the last commit
            }
            stop.set(true);
            packets.join();
            assertTrue(classified.get() > 1);
            assertEquals(0, blocked.get(), "a packet saw a BLOCK without its transaction's hard PERMIT");
        }
    }

    @Test
    void committedFiltersAreEnforcedAndAbortedOnesNever() {
        try (LiveEngine live = new LiveEngine()) {
            EngineSession s = live.open("admin");
            LiveEngine.Probe probe = live.new Probe(L, 22);
            s.beginTransaction(false);
            s.addFilter(block("pending", L));
            assertEquals(ActionType.PERMIT, probe.classify(), "pending changes are not classified");
            s.abort();
            assertEquals(ActionType.PERMIT, probe.classify());
            Filter f = s.addFilter(block("committed", L));
            assertEquals(ActionType.BLOCK, probe.classify());
            assertEquals(f.filterId(), probe.verdict.filterId());
            s.deleteFilter(f.filterKey());
            assertEquals(ActionType.PERMIT, probe.classify());
        }
    }

    @Test
    void rule21_dynamicSessionFiltersStopBeingEnforcedWhenItCloses() {
        try (LiveEngine live = new LiveEngine()) {
            LiveEngine.Probe probe = live.new Probe(L, 22);
            EngineSession dyn = live.engine.open(weir.engine.api.SessionOptions.dynamic("dyn"));
            dyn.addFilter(block("dyn block", L));
            assertEquals(ActionType.BLOCK, probe.classify());
            dyn.close();
            assertEquals(ActionType.PERMIT, probe.classify());
        }
    }
}
