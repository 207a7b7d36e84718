package weir.engine.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import weir.engine.api.ActionType;
import weir.engine.api.DecisionReason;
import weir.engine.api.Filter;
import weir.engine.api.FilterAction;
import weir.engine.api.IncomingValues;
import weir.engine.api.Layer;
import weir.engine.api.Metadata;
import weir.engine.api.Verdict;

/**
 * Issue 4's hot swap under load: while another thread classifies as fast as it can, a callout bundle is
 * installed, updated to a second version and uninstalled. Every packet must get the old callout's verdict,
 * the new one's, or the unregistered rule's; nothing throws; no callout is called before its bundle started
 * or after it stopped; and every flow context a callout associated gets exactly one flowDelete.
 */
@ExtendWith(BundleContextExtension.class)
class HotSwapIT {
    private static final Layer LAYER = Layer.INBOUND_TRANSPORT_V4;
    private static final int V1 = 0;
    private static final int V2 = 1;
    private static final int UNREGISTERED = 2;
    private static final int OTHER = 3;
    private static final int FLOWS = 64;
    private static final int UPDATES = 6;

    @InjectBundleContext
    BundleContext context;

    private Rig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new Rig(context);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** Classifies in a loop on its own flows, counting outcomes; closes and reopens flows as it goes. */
    private final class Load implements Runnable {
        final AtomicLongArray counts = new AtomicLongArray(4);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Map<String, Long> others = new HashMap<>();
        final long filterId;
        volatile boolean stop;

        Load(long filterId) {
            this.filterId = filterId;
        }

        @Override
        public void run() {
            IncomingValues values = rig.classifier.newIncomingValues(LAYER);
            Metadata md = rig.classifier.newMetadata();
            Verdict out = rig.classifier.newVerdict();
            long[] flows = new long[FLOWS];
            try {
                for (int i = 0; i < FLOWS; i++) {
                    flows[i] = rig.flows.openFlow();
                }
                for (long n = 0; !stop; n++) {
                    int slot = (int) (n % FLOWS);
                    if (n % 997 == 0) {
                        // flows end while callouts come and go: flowDelete races the release
                        rig.flows.closeFlow(flows[slot]);
                        flows[slot] = rig.flows.openFlow();
                    }
                    md.setFlowHandle(flows[slot]);
                    rig.classifier.classify(LAYER, values, md, null, out);
                    counts.incrementAndGet(outcome(out));
                }
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                for (long f : flows) {
                    if (f != 0) {
                        rig.flows.closeFlow(f);
                    }
                }
            }
        }

        private int outcome(Verdict v) {
            if (v.filterId() == filterId) {
                if (v.reason() == DecisionReason.CALLOUT) {
                    if (v.action() == ActionType.BLOCK) {
                        return V1;
                    }
                    return V2;
                }
                if (v.reason() == DecisionReason.CALLOUT_UNREGISTERED && v.action() == ActionType.BLOCK && v.hard()) {
                    return UNREGISTERED;
                }
            }
            synchronized (others) {
                others.merge(v.toDecision().toString(), 1L, Long::sum);
            }
            return OTHER;
        }

        void awaitMore(int which, long atLeast, String what) throws InterruptedException {
            Rig.poll(() -> what + " (counts v1/v2/unregistered/other " + counts + ", thrown " + thrown.get() + ")",
                    () -> counts.get(which) >= atLeast || thrown.get() != null);
            assertNull(thrown.get());
        }
    }

    @Test
    void installUpdateUninstallUnderLoad() throws Exception {
        UUID key = UUID.randomUUID();
        rig.object(key, LAYER);
        Filter filter = rig.filter("hot swap", LAYER, FilterAction.calloutTerminating(key));

        Load load = new Load(filter.filterId());
        Thread t = new Thread(load, "hot swap load");
        t.start();
        try {
            load.awaitMore(UNREGISTERED, 10_000, "packets before any callout");
            Bundle b = rig.start(version(key, 1));
            load.awaitMore(V1, 10_000, "packets through version 1.0.0");
            // odd versions answer BLOCK, even ones PERMIT: each update swaps the verdict under load
            for (int v = 2; v <= UPDATES + 1; v++) {
                int which = v % 2 == 1 ? V1 : V2;
                long before = load.counts.get(which);
                version(key, v).update(b);
                load.awaitMore(which, before + 10_000, "packets through version " + v + ".0.0");
            }
            long unregisteredBefore = load.counts.get(UNREGISTERED);
            b.uninstall();
            load.awaitMore(UNREGISTERED, unregisteredBefore + 10_000, "packets after uninstall");
        } finally {
            load.stop = true;
            t.join(Rig.WAIT_MS);
        }

        assertNull(load.thrown.get(), "the classifying thread threw");
        assertEquals(0, load.counts.get(OTHER), "verdicts other than v1, v2 or the unregistered rule: "
                + load.others);
        assertEquals(List.of(), rig.sink.with("unstarted-classify"),
                "a callout was called before its bundle started or after it stopped");
        assertEquals(List.of(), rig.sink.with("associate-failed"));
        for (int v = 1; v <= UPDATES + 1; v++) {
            String version = v + ".0.0";
            List<String> associated = contexts(rig.sink.with("/" + version + " associate "));
            List<String> deleted = contexts(rig.sink.with("/" + version + " flowDelete "));
            assertTrue(associated.size() >= FLOWS / 2, version + " associated only " + associated.size());
            associated.sort(null);
            deleted.sort(null);
            assertEquals(associated, deleted, version + ": flowDelete exactly once per association");
        }
        System.out.println("hot swap: " + load.counts + " (v1, v2, unregistered, other), "
                + rig.sink.count(" associate ") + " flow contexts");
    }

    /** Version {@code v}.0.0 of one callout bundle: BLOCK when v is odd, PERMIT when even. */
    private static CalloutBundle version(UUID key, int v) {
        return CalloutBundle.of("weir.itest.hotswap", key).version(v + ".0.0").verdict(v % 2 == 1 ? "BLOCK" : "PERMIT")
                .associating();
    }

    private static List<String> contexts(List<String> events) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            out.add(e.substring(e.lastIndexOf(' ') + 1));
        }
        return out;
    }
}
